// Writing CSV fields: quoted only when needed, quotes doubled (RFC 4180).
public enum CSVEncoding {
    public static func appendField(_ field: String, to buffer: inout [UInt8]) {
        let needsQuotes = field.utf8.contains { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }
            || field.utf8.first == 0x20 || field.utf8.last == 0x20
        guard needsQuotes else { buffer.append(contentsOf: field.utf8); return }
        buffer.append(0x22)
        for byte in field.utf8 {
            if byte == 0x22 { buffer.append(0x22) }
            buffer.append(byte)
        }
        buffer.append(0x22)
    }

    public static func appendRow(_ fields: [String?], to buffer: inout [UInt8]) {
        for (index, field) in fields.enumerated() {
            if index > 0 { buffer.append(0x2C) }
            if let field { appendField(field, to: &buffer) }
        }
        buffer.append(0x0A)
    }
}
