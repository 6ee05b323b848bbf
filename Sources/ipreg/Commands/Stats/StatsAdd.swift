// `ipreg stats add`: the cases a center accepted in one period, added or replacing that period's.
import ArgumentParser
import IPRegistry
import RegistryOutput
import TabularFiles

extension IPReg.Stats {
    struct Add: ParsableCommand {
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
                let statistic = try StatisticValidator.statistic(from: { raw[$0] ?? nil }).get()
                return try registry.write { db in
                    let centers = try CenterRepository(db)
                    guard let stored = try centers.find(code: statistic.centerCode) else {
                        throw ValidationFailure(
                            field: StatisticField.centerCode.column, value: statistic.centerCode, rule: "no such center"
                        )
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
}
