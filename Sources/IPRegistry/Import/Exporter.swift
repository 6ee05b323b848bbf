// `export centers|stats|figures`: the registry as CSV (exactly the import header, so an export
// imports back unchanged), JSON, NDJSON or, for centers and statistics, an Excel workbook (the
// CSV's header and text).
public enum ExportFormat: String, CaseIterable, Sendable { case csv, json, ndjson, xlsx }

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
            case .xlsx:
                let workbook = try WorkbookWriter(output: output, sheetName: "centers")
                try workbook.writeRow(CenterField.allCases.map(\.column))
                try repository.list(CenterFilter()) { stored in
                    try workbook.writeRow(CenterField.allCases.map { stored.center.text(of: $0) })
                }
                try workbook.finish()
            case .json, .ndjson:
                let printer = RowPrinter(format: format == .json ? .json : .ndjson, columns: CenterSnapshot.keys, output: output)
                try repository.list(CenterFilter()) { printer.write(CenterSnapshot.cells(of: $0)) }
                printer.finish()
            }
        }
    }

    public static func exportStatistics(from registry: Registry, format: ExportFormat, to output: OutputStream) throws {
        let columns = StatisticField.allCases.map(\.column)
        if format == .xlsx {
            let workbook = try WorkbookWriter(output: output, sheetName: "stats")
            try workbook.writeRow(columns)
            try registry.read {
                try StatisticsRepository(registry: registry).list(StatisticsFilter()) { statistic in
                    try workbook.writeRow([statistic.centerCode, statistic.period.text, Cell(statistic.pretrialCases).plainText(),
                                           Cell(statistic.protectionCases).plainText(), statistic.source])
                }
            }
            try workbook.finish()
            return
        }
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
        if format == .xlsx {
            let workbook = try WorkbookWriter(output: output, sheetName: "figures")
            try workbook.writeRow(fields.map(\.column))
            try registry.read {
                try FigureRepository(registry: registry).list(FigureFilter()) { stored in
                    try workbook.writeRow(fields.map { stored.figure.text(of: $0) })
                }
            }
            try workbook.finish()
            return
        }
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
