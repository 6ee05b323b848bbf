// Writing CSV: RFC 4180 fields and rows that `CSVReader` (and spreadsheets) read back unchanged.
// TSV is written the same way with a tab for the comma, quoted as spreadsheets quote it.

public enum CSVEncoding {
    public static let comma = UInt8(ascii: ","), tab = UInt8(ascii: "\t")
    private static let quote = UInt8(ascii: "\"")
    private static let lf = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r"), space = UInt8(ascii: " ")

    /// Appends one field, quoted only when it contains the delimiter, `"`, CR or LF, starts or ends
    /// with a space, or starts with a byte-order mark; quotes inside are doubled. A NUL cannot be
    /// written: `CSVReader` rejects it.
    public static func appendField(_ field: String, delimiter: UInt8 = comma, to buffer: inout [UInt8]) {
        var field = field
        field.withUTF8 { append($0, delimiter: delimiter, to: &buffer) }
    }

    /// Appends a whole row: fields separated by commas, ending with "\n"; nil fields are written
    /// empty. A row of one empty field is written `""`, since a blank line is no record.
    public static func appendRow(_ fields: [String?], delimiter: UInt8 = comma, to buffer: inout [UInt8]) {
        if fields.count == 1, fields[0]?.isEmpty ?? true {
            buffer.append(contentsOf: [quote, quote, lf])
            return
        }
        for (index, field) in fields.enumerated() {
            if index > 0 { buffer.append(delimiter) }
            if let field { appendField(field, delimiter: delimiter, to: &buffer) }
        }
        buffer.append(lf)
    }

    private static func append(_ bytes: UnsafeBufferPointer<UInt8>, delimiter: UInt8, to buffer: inout [UInt8]) {
        guard needsQuotes(bytes, delimiter: delimiter) else {
            buffer.append(contentsOf: bytes)
            return
        }
        buffer.append(quote)
        var runStart = 0
        for index in bytes.indices where bytes[index] == quote {
            buffer.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart...index]))
            buffer.append(quote)
            runStart = index + 1
        }
        buffer.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart...]))
        buffer.append(quote)
    }

    private static func needsQuotes(_ bytes: UnsafeBufferPointer<UInt8>, delimiter: UInt8) -> Bool {
        guard let first = bytes.first, let last = bytes.last else { return false }
        if first == space || last == space { return true }
        if bytes.count >= 3, first == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { return true }
        return bytes.contains { $0 == delimiter || $0 == quote || $0 == lf || $0 == cr }
    }
}
