// `ipreg stats add|list`: cases a center accepted per period; periods of one center never overlap.
import ArgumentParser
import IPRegistry

struct StatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Add or list case statistics of centers.",
        subcommands: [StatsAddCommand.self, StatsListCommand.self]
    )
}

extension StatisticField {
    /// The long name of the option that sets the field in `stats add`, which declares its options by
    /// these names.
    var optionName: String {
        switch self {
        case .centerCode: return "center"
        case .period: return "period"
        case .pretrialCases: return "pretrial"
        case .protectionCases: return "protection"
        case .source: return "source"
        }
    }

    var option: String { "--" + optionName }
}

struct StatsAddCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Add the cases a center accepted in a period, or replace the figures of the same period.",
        discussion: """
            A period is YYYY, YYYY-Qn, YYYY-MM or a range of months YYYY-MM..YYYY-MM. A period that overlaps \
            another of the same center (2023 and 2023-05) is refused, so totals never count a case twice.
            """
    )

    @OptionGroup var registryOptions: RegistryOptions

    @Option(
        name: .customLong(StatisticField.centerCode.optionName),
        help: ArgumentHelp("The center's code.", valueName: "code"))
    var center: String

    @Option(
        name: .customLong(StatisticField.period.optionName),
        help: ArgumentHelp("YYYY, YYYY-Qn, YYYY-MM or YYYY-MM..YYYY-MM.", valueName: "period"))
    var period: String

    @Option(
        name: .customLong(StatisticField.pretrialCases.optionName), parsing: .unconditional,
        help: ArgumentHelp("Patent pre-examination cases accepted.", valueName: "n"))
    var pretrial: String?

    @Option(
        name: .customLong(StatisticField.protectionCases.optionName), parsing: .unconditional,
        help: ArgumentHelp("IP protection cases accepted.", valueName: "n"))
    var protection: String?

    @Option(
        name: .customLong(StatisticField.source.optionName),
        help: ArgumentHelp("Where the figures come from (a URL or a citation).", valueName: "text"))
    var source: String?

    func validate() throws {
        if pretrial == nil && protection == nil { throw ValidationError("give --pretrial, --protection or both") }
    }

    func run() throws {
        let raw: [StatisticField: String?] = [
            .centerCode: center, .period: period, .pretrialCases: pretrial,
            .protectionCases: protection, .source: source,
        ]
        let registry = try registryOptions.open()
        let (statistic, replaced) = try OptionNames.reporting(OptionNames.statistic) {
            let statistic: CaseStatistic
            switch StatisticValidator.statistic(from: { raw[$0] ?? nil }) {
            case .success(let value): statistic = value
            case .failure(let failures): throw failures
            }
            return try registry.write { db in
                let centers = try CenterRepository(db)
                guard let stored = try centers.find(code: statistic.centerCode) else {
                    throw ValidationFailure(
                        field: StatisticField.centerCode.column, value: statistic.centerCode, rule: "no such center")
                }
                var named = statistic
                named.centerCode = stored.center.code
                return (named, try centers.addStatistic(named))
            }
        }
        OutputStream.standardError.write(
            "\(replaced ? "replaced" : "added") statistics of center \(statistic.centerCode) for \(statistic.period.text)\n"
        )
    }
}

struct StatsListCommand: ParsableCommand {
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
        let registry = try registryOptions.open()
        try registry.read { db in
            let codes = try ReferenceCodes.load(from: db)
            let filter = try OptionNames.reporting({ $0 }) { try makeFilter(codes) }
            if let center, try CenterRepository(db).find(code: center) == nil {
                throw RegistryError.notFound("--center \(center): no such center")
            }
            let printer = outputOptions.printer(columns: StatisticField.allCases.map(\.column))
            try StatisticsRepository(db).list(filter) { statistic in
                printer.write([
                    .text(statistic.centerCode), .text(statistic.period.text), Cell(statistic.pretrialCases),
                    Cell(statistic.protectionCases), Cell(statistic.source),
                ])
            }
            printer.finish()
        }
    }

    private func makeFilter(_ codes: ReferenceCodes) throws -> StatisticsFilter {
        var filter = StatisticsFilter()
        var failures: [ValidationFailure] = []
        filter.centerCode = center
        let validator = CenterValidator(codes: codes)
        for value in region {
            var scratch = Center(code: "", name: "", kind: .protection, regionCode: "")
            do throws(ValidationFailure) {
                try validator.apply(.regionCode, raw: value, to: &scratch)
                filter.regions.append(scratch.regionCode)
            } catch {
                failures.append(ValidationFailure(field: "--region", value: error.value, rule: error.rule))
            }
        }
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
