// `ipreg report show NAME`: the SQL a report runs, to read or to start a saved report from.
import ArgumentParser
import IPRegistry
import RegistryOutput
import TabularFiles

extension IPReg.Report {
    struct Show: ParsableCommand {
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
            let registry = try registryOptions.openForReading()
            let report = try registry.read { db in try ReportCatalog.prepare(name, arguments: arguments, in: db) }
            let sql = report.annotatedSQL
            OutputStream.standardOutput.write(
                OutputStream.standardOutput.isTerminal
                    ? ControlCharacters.escaped(sql, keeping: ControlCharacters.isTabOrLineFeed) : sql)
        }
    }
}
