// `ipreg report run NAME`: a built-in or saved report's rows, in any format of `sql`.
import ArgumentParser
import IPRegistry

extension IPReg.Report {
    struct Run: ParsableCommand {
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
            let registry = try registryOptions.openForReading()
            try registry.read { db in
                let report = try ReportCatalog.prepare(name, arguments: arguments, in: db)
                try outputOptions.print(columns: report.columnNames) { row in try report.run(eachRow: row) }
            }
        }
    }
}

private extension String {
    func padding(to width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
