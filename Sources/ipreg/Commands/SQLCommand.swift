// `ipreg sql`: one read-only SQL statement against the registry, its rows in any output format.
// Also the pieces `report` shares with it: --param, --format with chart, opening for queries.
import ArgumentParser
import IPRegistry

struct SQLCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sql",
        abstract: "Run one read-only SQL query and print its rows.",
        discussion: """
            The registry is opened read-only and the statement must only read (SELECT, WITH, \
            PRAGMAs that report): anything that would write, ATTACH, a transaction or more than \
            one statement is refused with status 65 and nothing changes. Parameters are bound by \
            name (:name in the SQL), never pasted into it. Tables and views: see README.md.
            """
    )

    @OptionGroup var registryOptions: RegistryOptions

    /// Every input ArgumentParser does not recognise, so that a query may start with a comment
    /// (`-- note`), which it would otherwise read as an unknown option; `validate()` allows one.
    @Argument(
        parsing: .allUnrecognized,
        help: ArgumentHelp("The SQL query; - reads it from standard input.", valueName: "query"))
    var queryArguments: [String] = []

    var query: String? { queryArguments.first }

    @Option(
        name: .long, help: ArgumentHelp("Read the SQL query from this file (- for standard input).", valueName: "file"))
    var file: String?

    @OptionGroup var parameterOptions: ParameterOptions
    @OptionGroup var outputOptions: QueryOutputOptions

    func validate() throws {
        for argument in queryArguments where Self.looksLikeAnOption(argument) {
            throw ValidationError("Unknown option '\(argument)'")
        }
        if queryArguments.count > 1 {
            throw ValidationError("Unexpected argument '\(queryArguments[1])': give one query")
        }
        if (query == nil) == (file == nil) {
            throw ValidationError(
                query == nil
                    ? "give a query, --file FILE, or - to read standard input"
                    : "give either a query or --file, not both")
        }
    }

    /// `--name` or `-n`, with or without `=value`: what a mistyped option looks like. SQL that starts
    /// with a comment has white space in it (`-- note` and the statement on the next line).
    static func looksLikeAnOption(_ argument: String) -> Bool {
        guard argument.hasPrefix("-"), argument != "-" else { return false }
        let name = argument.prefix { $0 != "=" }
        return !name.contains { $0.isWhitespace }
    }

    func run() throws {
        let (sql, source): (String, ReadOnlyQuery.Source)
        switch (query, file) {
        case ("-"?, _), (_, "-"?): (sql, source) = (try QueryText.readStandardInput(), .standardInput)
        case (let text?, _): (sql, source) = (text, .argument)
        case (_, let path?): (sql, source) = (try QueryText.read(path: path), .file(path))
        default: return
        }
        let values = try parameterOptions.values().mapValues(QueryParameter.value(of:))
        let registry = try registryOptions.openForQueries()
        try registry.read { db in
            let query = try ReadOnlyQuery(db, sql: sql, source: source)
            try outputOptions.print(columns: query.columnNames) { row in try query.run(values, eachRow: row) }
        }
    }
}

/// `--param NAME=VALUE`, repeatable.
struct ParameterOptions: ParsableArguments {
    @Option(
        name: .customLong("param"),
        help: ArgumentHelp(
            "A value for parameter :NAME (numbers bind as numbers, anything else as text).", valueName: "name=value"))
    var parameters: [String] = []

    /// The values by name; a malformed or repeated --param is a usage error.
    func values() throws -> [String: String] {
        var values: [String: String] = [:]
        for parameter in parameters {
            guard let equals = parameter.firstIndex(of: "=") else {
                throw CommandFailure.usage("--param \(parameter): expected NAME=VALUE")
            }
            var name = String(parameter[..<equals])
            if let first = name.first, ":@$".contains(first) { name.removeFirst() }
            guard !name.isEmpty else {
                throw CommandFailure.usage("--param \(parameter): the name is missing (NAME=VALUE)")
            }
            guard values[name] == nil else { throw CommandFailure.usage("--param \(name) is given twice") }
            values[name] = String(parameter[parameter.index(after: equals)...])
        }
        return values
    }
}

/// The formats of `sql` and `report run`: every row format, and a bar chart.
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
