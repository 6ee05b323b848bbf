// `--format` and `--bar` of `sql` and `report run`: every row format, and a bar chart.
import ArgumentParser
import IPRegistry
import RegistryOutput
import TabularFiles

enum QueryFormat: String, CaseIterable, ExpressibleByArgument {
    case table, csv, tsv, json, ndjson, markdown, chart
}

struct QueryOutputOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp("Output format: table, csv, tsv, json, ndjson, markdown or chart.", valueName: "format"))
    var format: QueryFormat = .table

    @Option(
        name: .customLong("bar"),
        help: ArgumentHelp(
            "With --format chart: a numeric column to draw (repeat for several; default: the last numeric column).",
            valueName: "column"))
    var barColumns: [String] = []

    func validate() throws {
        if !barColumns.isEmpty && format != .chart { throw ValidationError("--bar needs --format chart") }
    }

    /// Prints the rows `produce` hands over, in the chosen format. (Parameters that do not
    /// match the query throw ParameterError, a usage error: ErrorReporter.)
    func print(columns: [String], _ produce: (_ row: ([Cell]) throws -> Void) throws -> Void) throws {
        try Self.print(format: format, barColumns: barColumns, columns: columns, produce)
    }

    /// The same, from plain values (FastPath.swift runs without a parsed instance).
    static func print(
        format: QueryFormat, barColumns: [String], columns: [String],
        _ produce: (_ row: ([Cell]) throws -> Void) throws -> Void
    ) throws {
        if format == .chart {
            var rows: [[Cell]] = []
            try produce { rows.append($0) }
            let chart = try BarChart(columns: columns, rows: rows, barColumns: barColumns)
            let text = chart.render(width: Terminal.width ?? 80)
            OutputStream.standardOutput.write(
                OutputStream.standardOutput.isTerminal
                    ? ControlCharacters.escaped(text, keeping: ControlCharacters.isTabOrLineFeed) : text)
            return
        }
        let printer = RowPrinter(
            format: OutputFormat(rawValue: format.rawValue) ?? .table, columns: columns,
            output: .standardOutput, terminalWidth: Terminal.width)
        try produce { printer.write($0) }
        printer.finish()
    }
}
