// `ipreg figure list`: published figures by region and metric.
import ArgumentParser
import IPRegistry

extension IPReg.FigureCommand {
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
            let registry = try registryOptions.openForReading(tidyingLog: true)
            try registry.read { db in
                let codes = try ReferenceCodes.load(from: db, regions: region)
                let filter = try OptionNames.reporting({ $0 }) { try makeFilter(codes) }
                let fields = outputOptions.isSummary ? Self.summaryFields : FigureField.allCases
                try outputOptions.print(columns: fields.map(\.column)) { write in
                    try FigureRepository(db).list(filter) { stored in
                        write(fields.map { stored.figure.cell(of: $0) })
                    }
                }
            }
        }

        private func makeFilter(_ codes: ReferenceCodes) throws -> FigureFilter {
            var filter = FigureFilter()
            var failures: [ValidationFailure] = []
            filter.regions = FilterValues.regions(region, codes: codes, failures: &failures)
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
}
