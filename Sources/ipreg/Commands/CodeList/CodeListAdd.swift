// `ipreg industry add CODE` and `ipreg service add CODE`: a new code in one list.
import ArgumentParser
import IPRegistry
import RegistryOutput
import TabularFiles

extension IPReg.CodeListCommands {
    struct Add: ParsableCommand {
        static var configuration: CommandConfiguration {
            CommandConfiguration(
                commandName: "add",
                abstract:
                    "Add an \(Group.codeList == .industries ? "industry" : "service") (code: lowercase a-z, 0-9 and -)."
            )
        }

        @OptionGroup var registryOptions: RegistryOptions

        @Argument(help: ArgumentHelp("The new code: 1-64 characters of lowercase a-z, 0-9 and -.", valueName: "code"))
        var code: String

        @Option(help: ArgumentHelp("The name, usually Chinese.", valueName: "name"))
        var name: String

        @Option(name: .customLong("name-en"), help: ArgumentHelp("The English name.", valueName: "name"))
        var nameEnglish: String?

        func run() throws {
            let registry = try registryOptions.open()
            let list = Group.codeList
            let entry = try OptionNames.reporting(OptionNames.reference(list.singular)) {
                try registry.write { db in
                    try ReferenceRepository(db).addEntry(list, code: code, name: name, nameEnglish: nameEnglish)
                }
            }
            OutputStream.standardError.write("added \(list.singular) \(entry.code) (\(entry.name))\n")
        }
    }
}
