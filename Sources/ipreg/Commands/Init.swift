// `ipreg init`: creates (or migrates) the registry file and says where it is.
import ArgumentParser
import IPRegistry
import RegistryOutput
import TabularFiles

extension IPReg {
    struct Init: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "init",
            abstract: "Create the registry file, or bring an older one up to date."
        )

        @OptionGroup var registryOptions: RegistryOptions

        func run() throws {
            let registry = try registryOptions.open()
            OutputStream.standardError.write(
                "registry \(registry.path) is ready (schema version \(Registry.schemaVersion))\n")
        }
    }
}
