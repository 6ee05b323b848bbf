// CSVReader and CSVEncoding: RFC 4180 parsing, line numbering, limits, errors with their
// positions, and writing fields that read back unchanged.
import Foundation
import IPRegistry
import TabularFiles
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite struct CSVReaderTests {
    // MARK: Helpers

    /// All records of `input`, read from memory.
    private static func records(_ input: String) throws -> [[String]] {
        try records(CSVReader(string: input))
    }

    private static func records(_ input: [UInt8]) throws -> [[String]] {
        try records(CSVReader(bytes: input))
    }

    private static func records(_ reader: CSVReader) throws -> [[String]] {
        var result: [[String]] = []
        while try reader.readRecord() { result.append(reader.record()) }
        return result
    }

    /// Writes `bytes` to a temporary file and runs `body` with a reader streaming it through a
    /// buffer of `bufferSize` bytes; the file is removed afterwards.
    private static func withFileReader<R>(
        _ bytes: [UInt8], bufferSize: Int, _ body: (CSVReader) throws -> R
    ) throws -> R {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("csvreader-\(UUID().uuidString).csv")
        try Data(bytes).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let fd = open(url.path, O_RDONLY)
        #expect(fd >= 0)
        return try body(CSVReader(fileDescriptor: fd, closeWhenDone: true, bufferSize: bufferSize))
    }

    /// The first error reading all of `input` throws.
    private static func firstError(
        _ input: [UInt8], bufferSize: Int? = nil, configure: (CSVReader) -> Void = { _ in }
    ) throws -> CSVError? {
        func drain(_ reader: CSVReader) -> CSVError? {
            configure(reader)
            do {
                while try reader.readRecord() {}
                return nil
            } catch {
                return error
            }
        }
        if let bufferSize { return try withFileReader(input, bufferSize: bufferSize, drain) }
        return drain(CSVReader(bytes: input))
    }

    private static func firstError(_ input: String, configure: (CSVReader) -> Void = { _ in }) throws -> CSVError? {
        try firstError(Array(input.utf8), configure: configure)
    }

    private static let bom: [UInt8] = [0xEF, 0xBB, 0xBF]

    // MARK: Fields

    @Test func plainRecordsAreSplitAtCommas() throws {
        #expect(try Self.records("a,b,c\n1,2,3\n") == [["a", "b", "c"], ["1", "2", "3"]])
    }

    @Test func commaInsideQuotesStaysInField() throws {
        #expect(try Self.records("1,\"Anytown, WW\",x\n") == [["1", "Anytown, WW", "x"]])
    }

    @Test func doubledQuotesBecomeOneQuote() throws {
        #expect(try Self.records("\"ha \"\"ha\"\" ha\",\"\"\"\"\n") == [["ha \"ha\" ha", "\""]])
    }

    @Test func quotedLineFeedStaysInFieldAndCountsAsALine() throws {
        let reader = CSVReader(string: "a,b\n\"x\ny\",1\nc,d\n")
        var lines: [Int] = []
        var rows: [[String]] = []
        while try reader.readRecord() {
            lines.append(reader.recordLine)
            rows.append(reader.record())
        }
        #expect(rows == [["a", "b"], ["x\ny", "1"], ["c", "d"]])
        #expect(lines == [1, 2, 4])
    }

    @Test func quotedCRLFStaysInFieldAndCountsAsOneLine() throws {
        let reader = CSVReader(string: "a,b\r\n\"x\r\ny\r\nz\",1\r\nc,d\r\n")
        var lines: [Int] = []
        var rows: [[String]] = []
        while try reader.readRecord() {
            lines.append(reader.recordLine)
            rows.append(reader.record())
        }
        #expect(rows == [["a", "b"], ["x\r\ny\r\nz", "1"], ["c", "d"]])
        #expect(lines == [1, 2, 5])
    }

    @Test func byteOrderMarkAtStartIsSkipped() throws {
        #expect(try Self.records(Self.bom + Array("a,b\n1,2\n".utf8)) == [["a", "b"], ["1", "2"]])
    }

    @Test func byteOrderMarkAfterStartIsData() throws {
        #expect(try Self.records(Array("a\n".utf8) + Self.bom + Array("b\n".utf8)) == [["a"], ["\u{FEFF}b"]])
    }

    @Test func crlfEndsRecords() throws {
        #expect(try Self.records("a,b\r\n1,2\r\n") == [["a", "b"], ["1", "2"]])
    }

    @Test func loneCREndsRecords() throws {
        let reader = CSVReader(string: "a,b\r1,2\r3,4")
        var lines: [Int] = []
        while try reader.readRecord() { lines.append(reader.recordLine) }
        #expect(lines == [1, 2, 3])
    }

    @Test func finalRecordWithoutLineEndIsReturned() throws {
        #expect(try Self.records("a,b\n1,2") == [["a", "b"], ["1", "2"]])
        #expect(try Self.records("a,\"b\"") == [["a", "b"]])
        #expect(try Self.records("a,") == [["a", ""]])
    }

    @Test func emptyFieldsAreEmpty() throws {
        let reader = CSVReader(string: ",,\n")
        #expect(try reader.readRecord())
        #expect(reader.record() == ["", "", ""])
        #expect((0..<3).allSatisfy { reader.isEmpty(at: $0) })
    }

    @Test func emptyQuotedFieldsAreEmpty() throws {
        let reader = CSVReader(string: "1,\"\",\"\"\n")
        #expect(try reader.readRecord())
        #expect(reader.record() == ["1", "", ""])
        #expect(!reader.isEmpty(at: 0))
        #expect(reader.isEmpty(at: 1) && reader.isEmpty(at: 2))
    }

    @Test func blankLinesAreSkippedButCounted() throws {
        let reader = CSVReader(string: "a\n\n\nb\r\n\r\n\"\"\r\rc\n\n")
        var rows: [[String]] = []
        var lines: [Int] = []
        while try reader.readRecord() {
            rows.append(reader.record())
            lines.append(reader.recordLine)
        }
        #expect(rows == [["a"], ["b"], [""], ["c"]])
        #expect(lines == [1, 4, 6, 8])
    }

    @Test func emptyInputHasNoRecords() throws {
        #expect(try Self.records("") == [])
        #expect(try Self.records(Self.bom) == [])
        #expect(try Self.records("\n\r\n") == [])
    }

    @Test func chineseTextIsDecoded() throws {
        let rows = try Self.records("名称,地址\n北京知识产权保护中心,\"北京市海淀区,中关村\"\n国知发保函字〔2020〕177号,😀\n")
        #expect(rows == [["名称", "地址"], ["北京知识产权保护中心", "北京市海淀区,中关村"], ["国知发保函字〔2020〕177号", "😀"]])
    }

    @Test func fieldBytesAreUnescapedWithoutQuotes() throws {
        let reader = CSVReader(string: "\"a\"\"b\",c\n")
        #expect(try reader.readRecord())
        #expect(reader.withFieldBytes(at: 0) { Array($0) } == Array("a\"b".utf8))
        #expect(reader.withFieldBytes(at: 1) { Array($0) } == Array("c".utf8))
    }

    @Test func bytesConsumedCountsEveryInputByte() throws {
        let input = Self.bom + Array("a\r\n\r\nb,\"c\"\n".utf8)
        let reader = CSVReader(bytes: input)
        #expect(reader.bytesConsumed == 0)
        #expect(try reader.readRecord())
        #expect(reader.bytesConsumed == 6)
        #expect(try reader.readRecord())
        #expect(try !reader.readRecord())
        #expect(reader.bytesConsumed == input.count)
    }

    // MARK: Quotes inside unquoted fields

    /// A quote inside a field that does not start with one is an ordinary character, as in
    /// Python's csv module and the sqlite3 shell; no unescaping happens there (`""` stays two).
    static let literalQuoteCases: [(input: String, records: [[String]])] = [
        ("x,ab\"c\n", [["x", "ab\"c"]]),
        ("a\"b\"c\n", [["a\"b\"c"]]),
        ("a\"\"b,c\"\"\n", [["a\"\"b", "c\"\""]]),
        ("ab\"", [["ab\""]]),  // at the end of input
        ("a\",b\"\r\nc\"\rd\"\n", [["a\"", "b\""], ["c\""], ["d\""]]),  // before every separator
        (" \"a\",b\n", [[" \"a\"", "b"]]),  // a space first: not quoted
        ("37°36'37.8\"N 121°2'17.9\"W,中\"文\n", [["37°36'37.8\"N 121°2'17.9\"W", "中\"文"]]),
        ("x\"y,\"z\",\"p\"\"q\",r\"\"s\n", [["x\"y", "z", "p\"q", "r\"\"s"]]),  // quoted fields still unescaped
    ]

    @Test(arguments: literalQuoteCases.indices)
    func quoteInsideUnquotedFieldIsLiteral(_ index: Int) throws {
        let (input, expected) = Self.literalQuoteCases[index]
        #expect(try Self.records(input) == expected)
        for bufferSize in 1...8 {
            let rows = try Self.withFileReader(Array(input.utf8), bufferSize: bufferSize) { try Self.records($0) }
            #expect(rows == expected, "bufferSize \(bufferSize)")
        }
    }

    @Test func quoteInsideUnquotedFieldIsReadAsIs() throws {
        #expect(try Self.records("a,b\nx,ab\"c\n") == [["a", "b"], ["x", "ab\"c"]])
        #expect(try Self.records("a\"b\"c") == [["a\"b\"c"]])
    }

    @Test func fieldStartingWithAQuoteIsStillQuoted() throws {
        let reader = CSVReader(string: "\"a,b\",\"c\"\"d\",\"e\nf\"\n")
        #expect(try reader.readRecord())
        #expect(reader.record() == ["a,b", "c\"d", "e\nf"])
        #expect(reader.withFieldBytes(at: 1) { Array($0) } == Array("c\"d".utf8))
        #expect(try !reader.readRecord())
    }

    @Test func literalQuotesDoNotMoveRecordLinesOrFieldCounts() throws {
        let reader = CSVReader(string: "a,b\nx\"y,1\n\"p\nq\",r\"\nz,2\"\n")
        reader.expectedFieldCount = 2
        var rows: [[String]] = []
        var lines: [Int] = []
        while try reader.readRecord() {
            rows.append(reader.record())
            lines.append(reader.recordLine)
        }
        #expect(rows == [["a", "b"], ["x\"y", "1"], ["p\nq", "r\""], ["z", "2\""]])
        #expect(lines == [1, 2, 3, 5])
    }

    @Test func fieldCountMismatchAfterLiteralQuotesPointsAtTheRightField() throws {
        let reader = CSVReader(string: "a\"b,c\"\n")
        reader.expectedFieldCount = 1
        #expect(throws: CSVError(.fieldCountMismatch(expected: 1, found: 2), line: 1, column: 5)) {
            try reader.readRecord()
        }
        #expect(reader.record() == ["a\"b", "c\""])
    }

    // MARK: Streaming

    /// Quoting, line ends of all kinds, multi-byte characters and long fields at every offset
    /// against buffer boundaries.
    private static let streamingSample: [UInt8] =
        bom
        + Array(
            ("""
            code,name,notes\r
            A1,北京知识产权保护中心,"He said ""ok"", then
            left"\r
            \r
            B2,"天津,滨海","😀 emoji"\r"C3",,""\r
            D4,\(String(repeating: "长", count: 400)),"\(String(repeating: "x\"\"", count: 300))"
            F6,37°36'37.8"N 121°2'17.9"W,a""b"
            E5,"",last
            """).utf8)

    private static let streamingExpected: [[String]] = [
        ["code", "name", "notes"],
        ["A1", "北京知识产权保护中心", "He said \"ok\", then\nleft"],
        ["B2", "天津,滨海", "😀 emoji"],
        ["C3", "", ""],
        ["D4", String(repeating: "长", count: 400), String(repeating: "x\"", count: 300)],
        ["F6", "37°36'37.8\"N 121°2'17.9\"W", "a\"\"b\""],
        ["E5", "", "last"],
    ]

    @Test func recordsSpanningBufferRefillsAreIntact() throws {
        #expect(try Self.records(Self.streamingSample) == Self.streamingExpected)
        for bufferSize in [1, 2, 3, 4, 5, 7, 16, 64, 1000] {
            let rows = try Self.withFileReader(Self.streamingSample, bufferSize: bufferSize) { try Self.records($0) }
            #expect(rows == Self.streamingExpected, "bufferSize \(bufferSize)")
        }
    }

    @Test func recordLinesAreRightAcrossBufferRefills() throws {
        let lines = try Self.withFileReader(Self.streamingSample, bufferSize: 7) { reader in
            var lines: [Int] = []
            while try reader.readRecord() { lines.append(reader.recordLine) }
            return lines
        }
        #expect(lines == [1, 2, 5, 6, 7, 8, 9])
    }

    @Test func fileDescriptorIsLeftOpenUnlessAsked() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("csvreader-\(UUID().uuidString).csv")
        try Data("a\n".utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let fd = open(url.path, O_RDONLY)
        defer { close(fd) }
        let reader = CSVReader(fileDescriptor: fd, closeWhenDone: false)
        while try reader.readRecord() {}
        #expect(fcntl(fd, F_GETFD) != -1)
    }

    // MARK: Errors

    @Test func unterminatedQuoteReportsWhereTheQuoteOpened() throws {
        let error = try Self.firstError("a,b\n1,\"abc\n\ndef")
        #expect(error == CSVError(.unterminatedQuote, line: 2, column: 3))
        #expect(error?.description == "unterminated quoted field (opened at line 2, column 3)")
    }

    /// The one quote error RFC 4180 leaves: after a quoted field's closing quote only `,`, CR, LF
    /// or the end of input may come. The position is the closing quote.
    static let strayQuoteCases: [(input: String, line: Int, column: Int)] = [
        ("a,b\nx,\"ab\"c\n", 2, 6),
        ("\"ab\"c", 1, 4),
        ("a,\"b\" \n", 1, 5),
        ("\"a\"\"\"b\n", 1, 5),  // after an escaped quote and the closing one
        ("x\"y,\"z\"w\n", 1, 7),  // a literal quote earlier does not hide it
        ("\"a\nb\"c\n", 2, 2),  // closing quote on the field's second line
    ]

    @Test(arguments: strayQuoteCases.indices)
    func textAfterClosingQuoteIsStray(_ index: Int) throws {
        let (input, line, column) = Self.strayQuoteCases[index]
        let expected = CSVError(.strayQuote, line: line, column: column)
        #expect(try Self.firstError(input) == expected)
        for bufferSize in 1...8 {
            #expect(
                try Self.firstError(Array(input.utf8), bufferSize: bufferSize) == expected, "bufferSize \(bufferSize)")
        }
    }

    @Test func strayQuoteDescriptionSaysWhatMayFollowAClosingQuote() {
        #expect(
            CSVError(.strayQuote, line: 1, column: 4).description
                == "stray quote (only a comma or a line end may follow a closing quote; double each \" inside a quoted field)"
        )
    }

    @Test func errorColumnsCountCharactersNotBytes() throws {
        #expect(try Self.firstError("中文,\"ab\"c") == CSVError(.strayQuote, line: 1, column: 7))
    }

    @Test func byteOrderMarkIsNotAColumn() throws {
        #expect(try Self.firstError(Self.bom + Array("\"a\"b".utf8)) == CSVError(.strayQuote, line: 1, column: 3))
    }

    @Test func errorAfterMultilineFieldsCarriesThePhysicalLine() throws {
        let input = "a,b\n\"x\r\ny\rz\",1\n\n\"p\nq\",r\",\"s\"t\n"
        #expect(try Self.firstError(input) == CSVError(.strayQuote, line: 7, column: 9))
    }

    static let invalidUTF8Cases: [(bytes: [UInt8], line: Int, column: Int)] = [
        (Array("ab".utf8) + [0x80], 1, 3),  // lone continuation byte
        ([0xC0, 0x80], 1, 1),  // overlong 2-byte NUL
        ([0xC1, 0xBF], 1, 1),  // overlong 2-byte
        ([0xE0, 0x80, 0x80], 1, 1),  // overlong 3-byte
        ([0xF0, 0x80, 0x80, 0x80], 1, 1),  // overlong 4-byte
        ([0xED, 0xA0, 0x80], 1, 1),  // UTF-16 surrogate U+D800
        ([0xF4, 0x90, 0x80, 0x80], 1, 1),  // above U+10FFFF
        ([0xF5, 0x80, 0x80, 0x80], 1, 1),  // never a lead byte
        ([0xFF], 1, 1),
        (Array("x,".utf8) + [0xE4, 0xB8], 1, 3),  // truncated at end of input
        ([0xE4, 0xB8] + Array(",x".utf8), 1, 1),  // truncated before a comma
        (Array("\"".utf8) + [0xE4, 0xB8, 0x22], 1, 2),  // truncated before a closing quote
        ([0xF0, 0x9F, 0x98], 1, 1),  // truncated 4-byte at end of input
        (Array("h\n中文".utf8) + [0xFF], 2, 3),  // after Chinese text, on line 2
        (Array("\"a\nb".utf8) + [0xC3, 0x28, 0x22], 2, 2),  // inside a multiline quoted field
    ]

    @Test(arguments: invalidUTF8Cases.indices)
    func invalidUTF8IsRejectedWithItsPosition(_ index: Int) throws {
        let (bytes, line, column) = Self.invalidUTF8Cases[index]
        let expected = CSVError(.invalidUTF8, line: line, column: column)
        #expect(try Self.firstError(bytes) == expected)
        for bufferSize in [1, 2, 3] {
            #expect(try Self.firstError(bytes, bufferSize: bufferSize) == expected, "bufferSize \(bufferSize)")
        }
    }

    @Test func nulByteIsRejected() throws {
        #expect(try Self.firstError("a,b\n1,x\0y\n") == CSVError(.nulByte, line: 2, column: 4))
        #expect(try Self.firstError("\"a\0\"") == CSVError(.nulByte, line: 1, column: 3))
    }

    @Test func fieldCountMismatchIsThrownAfterTheRecordAndReadingGoesOn() throws {
        let reader = CSVReader(string: "a,b,c\n1,2\n1,2,3,\"4\"\n5,6,7\n")
        reader.expectedFieldCount = 3
        #expect(try reader.readRecord())
        #expect(throws: CSVError(.fieldCountMismatch(expected: 3, found: 2), line: 2, column: 4)) {
            try reader.readRecord()
        }
        #expect(reader.record() == ["1", "2"])
        #expect(reader.recordLine == 2)
        #expect(throws: CSVError(.fieldCountMismatch(expected: 3, found: 4), line: 3, column: 7)) {
            try reader.readRecord()
        }
        #expect(reader.record() == ["1", "2", "3", "4"])
        #expect(try reader.readRecord())
        #expect(reader.record() == ["5", "6", "7"])
        #expect(try !reader.readRecord())
    }

    @Test func fieldCountMismatchDescriptionNamesBothCounts() {
        #expect(
            CSVError(.fieldCountMismatch(expected: 4, found: 5), line: 1, column: 1).description
                == "expected 4 fields, found 5")
    }

    @Test func fieldLongerThanTheLimitIsRejected() throws {
        let limit: (CSVReader) -> Void = { $0.maxFieldBytes = 5 }
        #expect(try Self.firstError("abcde,\"abcde\"\n", configure: limit) == nil)
        #expect(
            try Self.firstError("x\nabcde,\"abcdef\"\n", configure: limit)
                == CSVError(.fieldTooLong(limit: 5), line: 2, column: 7))
        #expect(
            try Self.firstError("abcdef", configure: limit) == CSVError(.fieldTooLong(limit: 5), line: 1, column: 1))
    }

    /// The input is a pipe that never ends: only a reader that stops buffering at the limit
    /// reports the long field (any other reports "Resource temporarily unavailable").
    @Test(arguments: ["", "\""])
    func fieldLongerThanTheLimitIsRejectedBeforeItEnds(_ opening: String) throws {
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        defer { close(fds[1]) }
        let bytes = Array(opening.utf8) + Array(repeating: UInt8(ascii: "x"), count: 2000)
        #expect(write(fds[1], bytes, bytes.count) == bytes.count)
        #expect(fcntl(fds[0], F_SETFL, O_NONBLOCK) == 0)
        let reader = CSVReader(fileDescriptor: fds[0], closeWhenDone: true, bufferSize: 16)
        reader.maxFieldBytes = 1000
        #expect(throws: CSVError(.fieldTooLong(limit: 1000), line: 1, column: 1)) { try reader.readRecord() }
    }

    /// Found by differential fuzzing: with a small buffer a refill sees an over-long field (or a
    /// field too many) before the scan reaches what else is wrong in it; a large buffer must agree.
    @Test(arguments: [
        ("\"abcdefghijklmn\"x\n", CSVError(.fieldTooLong(limit: 12), line: 1, column: 1)),
        ("abcdefghijklmn\"\n", CSVError(.fieldTooLong(limit: 12), line: 1, column: 1)),
        ("ab\"cdefghijk\"lmn\n", CSVError(.fieldTooLong(limit: 12), line: 1, column: 1)),
        ("ab\"cdefghij\"\n", nil),  // 12 bytes, quotes included
        ("a\"b,\"c\"d\n", CSVError(.strayQuote, line: 1, column: 7)),
        ("ab\"cdefghijkl\"x\n", CSVError(.fieldTooLong(limit: 12), line: 1, column: 1)),
        ("a\"b\0c\n", CSVError(.nulByte, line: 1, column: 4)),
        ("a,b,c,d,e,f\",g\"\n", CSVError(.tooManyFields(limit: 6), line: 1, column: 14)),
        ("\"abcdefghijklmn", CSVError(.fieldTooLong(limit: 12), line: 1, column: 1)),
        ("\"abcdefghijk\"x\n", CSVError(.strayQuote, line: 1, column: 13)),
        ("a,b,c,d,e,f,\"gggggggggggggggg\"x\n", CSVError(.tooManyFields(limit: 6), line: 1, column: 13)),
    ])
    func errorDoesNotDependOnBufferSize(_ input: String, _ expected: CSVError?) throws {
        let limits: (CSVReader) -> Void = {
            $0.maxFieldBytes = 12
            $0.maxFields = 6
        }
        #expect(try Self.firstError(Array(input.utf8), configure: limits) == expected)
        for bufferSize in Array(1...8) + [16] {
            #expect(
                try Self.firstError(Array(input.utf8), bufferSize: bufferSize, configure: limits) == expected,
                "bufferSize \(bufferSize)")
        }
    }

    @Test func recordWithMoreFieldsThanTheLimitIsRejected() throws {
        let limit: (CSVReader) -> Void = { $0.maxFields = 3 }
        #expect(try Self.firstError("a,b,c\n", configure: limit) == nil)
        #expect(
            try Self.firstError("a,b,c\n1,2,3,4\n", configure: limit)
                == CSVError(.tooManyFields(limit: 3), line: 2, column: 7))
    }

    @Test func recordsWiderThanTheFirstAllocationAreRead() throws {
        let row = (0..<5000).map(String.init)
        let reader = CSVReader(string: row.joined(separator: ",") + "\n")
        reader.maxFields = 5000
        #expect(try reader.readRecord())
        #expect(reader.record() == row)
    }

    @Test func readFailureIsUnreadable() throws {
        let fd = open(FileManager.default.temporaryDirectory.path, O_RDONLY | O_DIRECTORY)
        #expect(fd >= 0)
        let reader = CSVReader(fileDescriptor: fd, closeWhenDone: true)
        #expect(throws: CSVError(.unreadable(String(cString: strerror(EISDIR))), line: 1, column: 1)) {
            try reader.readRecord()
        }
    }

    @Test func errorIsThrownAgainOnLaterReads() throws {
        let reader = CSVReader(string: "\"a\"b\nc\n")
        let first = #expect(throws: CSVError.self) { try reader.readRecord() }
        let second = #expect(throws: CSVError.self) { try reader.readRecord() }
        #expect(first == second)
        #expect(first?.reason == .strayQuote)
    }

    @Test func messagesAreLowercaseWithoutPrefix() {
        let reasons: [CSVError.Reason] = [
            .unterminatedQuote, .strayQuote, .invalidUTF8, .nulByte, .fieldCountMismatch(expected: 1, found: 2),
            .fieldTooLong(limit: 9), .tooManyFields(limit: 9), .unreadable("Input/output error"),
        ]
        for reason in reasons {
            let text = CSVError(reason, line: 3, column: 7).description
            #expect(!text.lowercased().hasPrefix("error"), "\(text)")
            #expect(text.first.map { $0.isLowercase || $0 == "N" } == true, "\(text)")
        }
        #expect(CSVError(.invalidUTF8, line: 1, column: 1).description.hasPrefix("invalid UTF-8"))
        #expect(CSVError(.nulByte, line: 1, column: 1).description.hasPrefix("NUL byte"))
    }
}

