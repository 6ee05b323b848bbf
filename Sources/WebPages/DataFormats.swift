// The `.json` and `.csv` forms of the pages' data: JSON as the command line prints it (JSONText),
// CSV per RFC 4180 with a header row.
import IPRegistry

public enum DataFormats {
    /// `[{"column": value, ...}, ...]`.
    public static func appendRows(_ table: Table, to buffer: inout [UInt8]) {
        buffer.append(UInt8(ascii: "["))
        for (index, row) in table.rows.enumerated() {
            if index > 0 { buffer.append(UInt8(ascii: ",")) }
            JSONText.appendObject(keys: table.columns, values: row, to: &buffer)
        }
        buffer.append(UInt8(ascii: "]"))
    }

    public static func json(_ table: Table) -> [UInt8] {
        var buffer: [UInt8] = []
        appendRows(table, to: &buffer)
        buffer.append(0x0A)
        return buffer
    }

    public static func csv(_ table: Table) -> [UInt8] {
        var text = table.columns.map(field).joined(separator: ",") + "\r\n"
        for row in table.rows {
            text += row.map { field($0.plainText()) }.joined(separator: ",") + "\r\n"
        }
        return Array(text.utf8)
    }

    static func field(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// A center as SPEC.md section 4's object.
    public static func appendCenter(_ stored: StoredCenter, to buffer: inout [UInt8]) {
        JSONText.appendObject(keys: CenterSnapshot.keys, values: CenterSnapshot.cells(of: stored), to: &buffer)
    }

    /// A table of centers, one row each, with the object's fields as columns.
    public static func centerTable(_ centers: [StoredCenter]) -> Table {
        Table(columns: CenterSnapshot.keys, rows: centers.map(CenterSnapshot.cells(of:)))
    }
}

extension String {
    func replacingOccurrences(of target: Character, with replacement: String) -> String {
        var out = ""
        for character in self { if character == target { out += replacement } else { out.append(character) } }
        return out
    }
}
