import Testing

// How worksheet values display (docs/files.md: "A cell counts as it displays"): serial dates
// of both date systems, numbers in Excel's General format, which number formats show dates, cell
// references, Excel's `_xHHHH_` escapes, number cells in decimal only; and the XML tokenizer's
// refusals (entities, character references, malformed nesting); and the writer's escapes.
@testable import IPRegistry
@testable import RegistryOutput
@testable import TabularFiles

@Suite struct WorkbookValueTests {
    @Test func serialDatesOfThe1900SystemKeepLotusLeapDay() {
        #expect(WorksheetReader.date(serial: 1, uses1904: false) == "1900-01-01")
        #expect(WorksheetReader.date(serial: 59, uses1904: false) == "1900-02-28")
        #expect(WorksheetReader.date(serial: 60, uses1904: false) == "1900-02-29")
        #expect(WorksheetReader.date(serial: 61, uses1904: false) == "1900-03-01")
        #expect(WorksheetReader.date(serial: 44_197, uses1904: false) == "2021-01-01")
        #expect(WorksheetReader.date(serial: 44_301.75, uses1904: false) == "2021-04-15")
    }

    @Test func serialDatesOfThe1904SystemCountFrom1904() {
        #expect(WorksheetReader.date(serial: 0, uses1904: true) == "1904-01-01")
        #expect(WorksheetReader.date(serial: 42_735, uses1904: true) == "2021-01-01")
        #expect(WorksheetReader.date(serial: -1, uses1904: true) == nil)
    }

    @Test func numbersShowAsGeneralFormatDoes() {
        #expect(WorksheetReader.display(110_000) == "110000")
        #expect(WorksheetReader.display(-3) == "-3")
        #expect(WorksheetReader.display(0.1 + 0.2) == "0.3")
        #expect(WorksheetReader.display(38.0428) == "38.0428")
        #expect(WorksheetReader.display(114.12345600000001) == "114.123456")
    }

