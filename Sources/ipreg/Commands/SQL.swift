// `ipreg sql`: one read-only SQL statement against the registry, its rows in any output format.
import ArgumentParser
import IPRegistry

extension IPReg {
    struct SQL: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "sql",
            abstract: "Run one read-only SQL query and print its rows.",
            discussion: """
                The registry is opened read-only and the statement must only read (SELECT, WITH, \
                PRAGMAs that report): anything that would write, ATTACH, a transaction or more than \
                one statement is refused with status 65 and nothing changes. Parameters are bound by \
                name (:name in the SQL), never pasted into it. Tables and views: see docs/reports.md.
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
            name: .long,
            help: ArgumentHelp("Read the SQL query from this file (- for standard input).", valueName: "file"))
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
            try Self.run(
                query: query, file: file, parameters: parameterOptions.values,
                registry: registryOptions.settings, format: outputOptions.format, barColumns: outputOptions.barColumns)
        }

        /// The command from plain values, as `run()` and FastPath.swift call it.
        static func run(
            query: String?, file: String?, parameters: () throws -> [String: String],
            registry settings: RegistrySettings,
            format: QueryFormat, barColumns: [String]
        ) throws {
            let (sql, source): (String, ReadOnlyQuery.Source)
            switch (query, file) {
            case ("-"?, _), (_, "-"?): (sql, source) = (try QueryText.readStandardInput(), .standardInput)
            case (let text?, _): (sql, source) = (text, .argument)
            case (_, let path?): (sql, source) = (try QueryText.read(path: path), .file(path))
            default: return
            }
            let values = try parameters().mapValues(QueryParameter.value(of:))
            let registry = try settings.openForReading()
            try registry.read { db in
                let query = try ReadOnlyQuery(db, sql: sql, source: source)
                try QueryOutputOptions.print(format: format, barColumns: barColumns, columns: query.columnNames) {
                    row in try query.run(values, eachRow: row)
                }
            }
        }
    }
}
