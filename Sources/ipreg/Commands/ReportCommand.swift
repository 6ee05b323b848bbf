// `ipreg report list|run|save|remove`: the built-in reports and the ones users save.
import ArgumentParser
import IPRegistry

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "List, run, save and remove reports.",
        subcommands: [
            ReportListCommand.self, ReportRunCommand.self, ReportShowCommand.self, ReportSaveCommand.self,
            ReportRemoveCommand.self,
        ]
    )
}

struct ReportListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List the built-in and saved reports.")

    @OptionGroup var registryOptions: RegistryOptions
    @OptionGroup var outputOptions: OutputOptions

    func run() throws {
        let registry = try registryOptions.openForQueries()
        let reports = try registry.read { db in try ReportCatalog.all(in: db) }
        let printer = outputOptions.printer(columns: ["name", "type", "parameters", "description"])
        for report in reports {
            printer.write([
                .text(report.name), .text(report.isBuiltIn ? "built-in" : "saved"),
                .list(report.parameters), Cell(report.description),
            ])
        }
        printer.finish()
    }
}

struct ReportRunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a built-in or saved report.",
        discussion: builtInReports
    )

    /// The built-in reports and their parameters, from the reports themselves: a new report or
    /// parameter shows here as soon as it exists.
    static var builtInReports: String {
        let width = BuiltInReport.allCases.flatMap(\.parameters).map(\.name.count).max() ?? 0
        var text = "Built-in reports and their parameters (--param NAME=VALUE):\n"
        for report in BuiltInReport.allCases {
            text += "  \(report.name)\n"
            for parameter in report.parameters {
                text += "    \(parameter.name.padding(to: width))  \(parameter.help)\n"
            }
        }
        return text + """
            region 130000 takes in all of Hebei; from and to are periods: 2023, 2023-Q1, 2023-05 or \
            2023-01..2023-10. A saved report takes the parameters its SQL names.
            """
    }

    @OptionGroup var registryOptions: RegistryOptions

    @Argument(help: ArgumentHelp("The report's name (see 'ipreg report list').", valueName: "name"))
    var name: String

    @OptionGroup var parameterOptions: ParameterOptions
    @OptionGroup var outputOptions: QueryOutputOptions

    func run() throws {
        let arguments = try parameterOptions.values()
        let registry = try registryOptions.openForQueries()
        try registry.read { db in
            let report = try ReportCatalog.prepare(name, arguments: arguments, in: db)
            try outputOptions.print(columns: report.columnNames) { row in try report.run(eachRow: row) }
        }
    }
}

struct ReportShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Print the SQL a report runs, with the values of its parameters as comments.",
        discussion:
            "A built-in report's SQL depends on the parameters given; copy it to start a saved report of your own."
    )

    @OptionGroup var registryOptions: RegistryOptions

    @Argument(help: ArgumentHelp("The report's name (see 'ipreg report list').", valueName: "name"))
    var name: String

    @OptionGroup var parameterOptions: ParameterOptions

    func run() throws {
        let arguments = try parameterOptions.values()
        let registry = try registryOptions.openForQueries()
        let report = try registry.read { db in try ReportCatalog.prepare(name, arguments: arguments, in: db) }
        let sql = report.annotatedSQL
        OutputStream.standardOutput.write(
            OutputStream.standardOutput.isTerminal
                ? ControlCharacters.escaped(sql, keeping: ControlCharacters.isTabOrLineFeed) : sql)
    }
}

struct ReportSaveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "save",
        abstract: "Save a read-only SQL query as a report.",
        discussion:
            "The SQL must compile against the registry and only read. Saving under an existing saved name replaces it."
    )

    @OptionGroup var registryOptions: RegistryOptions

    @Argument(help: ArgumentHelp("The report's name: 1-64 characters of a-z, 0-9 and -.", valueName: "name"))
    var name: String

    // Unconditional: the SQL may start with a comment (`-- note`), which looks like an option.
    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("The report's SQL.", valueName: "query"))
    var sql: String?

    @Option(
        name: .long,
        help: ArgumentHelp("Read the report's SQL from this file (- for standard input).", valueName: "file"))
    var file: String?

    @Option(name: .long, help: ArgumentHelp("What the report shows.", valueName: "text"))
    var description: String?

    func validate() throws {
        if (sql == nil) == (file == nil) { throw ValidationError("give exactly one of --sql QUERY and --file FILE") }
    }

    func run() throws {
        let text: String
        switch (sql, file) {
        case (let query?, _): text = query
        case (_, "-"?): text = try QueryText.readStandardInput()
        case (_, let path?): text = try QueryText.read(path: path)
        default: return
        }
        let registry = try registryOptions.open()
        let replaced = try registry.write { db in
            try SavedReportRepository(db).save(name: name, sql: text, description: description)
        }
        OutputStream.standardError.write("\(replaced ? "replaced" : "saved") report \(name)\n")
    }
}

struct ReportRemoveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "remove", abstract: "Remove a saved report.")

    @OptionGroup var registryOptions: RegistryOptions

    @Argument(help: ArgumentHelp("The saved report's name.", valueName: "name"))
    var name: String

    func run() throws {
        let registry = try registryOptions.open()
        try registry.write { db in try SavedReportRepository(db).remove(name: name) }
        OutputStream.standardError.write("removed report \(name)\n")
    }
}

private extension String {
    func padding(to width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
