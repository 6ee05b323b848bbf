import Testing

// How worksheet values display (SPEC.md section 3: "A cell counts as it displays"): serial dates
// of both date systems, numbers in Excel's General format, which number formats show dates, cell
// references; and the XML tokenizer's refusals.
@testable import IPRegistry

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
        #expect(try tokens("<t>a&lt;b&amp;c&#x4E2D;&#22269;</t><t><![CDATA[<&>]]></t>") == ["a<b&c中国", "<&>"])
    }

    @Test func aDoctypeOrAnUndeclaredEntityIsRefused() {
        #expect(throws: WorkbookError.self) { try tokens("<!DOCTYPE x [<!ENTITY a \"b\">]><t>&a;</t>") }
        #expect(throws: WorkbookError.self) { try tokens("<t>&a;</t>") }
    }
}