extension CSVReaderTests {
    /// CSVEncoding, checked against the reader it writes for.
    @Suite struct Encoding {
        private static func encoded(_ field: String) -> String {
            var buffer: [UInt8] = []
            CSVEncoding.appendField(field, to: &buffer)
            return String(decoding: buffer, as: UTF8.self)
        }

        @Test func plainFieldIsWrittenAsIs() {
            #expect(Self.encoded("北京 center-1") == "北京 center-1")
            #expect(Self.encoded("") == "")
        }

        @Test(arguments: ["a,b", "a\nb", "a\rb", "a\"b"])
        func fieldWithCommaQuoteOrLineBreakIsQuoted(_ field: String) {
            #expect(Self.encoded(field) == "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"")
        }

        @Test func quotesInsideAreDoubled() {
            #expect(Self.encoded("He said \"ok\"") == "\"He said \"\"ok\"\"\"")
        }

        @Test func fieldWithEdgeSpaceIsQuoted() {
            #expect(Self.encoded(" a") == "\" a\"")
            #expect(Self.encoded("a ") == "\"a \"")
        }

        @Test func rowIsCommaSeparatedWithNewlineAndNilIsEmpty() {
            var buffer: [UInt8] = []
            CSVEncoding.appendRow(["a", nil, "b,c", ""], to: &buffer)
            #expect(String(decoding: buffer, as: UTF8.self) == "a,,\"b,c\",\n")
        }

