// CSVReader over GB18030 and UTF-16 input (TranscodingInput) and TSV: the decoder against
// Python's gb18030 codec, refusals at the first bad byte with their line and column, a UTF-16
// byte-order mark recognised, the tab delimiter chosen by the header, and TSV written back.
import Foundation
import IPRegistry
import TabularFiles
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite struct TextEncodingTests {
    static let fixtures = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // Tests/IPRegistryTests
        .deletingLastPathComponent()  // Tests
        .appendingPathComponent("Fixtures/encodings")

    private static func records(_ reader: CSVReader) throws -> [[String]] {
        var result: [[String]] = []
        while try reader.readRecord() { result.append(reader.record()) }
        return result
    }

    private static func firstError(_ reader: CSVReader) -> CSVError? {
        do {
            while try reader.readRecord() {}
            return nil
        } catch {
            return error
        }
    }

    /// A reader streaming `bytes` from a temporary file through a buffer of `bufferSize` bytes.
    private static func withFileReader<R>(
        _ bytes: [UInt8], bufferSize: Int, encoding: TextEncoding?,
        delimiter: CSVReader.Delimiter = .comma, _ body: (CSVReader) throws -> R
    ) throws -> R {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("encoding-\(UUID().uuidString).csv")
        try Data(bytes).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let fd = open(url.path, O_RDONLY)
        #expect(fd >= 0)
        return try body(
            CSVReader(
                fileDescriptor: fd, closeWhenDone: true, bufferSize: bufferSize, encoding: encoding,
                delimiter: delimiter))
    }

    // MARK: GB18030 against Python

    /// Every two-byte code and a sample of four-byte ones (Scripts/gen-encoding-fixtures.py), as
    /// one field: the decoded bytes must be Python's, whatever the buffer size.
    @Test(arguments: [256 * 1024, 7, 1])
    func gb18030DecodesAsPythonsCodecDoes(bufferSize: Int) throws {
        let encoded = try [UInt8](Data(contentsOf: Self.fixtures.appendingPathComponent("gb18030-reference.gb")))
        let expected = try [UInt8](Data(contentsOf: Self.fixtures.appendingPathComponent("gb18030-reference.utf8")))
        #expect(encoded.count > 23940 * 2, "the fixture holds every two-byte code")
        try Self.withFileReader(encoded, bufferSize: bufferSize, encoding: .gb18030) { (reader: CSVReader) throws in
            #expect(try reader.readRecord())
            #expect(reader.fieldCount == 1)
            let decoded = reader.withFieldBytes(at: 0) { Array($0) }
            #expect(decoded.count == expected.count)
            if let index = zip(decoded, expected).enumerated().first(where: { $0.element.0 != $0.element.1 })?.offset {
                Issue.record("first difference at UTF-8 byte \(index)")
            }
            #expect(try !reader.readRecord())
        }
    }

    @Test func gb18030FromMemoryDecodesChineseAndFourByteCodes() throws {
        // 中文 (two-byte), U+0080 (the first four-byte BMP code), U+10000 (the first supplementary one).
        let bytes: [UInt8] = [0xD6, 0xD0, 0xCE, 0xC4, 0x2C, 0x81, 0x30, 0x81, 0x30, 0x2C, 0x90, 0x30, 0x81, 0x30, 0x0A]
        #expect(try Self.records(CSVReader(bytes: bytes, encoding: .gb18030)) == [["中文", "\u{80}", "\u{10000}"]])
    }

    /// Sequences Python's codec refuses (Scripts/gen-encoding-fixtures.py checks each), after a
    /// good line and some Chinese text: the error is at the bad sequence's line and column.
    static let invalidGB18030: [(bytes: [UInt8], shown: String)] = [
        ([0x80], "0x80"), ([0xFF], "0xFF"), ([0x81, 0x20], "0x81 0x20"), ([0x81, 0x7F], "0x81 0x7F"),
        ([0x84, 0x31, 0xA5, 0x30], "0x84 0x31 0xA5 0x30"), ([0xE3, 0x32, 0x9A, 0x36], "0xE3 0x32 0x9A 0x36"),
        ([0x85, 0x30, 0x81, 0x30], "0x85 0x30 0x81 0x30"), ([0x81, 0x30, 0x20, 0x30], "0x81 0x30 0x20"),
    ]

    @Test(arguments: invalidGB18030.indices)
    func invalidGB18030IsRefusedAtItsLineAndColumn(_ index: Int) throws {
        let (bad, shown) = Self.invalidGB18030[index]
        let bytes: [UInt8] =
            Array("a,b\n".utf8) + [0xD6, 0xD0, 0xCE, 0xC4] + Array(",x".utf8) + bad + Array("y\n".utf8)
        let expected = CSVError(.invalidEncoding("GB18030", bytes: shown, truncated: false), line: 2, column: 5)
        #expect(Self.firstError(CSVReader(bytes: bytes, encoding: .gb18030)) == expected)
        for bufferSize in [1, 3, 64] {
            #expect(
                try Self.withFileReader(bytes, bufferSize: bufferSize, encoding: .gb18030, Self.firstError) == expected,
                "bufferSize \(bufferSize)")
        }
    }

    @Test func gb18030EndingInsideACharacterIsRefused() throws {
        let bytes: [UInt8] = Array("a\n".utf8) + [0xD6, 0xD0, 0x81, 0x30]
        #expect(
            Self.firstError(CSVReader(bytes: bytes, encoding: .gb18030))
                == CSVError(.invalidEncoding("GB18030", bytes: "0x81 0x30", truncated: true), line: 2, column: 2))
    }

    // MARK: UTF-16

    private static func utf16(_ text: String, bigEndian: Bool, mark: Bool = true) -> [UInt8] {
        var bytes: [UInt8] = mark ? (bigEndian ? [0xFE, 0xFF] : [0xFF, 0xFE]) : []
        for unit in text.utf16 {
            let high = UInt8(unit >> 8)
            let low = UInt8(unit & 0xFF)
            bytes += bigEndian ? [high, low] : [low, high]
        }
        return bytes
    }

    @Test(arguments: [false, true])
    func aUTF16ByteOrderMarkIsRecognisedWithoutAnEncoding(bigEndian: Bool) throws {
        let bytes = Self.utf16("code,name\r\nPC-1,\"中心, 𠀀\"\r\n", bigEndian: bigEndian)
        let expected = [["code", "name"], ["PC-1", "中心, 𠀀"]]
        #expect(try Self.records(CSVReader(bytes: bytes)) == expected)
        for bufferSize in [1, 2, 5, 4096] {
            #expect(
                try Self.withFileReader(bytes, bufferSize: bufferSize, encoding: nil, Self.records) == expected,
                "bufferSize \(bufferSize)")
        }
    }

    @Test func utf16WithoutAMarkIsLittleEndian() throws {
        let bytes = Self.utf16("a,b\n1,2\n", bigEndian: false, mark: false)
        #expect(try Self.records(CSVReader(bytes: bytes, encoding: .utf16)) == [["a", "b"], ["1", "2"]])
    }

    @Test func aNamedEncodingTurnsOffUTF16Detection() throws {
        let bytes = Self.utf16("a\n", bigEndian: false)
        #expect(Self.firstError(CSVReader(bytes: bytes, encoding: .utf8)) == CSVError(.invalidUTF8, line: 1, column: 1))
    }

    @Test func anUnpairedSurrogateIsRefusedAtItsPosition() throws {
        let bytes =
            Self.utf16("a,b\n1,x", bigEndian: false) + [0x00, 0xDC] + Self.utf16("\n", bigEndian: false, mark: false)
        #expect(
            Self.firstError(CSVReader(bytes: bytes))
                == CSVError(.invalidEncoding("UTF-16", bytes: "0x00 0xDC", truncated: false), line: 2, column: 4))
    }

    @Test func anOddByteAtTheEndOfUTF16IsRefused() throws {
        let bytes = Self.utf16("a\n1", bigEndian: false) + [0x32]
        #expect(
            Self.firstError(CSVReader(bytes: bytes))
                == CSVError(.invalidEncoding("UTF-16", bytes: "0x32", truncated: true), line: 2, column: 2))
    }

    // MARK: TSV

    @Test func aHeaderWithTabsAndNoCommaMakesTSV() throws {
        let input = "code\tname\nPC-1\t\"a\tb, c\"\nPC-2\tx,y\n"
        #expect(
            CSVReader(string: input).delimiter == UInt8(ascii: ","), "comma is the default: no detection unless asked")
        let detecting = CSVReader(bytes: Array(input.utf8), delimiter: .detect)
        #expect(try Self.records(detecting) == [["code", "name"], ["PC-1", "a\tb, c"], ["PC-2", "x,y"]])
        #expect(detecting.delimiter == UInt8(ascii: "\t"))
    }

    @Test func aHeaderWithACommaStaysCSVWhenDetecting() throws {
        let reader = CSVReader(bytes: Array("code,\"na\tme\"\n1,2\n".utf8), delimiter: .detect)
        #expect(try Self.records(reader) == [["code", "na\tme"], ["1", "2"]])
    }

    @Test func detectionReadsAHeaderLongerThanTheBuffer() throws {
        let header = (0..<40).map { "column\($0)" }.joined(separator: "\t")
        let bytes = Array((header + "\n" + (0..<40).map(String.init).joined(separator: "\t") + "\n").utf8)
        let rows = try Self.withFileReader(bytes, bufferSize: 16, encoding: nil, delimiter: .detect, Self.records)
        #expect(rows.count == 2 && rows[0].count == 40 && rows[1].last == "39")
    }

    @Test func tsvFieldsAreQuotedOnlyWhenTheyHoldATabQuoteOrLineBreak() throws {
        var buffer: [UInt8] = []
        CSVEncoding.appendRow(["a,b", "c\td", "e\"f", "g\nh", nil], delimiter: CSVEncoding.tab, to: &buffer)
        #expect(String(decoding: buffer, as: UTF8.self) == "a,b\t\"c\td\"\t\"e\"\"f\"\t\"g\nh\"\t\n")
        #expect(try Self.records(CSVReader(bytes: buffer, delimiter: .tab)) == [["a,b", "c\td", "e\"f", "g\nh", ""]])
    }
}
