// `ipreg figure add|list|remove|history`: figures an administration publishes about a whole region,
// kept as published with their source; `report run reconcile` holds them against the registry.
import ArgumentParser
import IPRegistry

struct FigureCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "figure",
        abstract: "Add, list or remove published figures (what administrations publish about a region).",
        subcommands: [Add.self, List.self, Remove.self, History.self]
    )

    /// `--region` for `regions`, `--kind` for `kinds`: errors name the option the user typed.
    static func optionName(_ field: String) -> String {
        FigureField(rawValue: field)?.option ?? "--" + field
    }
}

extension FigureField {
    /// The long name of the option that sets the field in `figure add`, which declares its options
    /// by these names: one value per option, so the lists are singular.
    var optionName: String {
        switch self {
        case .regions: return "region"
        case .kinds: return "kind"
        case .industries: return "industry"
        default: return rawValue
        }
    }

    var option: String { "--" + optionName }
}

extension FigureCommand {
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
            let stored = try OptionNames.reporting(FigureCommand.optionName) {
                try registry.write { db in
                    let validator = FigureValidator(codes: try ReferenceCodes.load(from: db))
                    switch validator.figure(from: { raw[$0] }) {
                    case .success(let figure): return try FigureRepository(db).insert(figure)
                    case .failure(let failures): throw failures
                    }
                }
            }
            OutputStream.standardError.write("added figure \(stored.figure.code)\n")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "List published figures, by code.",
            discussion: "table and markdown leave out source and notes; csv, tsv, json and ndjson give every field."
        )

        @OptionGroup var registryOptions: RegistryOptions
        @OptionGroup var outputOptions: OutputOptions

        @Option(
            help: ArgumentHelp("Only figures naming this division or one inside it (repeatable).", valueName: "code"))
        var region: [String] = []

        @Option(help: ArgumentHelp("Only figures of this metric (repeatable).", valueName: "metric"))
        var metric: [String] = []

        static let summaryFields: [FigureField] = [
            .code, .metric, .regions, .kinds, .industries, .period, .value, .bound,
        ]

        func run() throws {
            let registry = try registryOptions.open()
            try registry.read { db in
                let filter = try OptionNames.reporting({ $0 }) { try makeFilter(ReferenceCodes.load(from: db)) }
                let summary = outputOptions.format == .table || outputOptions.format == .markdown
                let fields = summary ? Self.summaryFields : FigureField.allCases
                let printer = outputOptions.printer(columns: fields.map(\.column))
                try FigureRepository(db).list(filter) { stored in
                    printer.write(fields.map { stored.figure.cell(of: $0) })
                }
                printer.finish()
            }
        }

        private func makeFilter(_ codes: ReferenceCodes) throws -> FigureFilter {
            var filter = FigureFilter()
            var failures: [ValidationFailure] = []
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
            for value in metric {
                do throws(ValidationFailure) {
                    filter.metrics.append(try FigureValidator.metric(value))
                } catch {
                    failures.append(ValidationFailure(field: "--metric", value: error.value, rule: error.rule))
                }
            }
            guard failures.isEmpty else { throw ValidationFailures(failures) }
            return filter
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "remove",
            abstract: "Remove a published figure (its history keeps it)."
        )

        @OptionGroup var registryOptions: RegistryOptions

        @Argument(help: ArgumentHelp("The figure's code (any case).", valueName: "code"))
        var code: String

        func run() throws {
            let registry = try registryOptions.open()
            let stored = try registry.write { db in try FigureRepository(db).remove(code: code) }
            OutputStream.standardError.write("removed figure \(stored.figure.code)\n")
        }
    }

    struct History: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "history",
            abstract: "List the changes to a figure, newest first (also of a removed one)."
        )

        @OptionGroup var registryOptions: RegistryOptions
        @OptionGroup var outputOptions: OutputOptions

        @Argument(help: ArgumentHelp("The figure's code (any case).", valueName: "code"))
        var code: String

        func run() throws {
            let registry = try registryOptions.open()
            let entries = try registry.read { db in try FigureRepository(db).history(code: code) }
            guard !entries.isEmpty else {
                throw RegistryError.notFound("figure \(code): no such figure, and no history")
            }
            let printer = outputOptions.printer(columns: ["changed_at", "change", "fields"])
            for entry in entries {
                printer.write([.text(entry.changedAt), .text(entry.change.rawValue), .list(entry.changedFields)])
            }
            printer.finish()
        }
    }
}
