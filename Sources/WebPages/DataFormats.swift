// The `.json`, `.csv` and `.xlsx` forms of the pages' data: JSON as the command line prints it
// (JSONText), CSV per RFC 4180 with a header row (CRLF; fields quoted as `export` quotes them). The
// CSV is a download for spreadsheets: every field, header included, is neutralised as a formula
// (SpreadsheetSafety), so a value like `=cmd|' /C calc'!A0` arrives as text. The workbook is
// written by `export --format xlsx`'s WorkbookWriter: its text cells are never formulas, so its
// values are the CSV's own text, and its numbers are number cells.
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

    /// Centers as `centerExportTable` has them, but with the coordinates as numbers, for a workbook.
    public static func centerWorkbookTable(_ centers: [StoredCenter]) -> Table {
        var table = centerExportTable(centers)
        for (row, stored) in centers.enumerated() {
            for (column, field) in CenterField.allCases.enumerated() {
                switch field {
                case .latitude: table.rows[row][column] = Cell(stored.center.latitude)
                case .longitude: table.rows[row][column] = Cell(stored.center.longitude)
                default: continue
                }
            }
        }
        return table
    }

    /// The media type of a workbook.
    public static let xlsxContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

    /// `table` as a one-sheet workbook with `headings` (the page's language) as its bold, frozen
    /// header row: a number is a number cell, every other value the CSV's text (an empty one no
    /// cell). `sheetName` is cut to Excel's 31 characters, without the characters Excel refuses.
    public static func xlsx(_ table: Table, headings: [String], sheetName: String) throws(FileWriteError) -> [UInt8] {
        let output = OutputStream()
        let name = String(sheetName.filter { !"[]:*?/\\".contains($0) }.prefix(31))
        let workbook = try WorkbookWriter(output: output, sheetName: name.isEmpty ? "data" : name)
        try workbook.writeRow(headings)
        for row in table.rows { try workbook.writeRow(cells: row.map(workbookValue)) }
        try workbook.finish()
        return output.collected
    }

    static func workbookValue(_ cell: Cell) -> WorkbookWriter.Value? {
        switch cell {
        case .null: return nil
        case .integer(let number): return .integer(number)
        case .real(let number) where number.isFinite: return .real(number)
        default: return .text(cell.plainText())
        }
    }
}
