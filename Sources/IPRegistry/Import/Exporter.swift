// `export centers|stats|figures`: the registry as CSV (exactly the import header, so an export
// imports back unchanged), JSON or NDJSON.
public enum ExportFormat: String, CaseIterable, Sendable { case csv, json, ndjson }

public enum Exporter {
    public static func exportCenters(from registry: Registry, format: ExportFormat, to output: OutputStream) throws {
        let repository = try CenterRepository(registry: registry)
        try registry.read {
            switch format {
            case .csv:
                let printer = RowPrinter(format: .csv, columns: CenterField.allCases.map(\.column), output: output)
                try repository.list(CenterFilter()) { stored in
                    // text(of:) is the CSV form of a field: lists `;`-joined, numbers as they read back.
                    printer.write(CenterField.allCases.map { Cell(stored.center.text(of: $0)) })
                }
                printer.finish()
            case .json, .ndjson:
                let printer = RowPrinter(format: format == .json ? .json : .ndjson, columns: CenterSnapshot.keys, output: output)
                try repository.list(CenterFilter()) { printer.write(CenterSnapshot.cells(of: $0)) }
                printer.finish()
            }
        }
    }

    public static func exportStatistics(from registry: Registry, format: ExportFormat, to output: OutputStream) throws {
        let columns = StatisticField.allCases.map(\.column)
        let printer = RowPrinter(format: format == .csv ? .csv : format == .json ? .json : .ndjson, columns: columns, output: output)
        try registry.read {
            try StatisticsRepository(registry: registry).list(StatisticsFilter()) { statistic in
                printer.write([.text(statistic.centerCode), .text(statistic.period.text), Cell(statistic.pretrialCases),
                               Cell(statistic.protectionCases), Cell(statistic.source)])
            }
        }
        printer.finish()
    }

    /// Figures with the CSV's fields only (no timestamps), so that every format exports the same
    /// bytes again after an import into an empty registry.
    public static func exportFigures(from registry: Registry, format: ExportFormat, to output: OutputStream) throws {
        let fields = FigureField.allCases
        let printer = RowPrinter(format: format == .csv ? .csv : format == .json ? .json : .ndjson,
                                 columns: fields.map(\.column), output: output)
        try registry.read {
            try FigureRepository(registry: registry).list(FigureFilter()) { stored in
                printer.write(fields.map { format == .csv ? Cell(stored.figure.text(of: $0)) : stored.figure.cell(of: $0) })
            }
        }
        printer.finish()
    }
}
