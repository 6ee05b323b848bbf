// `ipreg center history CODE`: every change to a center, newest first, with the fields it changed.
import ArgumentParser
import IPRegistry

extension IPReg.CenterCommand {
    struct History: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "history",
            abstract: "List the changes to a center, newest first (also of a removed one)."
        )

        @OptionGroup var registryOptions: RegistryOptions
        @OptionGroup var outputOptions: OutputOptions

        @Argument(help: ArgumentHelp("The center's code (any case).", valueName: "code"))
        var code: String

        func run() throws {
            let registry = try registryOptions.openForReading(tidyingLog: true)
            let entries = try registry.read { db in try CenterRepository(db).history(code: code) }
            try outputOptions.printHistory(entries, of: "center", code: code)
        }
    }
}
