// `ipreg report remove NAME`: forgets a saved report.
import ArgumentParser
import IPRegistry
import RegistryOutput
import TabularFiles

extension IPReg.Report {
    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "remove", abstract: "Remove a saved report.")

        @OptionGroup var registryOptions: RegistryOptions

        @Argument(help: ArgumentHelp("The saved report's name.", valueName: "name"))
        var name: String

        func run() throws {
            try registryOptions.open().write { db in try SavedReportRepository(db).remove(name: name) }
            OutputStream.standardError.write("removed report \(name)\n")
        }
    }
}
