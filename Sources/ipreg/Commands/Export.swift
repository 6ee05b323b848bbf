// `ipreg export centers|stats|figures`: the registry as CSV, TSV, JSON, NDJSON, a workbook, or
// (centers) GeoJSON; `--coords` writes the centers' coordinates in another system.
import ArgumentParser
import IPRegistry
import RegistryOutput
import TabularFiles

extension IPReg {
    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "export",
            abstract:
                "Export centers, statistics or figures as CSV or TSV (the import formats), JSON, NDJSON or an Excel workbook."
        )

        enum What: String, CaseIterable, ExpressibleByArgument { case centers, stats, figures }

        @Argument(help: ArgumentHelp("centers, stats or figures.", valueName: "kind"))
        var what: What

        @Option(
            help: ArgumentHelp(
                "csv, tsv, json, ndjson, xlsx (an Excel workbook; needs --output or a redirect) or geojson "
                    + "(centers only: an RFC 7946 FeatureCollection).", valueName: "format"))
        var format: ExportFormat = .csv

        @OptionGroup var fileOutput: FileOutputOptions

        @Flag(help: "Start a CSV or TSV export with a UTF-8 byte-order mark, for spreadsheets.")
        var bom = false

        @Flag(
            help: ArgumentHelp(
                "Write a CSV or TSV export for a spreadsheet: a field that starts with =, +, -, @, a tab or a "
                    + "carriage return (and is not a plain number) gets a ' first, so the spreadsheet shows it as "
                    + "text instead of running it as a formula. Such a file no longer imports back exactly."))
        var spreadsheetSafe = false

        @OptionGroup var coordinates: CoordinateOptions

        @OptionGroup var nearOptions: NearOptions

        @OptionGroup var registryOptions: RegistryOptions

        func validate() throws {
            if what != .centers, try nearOptions.value() != nil {
                throw ValidationError("--near and --within apply to export centers only")
            }
            try fileOutput.checkPath()
            if format == .geojson && what != .centers {
                throw ValidationError("--format geojson applies to export centers only")
            }
            if coordinates.coords != .wgs84 && what != .centers {
                throw ValidationError("--coords applies to export centers only: \(what.rawValue) have no coordinates")
            }
            if bom && !format.takesByteOrderMark { throw ValidationError("--bom applies to --format csv or tsv only") }
            if spreadsheetSafe && !format.takesByteOrderMark {
                throw ValidationError(
                    "--spreadsheet-safe applies to --format csv or tsv only (a workbook holds text as text already)")
            }
            if format == .xlsx, fileOutput.path == nil, Terminal.standardOutputIsTerminal {
                throw ValidationError(
                    "--format xlsx writes a binary workbook: give --output FILE (or redirect standard output)")
            }
        }

        func run() throws {
            let registry = try registryOptions.openForReading(tidyingLog: true)
            try fileOutput.refuse(registry)
            try fileOutput.write { stream in
                switch what {
                case .centers:
                    var filter = CenterFilter()
                    filter.near = try nearOptions.value(in: coordinates.coords)
                    try Exporter.exportCenters(
                        from: registry, format: format, bom: bom, spreadsheetSafe: spreadsheetSafe,
                        coordinates: coordinates.coords, filter: filter, to: stream)
                case .stats:
                    try Exporter.exportStatistics(
                        from: registry, format: format, bom: bom, spreadsheetSafe: spreadsheetSafe, to: stream)
                case .figures:
                    try Exporter.exportFigures(
                        from: registry, format: format, bom: bom, spreadsheetSafe: spreadsheetSafe, to: stream)
                }
            }
        }
    }
}

extension ExportFormat: ExpressibleByArgument {}
