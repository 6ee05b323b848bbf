// `ipreg region add CODE`: a division; its parent and level follow from its code.
import ArgumentParser
import IPRegistry
import RegistryOutput
import TabularFiles

extension IPReg.Region {
    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add",
            abstract: "Add a division; its parent and level follow from its code.",
            discussion: """
                XX0000 is provincial; XXYY00 is inside XX0000; XXYYZZ is inside XXYY00 when that exists, \
                else directly inside XX0000 (as Beijing's 1101xx districts are). The provincial-level division \
                must exist first. A new XXYY00 becomes the parent of the XXYYZZ divisions that sat directly \
                inside the province.
                """
        )

        @OptionGroup var registryOptions: RegistryOptions

        @Argument(help: ArgumentHelp("The six-digit division code (GB/T 2260).", valueName: "code"))
        var code: String

        @Option(help: ArgumentHelp("The official Chinese name.", valueName: "name"))
        var name: String

        @Option(name: .customLong("name-en"), help: ArgumentHelp("The English name.", valueName: "name"))
        var nameEnglish: String?

        func run() throws {
            let registry = try registryOptions.open()
            let (division, moved) = try OptionNames.reporting(OptionNames.reference("region")) {
                try registry.write { db in
                    try ReferenceRepository(db).addDivision(code: code, name: name, nameEnglish: nameEnglish)
                }
            }
            var message = "added region \(division.code) (\(division.name))"
            message += division.parentCode.map { ", level \(division.level), inside \($0)" } ?? ", provincial level"
            if moved > 0 { message += "; \(moved) division\(moved == 1 ? "" : "s") moved inside it" }
            OutputStream.standardError.write(message + "\n")
        }
    }
}
