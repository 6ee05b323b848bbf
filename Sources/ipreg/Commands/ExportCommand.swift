// `ipreg export centers|stats|figures`: the registry as CSV, TSV, JSON or NDJSON.
import ArgumentParser
import IPRegistry

struct ExportCommand: ParsableCommand {
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
            "csv, tsv, json, ndjson or xlsx (an Excel workbook; needs --output or a redirect).", valueName: "format"))
    var format: ExportFormat = .csv

    @Option(
        help: ArgumentHelp(
            "Write to this file (complete or not at all) instead of standard output; - is standard output.",
            valueName: "file"))
    var output: String?

    @Flag(help: "Start a CSV or TSV export with a UTF-8 byte-order mark, for spreadsheets.")
    var bom = false

    @OptionGroup var registryOptions: RegistryOptions

    func validate() throws {
        if output?.isEmpty == true { throw ValidationError("--output must name a file") }
        if bom && !format.takesByteOrderMark { throw ValidationError("--bom applies to --format csv or tsv only") }
        if format == .xlsx, output == nil || output == "-", Terminal.standardOutputIsTerminal {
            throw ValidationError(
                "--format xlsx writes a binary workbook: give --output FILE (or redirect standard output)")
        }
    }

    func run() throws {
        let registry = try registryOptions.open()
        let outputPath = output == "-" ? nil : output
        if let outputPath { try registry.refuseAsOutput(outputPath) }
        let file = try outputPath.map { try AtomicFile(path: $0) }
        let stream = file?.stream ?? .standardOutput
        switch what {
        case .centers: try Exporter.exportCenters(from: registry, format: format, bom: bom, to: stream)
        case .stats: try Exporter.exportStatistics(from: registry, format: format, bom: bom, to: stream)
        case .figures: try Exporter.exportFigures(from: registry, format: format, bom: bom, to: stream)
        }
        try file?.commit()
    }
}

extension ExportFormat: ExpressibleByArgument {}
