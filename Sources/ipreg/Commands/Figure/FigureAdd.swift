// `ipreg figure add`: a published figure, as published, with its source.
import ArgumentParser
import IPRegistry
import RegistryOutput
import TabularFiles

extension IPReg.FigureCommand {
    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add",
            abstract: "Add a published figure, as published, with its source.",
            discussion: """
                The registry's own value is never stored: 'ipreg report run reconcile' computes it. A figure \
                is never split across centers or added into their statistics.
                """
        )

        @OptionGroup var registryOptions: RegistryOptions

        @Option(
            name: .customLong(FigureField.code.optionName),
            help: ArgumentHelp("The figure's code (1-64 of A-Z a-z 0-9 . _ -).", valueName: "code"))
        var code: String

        @Option(
            name: .customLong(FigureField.metric.optionName),
            help: ArgumentHelp("centers, centers-set-up, pretrial-cases or protection-cases.", valueName: "metric"))
        var metric: String

        @Option(
            name: .customLong(FigureField.regions.optionName),
            help: ArgumentHelp(
                "A division the figure covers, with every division inside it (repeatable).", valueName: "code"))
        var region: [String] = []

        @Option(
            name: .customLong(FigureField.kinds.optionName),
            help: ArgumentHelp("A kind of center the figure counts (repeatable; none: every kind).", valueName: "kind"))
        var kind: [String] = []

        @Option(
            name: .customLong(FigureField.industries.optionName),
            help: ArgumentHelp("An industry the figure names (repeatable).", valueName: "code"))
        var industry: [String] = []

        @Option(
            name: .customLong(FigureField.period.optionName),
            help: ArgumentHelp(
                "YYYY, YYYY-Qn, YYYY-MM or YYYY-MM..YYYY-MM; for centers, its last day is the as-of date.",
                valueName: "period"))
        var period: String

        @Option(
            name: .customLong(FigureField.value.optionName), parsing: .unconditional,
            help: ArgumentHelp("The published number, zero or more.", valueName: "n"))
        var value: String

        @Option(
            name: .customLong(FigureField.bound.optionName),
            help: ArgumentHelp("exact (default), at-least (\"more than\") or about (within 5%).", valueName: "bound"))
        var bound: String?

        @Option(
            name: .customLong(FigureField.source.optionName),
            help: ArgumentHelp("Who published it, where, when.", valueName: "text"))
        var source: String

        @Option(
            name: .customLong(FigureField.notes.optionName),
            help: ArgumentHelp("Notes, for example which part of the period is inferred.", valueName: "text"))
        var notes: String?

        func run() throws {
            let raw: [FigureField: String] = [
                .code: code, .metric: metric, .regions: region.joined(separator: ";"),
                .kinds: kind.joined(separator: ";"),
                .industries: industry.joined(separator: ";"), .period: period, .value: value, .bound: bound ?? "",
                .source: source, .notes: notes ?? "",
            ]
            let registry = try registryOptions.open()
            let stored = try OptionNames.reporting(OptionNames.figure) {
                try registry.write { db in
                    let validator = FigureValidator(codes: try ReferenceCodes.load(from: db))
                    return try FigureRepository(db).insert(validator.figure(from: { raw[$0] }).get())
                }
            }
            OutputStream.standardError.write("added figure \(stored.figure.code)\n")
        }
    }
}
