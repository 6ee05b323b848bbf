// `ipreg report list`: the built-in and saved reports, with their parameters.
import ArgumentParser
import IPRegistry

extension IPReg.Report {
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "List the built-in and saved reports.")

        @OptionGroup var registryOptions: RegistryOptions
        @OptionGroup var outputOptions: OutputOptions

        func run() throws {
            let registry = try registryOptions.openForReading()
            let reports = try registry.read { db in try ReportCatalog.all(in: db) }
            outputOptions.print(columns: ["name", "type", "parameters", "description"]) { write in
                for report in reports {
                    write([
                        .text(report.name), .text(report.isBuiltIn ? "built-in" : "saved"),
                        .list(report.parameters), Cell(report.description),
                    ])
                }
            }
        }
    }
}
