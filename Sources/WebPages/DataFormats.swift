// The `.json` and `.csv` forms of the pages' data: JSON as the command line prints it (JSONText),
// CSV per RFC 4180 with a header row (CRLF; fields quoted as `export` quotes them). The CSV is a
// download for spreadsheets: every field, header included, is neutralised as a formula
// (SpreadsheetSafety), so a value like `=cmd|' /C calc'!A0` arrives as text.
import IPRegistry
import RegistryOutput
import TabularFiles

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
        var buffer: [UInt8] = []
        appendCSVRow(table.columns, to: &buffer)
        for row in table.rows { appendCSVRow(row.map { $0.plainText() }, to: &buffer) }
        return buffer
    }

    /// One CSV record of the web view: fields neutralised for spreadsheets, quoted as CSVEncoding
    /// quotes them, ending with CRLF. A record of one empty field is `""`: a blank line is no record.
    public static func appendCSVRow(_ fields: [String], to buffer: inout [UInt8]) {
        if fields.count == 1, fields[0].isEmpty {
            buffer.append(contentsOf: [0x22, 0x22, 0x0D, 0x0A])
            return
        }
        for (index, field) in fields.enumerated() {
            if index > 0 { buffer.append(CSVEncoding.comma) }
            CSVEncoding.appendField(SpreadsheetSafety.neutralised(field), to: &buffer)
        }
        buffer.append(contentsOf: [0x0D, 0x0A])
    }

    /// A center as docs/files.md's object.
    public static func appendCenter(_ stored: StoredCenter, to buffer: inout [UInt8]) {
        JSONText.appendObject(keys: CenterSnapshot.keys, values: CenterSnapshot.cells(of: stored), to: &buffer)
    }

    /// Centers as `export centers` writes them (its header, its text for each field), so that a
    /// download imports back with `ipreg import centers`.
    public static func centerExportTable(_ centers: [StoredCenter]) -> Table {
        Table(columns: Exporter.centerColumns, rows: centers.map { Exporter.centerCells(of: $0.center) })
    }
}
