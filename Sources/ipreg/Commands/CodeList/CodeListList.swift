// `ipreg industry list` and `ipreg service list`: the codes of one list with their names.
import ArgumentParser
import IPRegistry

extension IPReg.CodeListCommands {
    struct List: ParsableCommand {
        static var configuration: CommandConfiguration {
            CommandConfiguration(commandName: "list", abstract: "List the \(Group.codeList.rawValue).")
        }

        @OptionGroup var registryOptions: RegistryOptions
        @OptionGroup var outputOptions: OutputOptions

        func run() throws {
            let registry = try registryOptions.openForReading(tidyingLog: true)
            let entries = try registry.read { db in try ReferenceRepository(db).entries(Group.codeList) }
            outputOptions.print(columns: ["code", "name", "name_en"]) { write in
                for entry in entries {
                    write([.text(entry.code), .text(entry.name), Cell(entry.nameEnglish)])
                }
            }
        }
    }
}
