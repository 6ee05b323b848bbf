// `ipreg backup PATH`: writes a consistent copy of the registry, even while others write to it.
import ArgumentParser
import IPRegistry
import RegistryOutput
import TabularFiles

extension IPReg {
    struct Backup: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "backup",
            abstract: "Write a consistent copy of the registry to a file.",
            discussion: """
                The copy is written beside PATH under a temporary name and renamed to PATH once it is \
                complete and on disk, so PATH never holds a partial copy. Others may read and write \
                the registry meanwhile. The copy is a registry itself: use it with --db, or move it into place.
                """
        )

        @OptionGroup var registryOptions: RegistryOptions

        @Argument(help: ArgumentHelp("The file to write (replaced when it exists).", valueName: "path"))
        var path: String

        func run() throws {
            let registry = try registryOptions.openForReading(asItIs: true)
            let summary = try RegistryBackup.write(registry, to: path)
            OutputStream.standardError.write(
                "backup of \(registry.path) written to \(summary.path) (\(summary.bytes) bytes)\n")
        }
    }
}
