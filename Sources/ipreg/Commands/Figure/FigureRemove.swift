// `ipreg figure remove CODE`: removes a published figure; its history keeps it.
import ArgumentParser
import IPRegistry
import RegistryOutput
import TabularFiles

extension IPReg.FigureCommand {
    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "remove",
            abstract: "Remove a published figure (its history keeps it)."
        )

        @OptionGroup var registryOptions: RegistryOptions

        @Argument(help: ArgumentHelp("The figure's code (any case).", valueName: "code"))
        var code: String

        func run() throws {
            let stored = try registryOptions.open().write { db in try FigureRepository(db).remove(code: code) }
            OutputStream.standardError.write("removed figure \(stored.figure.code)\n")
        }
    }
}
