// Reading back what ipreg prints, independently of how ipreg writes it: RFC 4180 CSV,
// terminal columns of text, and table lines cut into cells by those columns.
import Foundation

enum CSVText {
    /// The records of RFC 4180 text: quoted fields, doubled quotes, LF or CRLF line ends.
    static func records(_ text: String) -> [[String]] {
        var records: [[String]] = []
        var record: [String] = []
        var field = ""
        var quoted = false
        let characters = Array(text)
        var index = 0
        while index < characters.count {
            let character = characters[index]
            if quoted {
                if character == "\"" {
                    if index + 1 < characters.count && characters[index + 1] == "\"" {
                        field.append("\"")
                        index += 1
                    } else {
                        quoted = false
                    }
                } else {
                    field.append(character)
                }
            } else {
                switch character {
                case "\"": quoted = true
                case ",":
                    record.append(field)
                    field = ""
                case "\n", "\r\n":
                    record.append(field)
                    records.append(record)
                    record = []
                    field = ""
                default: field.append(character)
                }
            }
            index += 1
        }
        if !field.isEmpty || !record.isEmpty {
            record.append(field)
            records.append(record)
        }
        return records
    }
}

enum TerminalColumns {
    /// Columns `text` takes on a terminal: East Asian wide characters (CJK ideographs and
    /// punctuation, Hangul, fullwidth forms) two, everything else here one.
    static func width<Text: StringProtocol>(_ text: Text) -> Int {
        text.unicodeScalars.reduce(0) { $0 + (isWide($1.value) ? 2 : 1) }
    }

    private static func isWide(_ value: UInt32) -> Bool {
        switch value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
            0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
            0xFFE0...0xFFE6, 0x20000...0x3FFFD:
            return true
        default:
            return false
        }
    }

    /// Cuts a table line into its cells, trimmed, using the column widths of the table's
    /// dashes line. Nil when a cell does not end exactly at its column's width followed by
    /// the two-space separator: the columns do not line up.
    static func cells(of line: Substring, widths: [Int]) -> [String]? {
        var cells: [String] = []
        var rest = line
        for (index, width) in widths.enumerated() {
            if index == widths.count - 1 {
                cells.append(trimmed(rest))
                break
            }
            var cell = ""
            var used = 0
            while used < width, let character = rest.first {
                used += self.width(String(character))
                cell.append(character)
                rest = rest.dropFirst()
            }
            guard used == width, rest.hasPrefix("  ") else { return nil }
            rest = rest.dropFirst(2)
            cells.append(trimmed(Substring(cell)))
        }
        return cells
    }

    private static func trimmed(_ text: Substring) -> String {
        String(text.drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