    @Test func dateFormatsAreRecognised() {
        #expect(
            Workbook.isBuiltInDateFormat(14) && Workbook.isBuiltInDateFormat(22) && Workbook.isBuiltInDateFormat(31))
        #expect(
            !Workbook.isBuiltInDateFormat(0) && !Workbook.isBuiltInDateFormat(49) && !Workbook.isBuiltInDateFormat(32))
        #expect(Workbook.isDateFormat("yyyy-mm-dd"))
        #expect(Workbook.isDateFormat("yyyy\"年\"m\"月\"d\"日\""))
        #expect(Workbook.isDateFormat("[$-804]mmm d"))
        #expect(!Workbook.isDateFormat("h:mm"))
        #expect(!Workbook.isDateFormat("0.00\"d\""))
        #expect(!Workbook.isDateFormat("#,##0"))
    }

    @Test func cellReferencesStopAtXFD1048576() {
        func reference(_ text: String) -> [Int]? {
            Array(text.utf8).withUnsafeBufferPointer { WorksheetReader.reference($0) }.map { [$0.column, $0.row] }
        }
        #expect(reference("A1") == [1, 1])
        #expect(reference("$AB$12") == [28, 12])
        #expect(reference("XFD1048576") == [16_384, 1_048_576])
        #expect(reference("XFE1") == nil)
        #expect(reference("A1048577") == nil)
        #expect(reference("A0") == nil)
        #expect(WorksheetReader.columnName(16_384) == "XFD")
        #expect(WorksheetReader.columnName(27) == "AA")
    }

    private func tokens(_ xml: String) throws(WorkbookError) -> [String] {
        let tokenizer = XMLTokenizer(part: "test.xml", bytes: Array(xml.utf8))
        var texts: [String] = []
        while true {
            switch try tokenizer.next() {
            case .endOfDocument: return texts
            case .text: texts.append(String(decoding: try tokenizer.text(), as: UTF8.self))
            case .start, .end: continue
            }
        }
    }

    @Test func predefinedEntitiesAndCharacterReferencesAreDecoded() throws {
        #expect(try tokens("<r><t>a&lt;b&amp;c&#x4E2D;&#22269;</t><t><![CDATA[<&>]]></t></r>") == ["a<b&c中国", "<&>"])
    }

    @Test func aDoctypeOrAnUndeclaredEntityIsRefused() {
        #expect(throws: WorkbookError.self) { try tokens("<!DOCTYPE x [<!ENTITY a \"b\">]><t>&a;</t>") }
        #expect(throws: WorkbookError.self) { try tokens("<t>&a;</t>") }
    }

    private func decoded(_ text: String) -> String {
        var bytes = Array("prefix".utf8) + Array(text.utf8)
        Workbook.decodeEscapes(&bytes, from: 6)
        return String(decoding: bytes, as: UTF8.self)
    }

    @Test func excelEscapesAreDecodedAsExcelDecodesThem() {
        #expect(decoded("测试_x000D_中心") == "prefix测试\r中心")
        #expect(decoded("a_x0009_b_x000a_c") == "prefixa\tb\nc")
        #expect(decoded("_x4E2D__x56FD_") == "prefix中国")
        // An escaped escape is the text of the escape; it is not decoded again.
        #expect(decoded("测试_x005F_x000D_中心") == "prefix测试_x000D_中心")
        #expect(decoded("_x005F_") == "prefix_")
        // A surrogate pair is one character; a lone surrogate and anything not quite an escape stay.
        #expect(decoded("_xD83D__xDE00_") == "prefix😀")
        #expect(decoded("_xD83D_x") == "prefix_xD83D_x")
        #expect(decoded("_x00G0_ _x12_ _X000D_ x000D_ _x000D") == "prefix_x00G0_ _x12_ _X000D_ x000D_ _x000D")
        // Bytes before `from` are not the cell's.
        var bytes = Array("_x0041_".utf8)
        Workbook.decodeEscapes(&bytes, from: 1)
        #expect(bytes == Array("_x0041_".utf8))
    }

    @Test func aNumberCellIsDecimalOnly() {
        for text in ["130100", "-3", "+4", "0.5", ".5", "5.", "1.301E5", "1e-3", "38.0428"] {
            #expect(WorksheetReader.isDecimalNumber(Array(text.utf8)), "\(text)")
        }
        for text in ["0x1FC34", "0X1F", "inf", "-inf", "nan", "infinity", "1e", "e5", ".", "", "1 2", "1,000", "0x1p3"]
        {
            #expect(!WorksheetReader.isDecimalNumber(Array(text.utf8)), "\(text)")
        }
    }

    private func refusal(_ xml: String) -> String? {
        do throws(WorkbookError) {
            _ = try tokens(xml)
            return nil
        } catch {
            return error.message
        }
    }

    @Test func aHugeCharacterReferenceIsNamedAsAnInvalidReference() {
        let message = refusal("<t>&#99999999999999999999;</t>")
        #expect(message?.contains("invalid character reference &#99999999999999999999;") == true, "\(message ?? "")")
        #expect(refusal("<t>&#x110000;</t>")?.contains("invalid character reference &#x110000;") == true)
        #expect(
            refusal("<t>&#\(String(repeating: "9", count: 100));</t>")?.contains("invalid character reference") == true)
        #expect(refusal("<t>a & b</t>")?.contains("a bare '&'") == true)
    }

    @Test func malformedNestingIsRefused() {
        #expect(refusal("<a><b></a>")?.contains("closes <b> with </a>") == true)
        #expect(refusal("<a></a></b>")?.contains("an end tag that closes no element") == true)
        #expect(refusal("<a><b>")?.contains("ends with 2 elements left open") == true)
        #expect(refusal("<a/><b/>")?.contains("an element after its root element") == true)
        #expect(refusal("<x:a><x:b/></x:a>") == nil)
        #expect(refusal("<?xml version=\"1.0\"?>\n<a>\n<b/></a>\n") == nil)
    }

    @Test func elementsNestedPastTheDepthLimitAreRefusedWithoutRecursion() {
        // 300,000 open elements: refused at the limit, the stack never past 256 names.
        let message = refusal("<worksheet>" + String(repeating: "<x>", count: 300_000))
        #expect(message?.contains("nests elements more than \(XMLTokenizer.maxDepth) deep") == true)
        let deep = String(repeating: "<x>", count: 255) + String(repeating: "</x>", count: 255)
        #expect(refusal("<r>" + deep + "</r>") == nil)
        // Long names count against a fixed buffer too: 200 open elements of 100-byte names.
        let long = String(repeating: "n", count: 100)
        #expect(refusal(String(repeating: "<\(long)>", count: 200))?.contains("whose names pass 16 KiB") == true)
    }

    @Test func theWriterEscapesWhatXMLCannotHoldAsExcelDoes() {
        #expect(WorkbookWriter.escaped("plain 中文 text") == "plain 中文 text")
        #expect(WorkbookWriter.escaped("a\r\nb\tc") == "a_x000D_\nb\tc")
        #expect(WorkbookWriter.escaped("\u{1}\u{1F}\u{FFFE}") == "_x0001__x001F__xFFFE_")
        #expect(WorkbookWriter.escaped("<&>\"") == "&lt;&amp;&gt;&quot;")
        #expect(WorkbookWriter.escaped("名称_x000D_") == "名称_x005F_x000D_")
        #expect(WorkbookWriter.escaped("snake_case_x") == "snake_case_x")
        // What the writer escapes, the reader decodes back.
        for text in ["a\r\nb", "\u{1}x\u{FFFF}", "_x000D_", "_x005F_x000D_", "x_y_z", "__x0041__"] {
            var bytes = Array(WorkbookWriter.escaped(text).utf8)
            Workbook.decodeEscapes(&bytes, from: 0)
            #expect(String(decoding: bytes, as: UTF8.self) == text, "\(text.debugDescription)")
        }
    }

    @Test func columnWidthsCountWideCharactersTwice() {
        #expect(WorkbookWriter.width(of: "abc") == 3)
        #expect(WorkbookWriter.width(of: "知识产权") == 8)
        #expect(WorkbookWriter.width(of: "long line\nx") == 9)
        #expect(WorkbookWriter.width(of: String(repeating: "x", count: 500)) == WorkbookWriter.maximumWidth)
    }
}
