// `ipreg center restore CODE`: brings a removed center back from its history, with its
// industries, services and statistics.
import ArgumentParser
import IPRegistry
import RegistryOutput
import TabularFiles

extension IPReg.CenterCommand {
    struct Restore: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "restore",
            abstract: "Bring back a removed center with its industries, services and statistics."
        )

        @OptionGroup var registryOptions: RegistryOptions

        @Argument(help: ArgumentHelp("The removed center's code (any case).", valueName: "code"))
        var code: String

        func run() throws {
            let registry = try registryOptions.open()
            let (stored, statistics) = try OptionNames.reportingCenter(positional: "center") {
                try registry.write { db in
                    let stored = try CenterRepository(db).restore(code: code)
                    return (stored, try StatisticsRepository(db).statistics(centerID: stored.id).count)
                }
            }
            let center = stored.center
            func counted(_ count: Int, _ one: String, _ many: String) -> String {
                "\(count) \(count == 1 ? one : many)"
            }
            OutputStream.standardError.write(
                "restored center \(center.code) (\(center.name)) with "
                    + counted(center.industries.count, "industry", "industries") + ", "
                    + counted(center.services.count, "service", "services")
                    + " and " + counted(statistics, "period", "periods") + " of statistics\n")
        }
    }
}