        @Test func rowOfOneEmptyFieldIsNotABlankLine() throws {
            var buffer: [UInt8] = []
            CSVEncoding.appendRow([nil], to: &buffer)
            CSVEncoding.appendRow(["x"], to: &buffer)
            let reader = CSVReader(bytes: buffer)
            var rows: [[String]] = []
            while try reader.readRecord() { rows.append(reader.record()) }
            #expect(rows == [[""], ["x"]])
        }

        /// A deterministic generator, so a failure can be replayed.
        private struct SplitMix64: RandomNumberGenerator {
            var state: UInt64
            mutating func next() -> UInt64 {
                state &+= 0x9E37_79B9_7F4A_7C15
                var z = state
                z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
                z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
                return z ^ (z >> 31)
            }
        }

        @Test func randomFieldsRoundTripThroughTheReader() throws {
            var rng = SplitMix64(state: 20_240_601)
            let alphabet: [String] = [
                "a", "Z", "0", " ", ",", "\"", "\r", "\n", "\r\n", ";", "中", "é", "😀", "\u{FEFF}", "\t", "'",
            ]
            var rows: [[String?]] = []
            for _ in 0..<2000 {
                let width = Int.random(in: 1...8, using: &rng)
                rows.append(
                    (0..<width).map { _ in
                        if Int.random(in: 0..<10, using: &rng) == 0 { return nil }
                        return (0..<Int.random(in: 0...12, using: &rng)).map { _ in alphabet.randomElement(using: &rng)!
                        }.joined()
                    })
            }
            var buffer: [UInt8] = []
            for row in rows { CSVEncoding.appendRow(row, to: &buffer) }
            let expected = rows.map { $0.map { $0 ?? "" } }

            #expect(try CSVReaderTests.records(buffer) == expected)
            let streamed = try CSVReaderTests.withFileReader(buffer, bufferSize: 5) { try CSVReaderTests.records($0) }
            #expect(streamed == expected)
        }
    }
}
