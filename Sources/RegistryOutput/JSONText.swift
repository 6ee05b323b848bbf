// JSON text written straight into a byte buffer: strings escaped per RFC 8259, UTF-8 kept as is.
// For a terminal, DEL and the C1 controls are escaped too (`\u009b`), as JSON allows. A REAL that
// is infinite is the string "Infinity" or "-Infinity" (JSON has no such number; null is NULL).
import IPRegistry
import TabularFiles

public enum JSONText {
    private static let hex: [UInt8] = Array("0123456789abcdef".utf8)

    public static func appendString(_ text: String, to buffer: inout [UInt8], forTerminal: Bool = false) {
        buffer.append(UInt8(ascii: "\""))
        // Most text needs no escape: copy it whole.
        if !text.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") })
            && !(forTerminal && ControlCharacters.contains(text))
        {
            buffer.append(contentsOf: text.utf8)
            buffer.append(UInt8(ascii: "\""))
            return
        }
        var previous: UInt8 = 0
        for byte in text.utf8 {
            defer { previous = byte }
            if forTerminal && (byte == 0x7F || (previous == 0xC2 && byte >= 0x80 && byte <= 0x9F)) {
                // A C1 control's lead byte C2 is already in the buffer: it becomes the escape.
                if byte != 0x7F { buffer.removeLast() }
                buffer.append(contentsOf: [
                    0x5C, UInt8(ascii: "u"), 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0xF)],
                ])
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): buffer.append(contentsOf: [0x5C, 0x22])
            case UInt8(ascii: "\\"): buffer.append(contentsOf: [0x5C, 0x5C])
            case 0x0A: buffer.append(contentsOf: [0x5C, UInt8(ascii: "n")])
            case 0x0D: buffer.append(contentsOf: [0x5C, UInt8(ascii: "r")])
            case 0x09: buffer.append(contentsOf: [0x5C, UInt8(ascii: "t")])
            case 0..<0x20:
                buffer.append(contentsOf: [
                    0x5C, UInt8(ascii: "u"), 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0xF)],
                ])
            default: buffer.append(byte)
            }
        }
        buffer.append(UInt8(ascii: "\""))
    }

    public static func appendValue(_ cell: Cell, to buffer: inout [UInt8], forTerminal: Bool = false) {
        switch cell {
        case .null: buffer.append(contentsOf: "null".utf8)
        case .integer(let number): buffer.append(contentsOf: String(number).utf8)
        case .real(let number):
            if number.isFinite {
                buffer.append(contentsOf: NumberText.shortest(number).utf8)
            } else if number.isNaN {
                // SQLite stores NaN as NULL, so none comes from a query.
                buffer.append(contentsOf: "null".utf8)
            } else {
                // JSON has no infinity, and `null` would say NULL: a string says what the value is
                // (`SELECT 1e999`), as JavaScript's Number("Infinity") reads it.
                buffer.append(contentsOf: (number > 0 ? "\"Infinity\"" : "\"-Infinity\"").utf8)
            }
        case .text(let text): appendString(text, to: &buffer, forTerminal: forTerminal)
        case .list(let items):
            buffer.append(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { buffer.append(UInt8(ascii: ",")) }
                appendString(item, to: &buffer, forTerminal: forTerminal)
            }
            buffer.append(UInt8(ascii: "]"))
        }
    }

    /// `{"key":value,...}` for one row.
    public static func appendObject(keys: [String], values: [Cell], to buffer: inout [UInt8], forTerminal: Bool = false)
    {
        buffer.append(UInt8(ascii: "{"))
        for (index, key) in keys.enumerated() {
            if index > 0 { buffer.append(UInt8(ascii: ",")) }
            appendString(key, to: &buffer, forTerminal: forTerminal)
            buffer.append(UInt8(ascii: ":"))
            appendValue(index < values.count ? values[index] : .null, to: &buffer, forTerminal: forTerminal)
        }
        buffer.append(UInt8(ascii: "}"))
    }
}
