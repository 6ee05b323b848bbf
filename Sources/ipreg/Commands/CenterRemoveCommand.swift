// `ipreg center remove CODE` and `ipreg center restore CODE`: a removal keeps the center,
// with its industries, services and statistics, in the history, from which a restore brings it back.
import ArgumentParser
import IPRegistry

struct CenterRemoveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove",
        abstract: "Remove a center (its history keeps it for 'ipreg center restore')."
    )

    @OptionGroup var registryOptions: RegistryOptions

    @Argument(help: ArgumentHelp("The center's code (any case).", valueName: "code"))
    var code: String

    func run() throws {
        let registry = try registryOptions.open()
        let stored = try registry.write { db in try CenterRepository(db).remove(code: code) }
        OutputStream.standardError.write(
            "removed center \(stored.center.code) (\(stored.center.name)); 'ipreg center restore \(stored.center.code)' brings it back\n"
        )
    }
}

struct CenterRestoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Bring back a removed center with its industries, services and statistics."
    )

    @OptionGroup var registryOptions: RegistryOptions

    @Argument(help: ArgumentHelp("The removed center's code (any case).", valueName: "code"))
    var code: String

    func run() throws {
        let registry = try registryOptions.open()
        let (stored, statistics) = try OptionNames.reporting({ OptionNames.center($0, positional: "center") }) {
            try registry.write { db in
                let stored = try CenterRepository(db).restore(code: code)
                return (stored, try StatisticsRepository(db).statistics(centerID: stored.id).count)
            }
        }
        let center = stored.center
        func counted(_ count: Int, _ one: String, _ many: String) -> String { "\(count) \(count == 1 ? one : many)" }
        OutputStream.standardError.write(
            "restored center \(center.code) (\(center.name)) with "
                + counted(center.industries.count, "industry", "industries") + ", "
                + counted(center.services.count, "service", "services")
                + " and " + counted(statistics, "period", "periods") + " of statistics\n")
    }
}
