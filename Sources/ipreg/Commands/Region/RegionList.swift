// `ipreg region list`: the divisions, or those directly inside one.
import ArgumentParser
import IPRegistry

extension IPReg.Region {
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "List divisions, or those directly inside one.")

        @OptionGroup var registryOptions: RegistryOptions
        @OptionGroup var outputOptions: OutputOptions

        @Option(help: ArgumentHelp("Only the divisions directly inside this one.", valueName: "code"))
        var parent: String?

        func run() throws {
            let registry = try registryOptions.openForReading(tidyingLog: true)
            let divisions = try registry.read { db in
                let reference = ReferenceRepository(db)
                // A filter value that names no division is invalid data (65), as in every other filter.
                if let parent {
                    guard DivisionCode(parent) != nil else {
                        throw ValidationFailure(field: "--parent", value: parent, rule: DivisionCode.rule)
                    }
                    guard try reference.division(code: parent) != nil else {
                        throw ValidationFailure(field: "--parent", value: parent, rule: "no such division")
                    }
                }
                return try reference.divisions(parent: parent)
            }
            outputOptions.print(columns: ["code", "name", "name_en", "parent_code", "level"]) { write in
                for division in divisions {
                    write([
                        .text(division.code), .text(division.name), Cell(division.nameEnglish),
                        Cell(division.parentCode), .integer(Int64(division.level)),
                    ])
                }
            }
        }
    }
}
