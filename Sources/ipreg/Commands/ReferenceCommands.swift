// `ipreg region|industry|service list|add`: the reference lists centers point into.
import ArgumentParser
import IPRegistry

struct RegionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "region",
        abstract: "List or add administrative divisions (GB/T 2260 codes).",
        subcommands: [RegionListCommand.self, RegionAddCommand.self]
    )
}

struct RegionListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List divisions, or those directly inside one.")

    @OptionGroup var registryOptions: RegistryOptions
    @OptionGroup var outputOptions: OutputOptions

    @Option(help: ArgumentHelp("Only the divisions directly inside this one.", valueName: "code"))
    var parent: String?

    func run() throws {
        let registry = try registryOptions.open()
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
        let printer = outputOptions.printer(columns: ["code", "name", "name_en", "parent_code", "level"])
        for division in divisions {
            printer.write([
                .text(division.code), .text(division.name), Cell(division.nameEnglish),
                Cell(division.parentCode), .integer(Int64(division.level)),
            ])
        }
        printer.finish()
    }
}

struct RegionAddCommand: ParsableCommand {
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
        let (division, moved) = try OptionNames.reporting(ReferenceOptionNames.named("region")) {
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

/// Names refused values of `region|industry|service add`: the code argument by what it is, names by option.
enum ReferenceOptionNames {
    static func named(_ argument: String) -> (String) -> String {
        { field in
            switch field {
            case "code": return argument
            case "name_en": return "--name-en"
            default: return "--" + field
            }
        }
    }
}

struct IndustryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "industry",
        abstract: "List or add the industries centers serve.",
        subcommands: [CodeListCommand<IndustryList>.self, CodeAddCommand<IndustryList>.self]
    )
}

struct ServiceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "service",
        abstract: "List or add the services centers give.",
        subcommands: [CodeListCommand<ServiceList>.self, CodeAddCommand<ServiceList>.self]
    )
}

protocol CodeListKind { static var list: CodeList { get } }
enum IndustryList: CodeListKind { static let list = CodeList.industries }
enum ServiceList: CodeListKind { static let list = CodeList.services }

struct CodeListCommand<Kind: CodeListKind>: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(commandName: "list", abstract: "List the \(Kind.list.rawValue).")
    }

    @OptionGroup var registryOptions: RegistryOptions
    @OptionGroup var outputOptions: OutputOptions

    func run() throws {
        let registry = try registryOptions.open()
        let entries = try registry.read { db in try ReferenceRepository(db).entries(Kind.list) }
        let printer = outputOptions.printer(columns: ["code", "name", "name_en"])
        for entry in entries {
            printer.write([.text(entry.code), .text(entry.name), Cell(entry.nameEnglish)])
        }
        printer.finish()
    }
}

struct CodeAddCommand<Kind: CodeListKind>: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: "add",
            abstract: "Add an \(Kind.list == .industries ? "industry" : "service") (code: lowercase a-z, 0-9 and -).")
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
        let entry = try OptionNames.reporting(ReferenceOptionNames.named(Kind.list.singular)) {
            try registry.write { db in
                try ReferenceRepository(db).addEntry(Kind.list, code: code, name: name, nameEnglish: nameEnglish)
            }
        }
        OutputStream.standardError.write("added \(Kind.list.singular) \(entry.code) (\(entry.name))\n")
    }
}
