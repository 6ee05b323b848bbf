// `export centers|stats|figures`: the registry as CSV or TSV (exactly the import header, so an export
// imports back unchanged), JSON, NDJSON, an Excel workbook (the CSV's header and text), or for
// centers GeoJSON (GeoJSONWriter), which imports back too.
import IPRegistry
import TabularFiles

public enum ExportFormat: String, CaseIterable, Sendable {
    case csv, tsv, json, ndjson, xlsx, geojson

    /// What rows are printed as; TSV is the CSV printer with a tab, quoted as the import reads it
    /// (not `center list --format tsv`'s backslash escapes, which spreadsheets do not read). A
    /// workbook is not printed row by row but written by `WorkbookWriter`: each export handles
    /// `.xlsx` before it asks for a printer. GeoJSON, for centers only, is `GeoJSONWriter`'s
    /// (the JSON printer here, never used: the commands refuse it for anything else).
    /// `spreadsheetSafe` applies to CSV and TSV (SpreadsheetSafety).
    func printer(columns: [String], output: OutputStream, spreadsheetSafe: Bool = false) -> RowPrinter {
        switch self {
        case .csv, .xlsx: RowPrinter(format: .csv, columns: columns, output: output, spreadsheetSafe: spreadsheetSafe)
        case .tsv:
            RowPrinter(
                format: .csv, columns: columns, output: output, delimiter: CSVEncoding.tab,
                spreadsheetSafe: spreadsheetSafe)
        case .json, .geojson: RowPrinter(format: .json, columns: columns, output: output)
        case .ndjson: RowPrinter(format: .ndjson, columns: columns, output: output)
        }
    }

    /// Whether `--bom` and `--spreadsheet-safe` apply: text a spreadsheet opens.
    public var takesByteOrderMark: Bool { self == .csv || self == .tsv }
}

public enum Exporter {
    /// The header of a centers CSV: the import's columns.
    public static var centerColumns: [String] { CenterField.allCases.map(\.column) }

    /// A center's row of a centers CSV: text(of:) is the CSV form of a field (lists `;`-joined,
    /// numbers as they read back). The web view's `/centers.csv` writes the same.
    public static func centerCells(of center: Center) -> [Cell] {
        CenterField.allCases.map { Cell(center.text(of: $0)) }
    }

    /// `bom`: start with a UTF-8 byte-order mark, so that spreadsheets open Chinese text correctly.
    /// `spreadsheetSafe`: CSV and TSV fields a spreadsheet would run as formulas start with `'`.
    /// `coordinates`: the system the coordinates are written in (stored WGS-84, converted).
    /// `filter`: the centers exported (`--near ... --within`); every center by default.
    public static func exportCenters(
        from registry: Registry, format: ExportFormat, bom: Bool = false, spreadsheetSafe: Bool = false,
        coordinates: CoordinateSystem = .wgs84, filter: CenterFilter = CenterFilter(), to output: OutputStream
    ) throws {
        try registry.read { db in
            let repository = try CenterRepository(db)
            func list(_ body: (StoredCenter) throws -> Void) throws {
                try repository.list(filter) { try body($0.expressingCoordinates(in: coordinates)) }
            }
            if bom { writeByteOrderMark(to: output) }
            switch format {
            case .csv, .tsv:
                let printer = format.printer(
                    columns: centerColumns, output: output, spreadsheetSafe: spreadsheetSafe)
                try list { stored in printer.write(centerCells(of: stored.center)) }
                printer.finish()
            case .xlsx:
                let workbook = try WorkbookWriter(output: output, sheetName: "centers")
                try workbook.writeRow(CenterField.allCases.map(\.column))
                try list { stored in
                    try workbook.writeRow(CenterField.allCases.map { stored.center.text(of: $0) })
                }
                try workbook.finish()
            case .json, .ndjson:
                let printer = format.printer(columns: CenterSnapshot.keys, output: output)
                try list { printer.write(CenterSnapshot.cells(of: $0)) }
                printer.finish()
            case .geojson:
                let writer = GeoJSONWriter(output: output)
                try list { writer.write($0) }
                writer.finish()
            }
        }
    }

    public static func exportStatistics(
        from registry: Registry, format: ExportFormat, bom: Bool = false, spreadsheetSafe: Bool = false,
        to output: OutputStream
    ) throws {
        let columns = StatisticField.allCases.map(\.column)
        if format == .xlsx {
            let workbook = try WorkbookWriter(output: output, sheetName: "stats")
            try workbook.writeRow(columns)
            try registry.read { db in
                try StatisticsRepository(db).list(StatisticsFilter()) { statistic in
                    try workbook.writeRow([
                        statistic.centerCode, statistic.period.text, Cell(statistic.pretrialCases).plainText(),
                        Cell(statistic.protectionCases).plainText(), statistic.source,
                    ])
                }
            }
            try workbook.finish()
            return
        }
        if bom { writeByteOrderMark(to: output) }
        let printer = format.printer(columns: columns, output: output, spreadsheetSafe: spreadsheetSafe)
        try registry.read { db in
            try StatisticsRepository(db).list(StatisticsFilter()) { statistic in
                printer.write([
                    .text(statistic.centerCode), .text(statistic.period.text), Cell(statistic.pretrialCases),
                    Cell(statistic.protectionCases), Cell(statistic.source),
                ])
            }
        }
        printer.finish()
    }

    private static func writeByteOrderMark(to output: OutputStream) {
        output.write(bytes: [0xEF, 0xBB, 0xBF])
    }

    /// Figures with the CSV's fields only (no timestamps), so that every format exports the same
    /// bytes again after an import into an empty registry.
    public static func exportFigures(
        from registry: Registry, format: ExportFormat, bom: Bool = false, spreadsheetSafe: Bool = false,
        to output: OutputStream
    ) throws {
        let fields = FigureField.allCases
        if format == .xlsx {
            let workbook = try WorkbookWriter(output: output, sheetName: "figures")
            try workbook.writeRow(fields.map(\.column))
            try registry.read { db in
                try FigureRepository(db).list(FigureFilter()) { stored in
                    try workbook.writeRow(fields.map { stored.figure.text(of: $0) })
                }
            }
            try workbook.finish()
            return
        }
        if bom { writeByteOrderMark(to: output) }
        let printer = format.printer(columns: fields.map(\.column), output: output, spreadsheetSafe: spreadsheetSafe)
        try registry.read { db in
            try FigureRepository(db).list(FigureFilter()) { stored in
                printer.write(
                    fields.map {
                        format == .csv || format == .tsv ? Cell(stored.figure.text(of: $0)) : stored.figure.cell(of: $0)
                    })
            }
        }
        printer.finish()
    }
}
