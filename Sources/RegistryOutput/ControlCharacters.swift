// Characters a terminal acts on instead of showing them (ESC starts a command sequence, BEL rings,
// CR goes back over the line): C0 controls, DEL, and the C1 controls U+0080-U+009F. Another SQLite
// client may have stored them; what ipreg prints on a terminal, and every error message, shows them
// escaped (`\u{1b}`). Output to a file or a pipe keeps the data exact.
import IPRegistry
import TabularFiles

public enum ControlCharacters {
    /// Whether `text` holds a control character that `keep` does not allow.
    public static func contains(_ text: String, keeping keep: (UInt8) -> Bool = { _ in false }) -> Bool {
        var previous: UInt8 = 0
        for byte in text.utf8 {
            defer { previous = byte }
            if byte < 0x20 || byte == 0x7F {
                if !keep(byte) { return true }
            } else if previous == 0xC2 && byte >= 0x80 && byte <= 0x9F {
                return true
            }
        }
        return false
    }

    /// `text` with each control character that `keep` does not allow written as `\u{1b}`; the
    /// ASCII controls `keep` allows (tab, line feed) stay as they are.
    public static func escaped(_ text: String, keeping keep: (UInt8) -> Bool = { _ in false }) -> String {
        guard contains(text, keeping: keep) else { return text }
        var result = ""
        result.reserveCapacity(text.utf8.count + 8)
        for scalar in text.unicodeScalars {
            let value = scalar.value
            if value < 0x20 && keep(UInt8(value)) {
                result.unicodeScalars.append(scalar)
            } else if value < 0x20 || (0x7F...0x9F).contains(value) {
                result += "\\u{" + String(value, radix: 16) + "}"
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// Tab and line feed: what CSV, and text meant to span lines, may hold on a terminal too.
    public static func isTabOrLineFeed(_ byte: UInt8) -> Bool { byte == 0x09 || byte == 0x0A }
}
