// `ipreg stats list`: case statistics by center, region and period.
import ArgumentParser
import IPRegistry

extension IPReg.Stats {
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "List case statistics.",
            discussion:
                "--from and --to select periods by their start: those starting within the first day of --from and the last day of --to."
        )

        @OptionGroup var registryOptions: RegistryOptions
        @OptionGroup var outputOptions: OutputOptions

        @Option(help: ArgumentHelp("Only this center.", valueName: "code"))
        var center: String?

        @Option(help: ArgumentHelp("Only centers in this division or inside it (repeatable).", valueName: "code"))
        var region: [String] = []

        @Option(help: ArgumentHelp("Only periods starting in or after this period.", valueName: "period"))
        var from: String?

        @Option(help: ArgumentHelp("Only periods starting in or before this period.", valueName: "period"))
        var to: String?

        func run() throws {
            let registry = try registryOptions.openForReading(tidyingLog: true)
            try registry.read { db in
                let codes = try ReferenceCodes.load(from: db, regions: region)
                let filter = try OptionNames.reporting({ $0 }) { try makeFilter(codes) }
                if let center, try CenterRepository(db).find(code: center) == nil {
                    throw RegistryError.notFound("--center \(center): no such center")
                }
                try outputOptions.print(columns: StatisticField.allCases.map(\.column)) { write in
                    try StatisticsRepository(db).list(filter) { statistic in
                        write([
                            .text(statistic.centerCode), .text(statistic.period.text), Cell(statistic.pretrialCases),
                            Cell(statistic.protectionCases), Cell(statistic.source),
                        ])
                    }
                }
            }
        }

        private func makeFilter(_ codes: ReferenceCodes) throws -> StatisticsFilter {
            var filter = StatisticsFilter()
            var failures: [ValidationFailure] = []
            filter.centerCode = center
            filter.regions = FilterValues.regions(region, codes: codes, failures: &failures)
            for (option, value) in [("--from", from), ("--to", to)] {
                guard let value else { continue }
                guard let period = Period(value) else {
                    failures.append(ValidationFailure(field: option, value: value, rule: Period.rule))
                    continue
                }
                if option == "--from" { filter.from = period } else { filter.to = period }
            }
            guard failures.isEmpty else { throw ValidationFailures(failures) }
            return filter
        }
    }
}
