// A CSV file that cannot be read: what is wrong with it and where, for `FILE:LINE: error: ...` lines.

public struct CSVError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Reason: Sendable, Equatable {
        /// End of input inside a quoted field; the position is the opening quote.
        case unterminatedQuote
        /// A quoted field's closing quote followed by something other than `,`, CR, LF or the end of
        /// input, as in `"ab"c` or `"b" ` (the position is the closing quote). A quote inside a field
        /// that does not start with one is an ordinary character, never this error.
        case strayQuote
        /// A byte sequence that is not UTF-8; the position is its first byte.
        case invalidUTF8
        /// Not valid in the file's declared or detected encoding (`GB18030`, `UTF-16`): the bytes
        /// as hex; `truncated` when the file ends inside a sequence. The position is the first byte
        /// of the sequence, in the decoded text.
        case invalidEncoding(String, bytes: String, truncated: Bool)
        case nulByte
        /// Thrown only after the whole record was consumed: the record stays readable and the next
        /// `readRecord()` goes on with the record after it.
        case fieldCountMismatch(expected: Int, found: Int)
        /// One field's bytes (between the quotes, for a quoted field) exceed the limit; the position
        /// is the field's first byte.
        case fieldTooLong(limit: Int)
        /// A record has more fields than the limit; the position is the first field too many.
        case tooManyFields(limit: Int)
        /// read(2) failed; the text is strerror's.
        case unreadable(String)
        /// `--encoding` named another encoding (`declared`) but the file starts with a UTF-8
        /// byte-order mark.
        case utf8ByteOrderMark(declared: String)
    }

    public let reason: Reason
    /// 1-based physical line: line breaks inside quoted fields count, as an editor counts them.
    public let line: Int
    /// 1-based column on `line`, counted in Unicode scalars (a Chinese character is one column;
    /// a byte-order mark is not counted).
    public let column: Int

    public init(_ reason: Reason, line: Int, column: Int) {
        self.reason = reason
        self.line = line
        self.column = column
    }

    /// A short lowercase message without a file name, position or "error:" prefix (callers print
    /// `FILE:LINE:COLUMN:` themselves); only an unterminated quote names where it was opened,
    /// since that is where to look.
    public var description: String {
        switch reason {
        case .unterminatedQuote:
            "unterminated quoted field (opened at line \(line), column \(column))"
        case .strayQuote:
            "stray quote (only a comma or a line end may follow a closing quote; double each \" inside a quoted field)"
        case .invalidUTF8:
            "invalid UTF-8 (the file must be saved as UTF-8)"
        case .invalidEncoding(let encoding, let bytes, let truncated):
            truncated
                ? "invalid \(encoding): the file ends inside a character (\(bytes))"
                : "invalid \(encoding): \(bytes) is not a \(encoding) character"
        case .nulByte:
            "NUL byte"
        case .fieldCountMismatch(let expected, let found):
            "expected \(expected) field\(expected == 1 ? "" : "s"), found \(found)"
        case .fieldTooLong(let limit):
            "field longer than \(limit) bytes"
        case .tooManyFields(let limit):
            "more than \(limit) fields in one record"
        case .unreadable(let message):
            "cannot read: \(message)"
        case .utf8ByteOrderMark(let declared):
            "the file starts with a UTF-8 byte-order mark (0xEF 0xBB 0xBF): it looks like UTF-8, not \(declared); "
                + "import it with --encoding utf-8"
        }
    }
}
