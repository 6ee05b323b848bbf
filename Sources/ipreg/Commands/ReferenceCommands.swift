// `ipreg region|industry|service list|add`: the reference lists centers point into.
import ArgumentParser
import IPRegistry

struct RegionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "region",
        abstract: "List or add administrative divisions (GB/T 2260 codes).",
        subcommands: [RegionListCommand.self]
    )
}

struct RegionListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List divisions, or those directly inside one.")

    @OptionGroup var registryOptions: RegistryOptions
    @OptionGroup var outputOptions: OutputOptions

    @Option(help: ArgumentHelp("Only the divisions directly inside this one.", valueName: "code"))
    var parent: String?

    func run() throws {
        let registry = try registryOptions.open()
        let reference = ReferenceRepository(registry: registry)
        if let parent, try reference.division(code: parent) == nil {
            throw RegistryError.notFound("--parent \(parent): no such division")
        }
        let divisions = try registry.read { try reference.divisions(parent: parent) }
        let printer = outputOptions.printer(columns: ["code", "name", "name_en", "parent_code", "level"])
        for division in divisions {
            printer.write([.text(division.code), .text(division.name), Cell(division.nameEnglish),
                           Cell(division.parentCode), .integer(Int64(division.level))])
        }
        printer.finish()
    }
}

struct IndustryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "industry",
        abstract: "List or add the industries centers serve.",
        subcommands: [CodeListCommand<IndustryList>.self]
    )
}

struct ServiceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "service",
        abstract: "List or add the services centers give.",
        subcommands: [CodeListCommand<ServiceList>.self]
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
        let entries = try registry.read { try ReferenceRepository(registry: registry).entries(Kind.list) }
        let printer = outputOptions.printer(columns: ["code", "name", "name_en"])
        for entry in entries {
            printer.write([.text(entry.code), .text(entry.name), Cell(entry.nameEnglish)])
        }
        printer.finish()
    }
}
