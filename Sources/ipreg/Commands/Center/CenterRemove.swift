// `ipreg center remove CODE`: a removal keeps the center, with its industries, services and
// statistics, in the history, from which `center restore` brings it back.
import ArgumentParser
import IPRegistry
import RegistryOutput
import TabularFiles

extension IPReg.CenterCommand {
    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "remove",
            abstract: "Remove a center (its history keeps it for 'ipreg center restore')."
        )

        @OptionGroup var registryOptions: RegistryOptions

        @Argument(help: ArgumentHelp("The center's code (any case).", valueName: "code"))
        var code: String

        func run() throws {
            let stored = try registryOptions.open().write { db in try CenterRepository(db).remove(code: code) }
            OutputStream.standardError.write(
                "removed center \(stored.center.code) (\(stored.center.name)); 'ipreg center restore \(stored.center.code)' brings it back\n"
            )
        }
    }
}
