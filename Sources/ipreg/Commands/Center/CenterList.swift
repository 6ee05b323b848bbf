// `ipreg center list`: centers selected by kind, region (with everything inside it), industry,
// service, status and text; AND between options, OR within a repeated one.
import ArgumentParser
import IPRegistry
import RegistryOutput

extension IPReg.CenterCommand {
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "List centers.",
            discussion: """
                Options combine with AND; a repeated option matches any of its values. --region selects \
                centers in that division or inside it (--region 130000 is all of Hebei). table and markdown \
                show a summary; csv, tsv, json and ndjson print every field; geojson prints an RFC 7946 \
                FeatureCollection. --coords gives the coordinates in another system (docs/geography.md).
                """
        )

        @OptionGroup var registryOptions: RegistryOptions
        @OptionGroup var outputOptions: CenterOutputOptions

        @OptionGroup var filterOptions: CenterFilterOptions

        @Option(
            help: ArgumentHelp(
                "Only centers whose name, English name, host or address contains this text (any case).",
                valueName: "text"))
        var search: String?

        @OptionGroup var nearOptions: NearOptions

        @Option(help: ArgumentHelp("Order by code, name, approved or region.", valueName: "key"))
        var sort: CenterFilter.SortKey = .code

        @Option(help: ArgumentHelp("At most this many centers.", valueName: "n"))
        var limit: Int?

        func validate() throws {
            if let limit, limit < 0 { throw ValidationError("--limit must be zero or more") }
            if let search, search.allSatisfy(\.isWhitespace) { throw ValidationError("--search must not be empty") }
        }

        /// The columns of the summary that table and markdown show.
        static let summaryColumns = ["code", "name", "kind", "status", "region_code", "region_name", "industries"]

        func run() throws {
            let registry = try registryOptions.openForReading(tidyingLog: true)
            let coords = outputOptions.coords
            try registry.read { db in
                let centers = try CenterRepository(db)
                let validator = try centers.validator(regions: filterOptions.region)
                let filter = try OptionNames.reportingCenter { try makeFilter(validator) }
                guard let format = outputOptions.format.rows else {
                    let writer = GeoJSONWriter(output: .standardOutput)
                    try centers.list(filter) { writer.write($0.expressingCoordinates(in: coords)) }
                    writer.finish()
                    return
                }
                let summary = format == .table || format == .markdown
                let printer = OutputOptions.printer(
                    format: format, columns: summary ? Self.summaryColumns : CenterSnapshot.keys)
                try centers.list(filter) { stored in
                    printer.write(
                        summary
                            ? Self.summaryCells(of: stored)
                            : CenterSnapshot.cells(of: stored.expressingCoordinates(in: coords)))
                }
                printer.finish()
            }
        }

        /// A center's row of the summary (`summaryColumns`).
        static func summaryCells(of stored: StoredCenter) -> [Cell] {
            let center = stored.center
            return [
                .text(center.code), .text(center.name), .text(center.kind.rawValue), .text(center.status.rawValue),
                .text(center.regionCode), .text(stored.regionName), .list(center.industries),
            ]
        }

        /// Each value checked by the rule of its field, so a typo is an error rather than an empty list.
        func makeFilter(_ validator: CenterValidator) throws -> CenterFilter {
            var filter = try CenterFilter.parsing(filterOptions.selected, validator: validator, naming: .column)
            filter.search = search
            filter.near = try nearOptions.value(in: outputOptions.coords)
            filter.sort = sort
            filter.limit = limit
            return filter
        }
    }
}

extension CenterFilter.SortKey: ExpressibleByArgument {}
