// `ipreg import centers|stats|regions|figures FILE|-`: a CSV batch in one transaction (or a
// workbook's sheet, or centers as GeoJSON).
import ArgumentParser
import IPRegistry
import RegistryOutput
import TabularFiles
import WebPages

extension IPReg {
    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract:
                "Import a CSV or TSV file of centers, statistics, regions or published figures, in one transaction.",
            discussion: """
                Every row is checked with the same rules as the commands. By default nothing is written \
                when any row is invalid; the first 20 problems are reported as FILE:LINE: error: ... \
                The summary line goes to standard error; with --format json, the report (the counts and \
                every row error) also goes to standard output as one JSON object, the one the web API's \
                /api/import answers with.
                """
        )

        @Argument(help: ArgumentHelp("What the file holds: centers, stats, regions or figures.", valueName: "kind"))
        var kind: Importer.Kind

        @Argument(
            help: ArgumentHelp(
                "The CSV or TSV file (.tsv, or tabs in the header), an Excel workbook (.xlsx), a GeoJSON "
                    + "FeatureCollection of centers (.geojson, or { first), or - for standard input (CSV or TSV).",
                valueName: "file"))
        var file: String

        @Flag(help: "Check and report, write nothing.")
        var dryRun = false

        @Option(help: ArgumentHelp("When a row's code already exists: fail, skip or update.", valueName: "policy"))
        var onConflict: ConflictPolicy = .fail

        @Option(
            help: ArgumentHelp(
                "Write invalid rows, with an error column first, to this file (- for standard output) and import the valid ones.",
                valueName: "file"))
        var rejects: String?

        @Option(
            help: ArgumentHelp(
                "The text file's encoding: utf-8 (the default; a UTF-16 byte-order mark is recognised), "
                    + "gb18030 (also GBK, GB2312) or utf-16.", valueName: "encoding"))
        var encoding: TextEncoding?
        @Option(
            help: ArgumentHelp(
                "In an Excel workbook, the sheet to import (default: the first worksheet).", valueName: "name"))
        var sheet: String?

        @Option(
            help: ArgumentHelp(
                "text (the summary line alone), or json: the report on standard output as well.",
                valueName: "format"))
        var format: ReportFormat = .text

        enum ReportFormat: String, ExpressibleByArgument {
            case text, json
        }

        @OptionGroup var coordinates: CoordinateOptions

        @OptionGroup var registryOptions: RegistryOptions

        func validate() throws {
            if coordinates.coords != .wgs84 && kind != .centers {
                throw ValidationError("--coords applies to import centers only: \(kind.rawValue) have no coordinates")
            }
            if format == .json && rejects == "-" {
                throw ValidationError("--format json and --rejects - would both write to standard output")
            }
            if sheet?.isEmpty == true { throw ValidationError("--sheet must name a sheet") }
            if rejects?.isEmpty == true { throw ValidationError("--rejects must name a file") }
        }

        func run() throws {
            let input = try InputFile(path: file)
            let registry = try registryOptions.open()
            if let rejects, rejects != "-" { try registry.refuseAsOutput(rejects) }
            var options = ImportOptions()
            options.dryRun = dryRun
            options.onConflict = onConflict
            options.rejectsPath = rejects
            options.encoding = encoding
            options.sheet = sheet
            options.coordinates = coordinates.coords
            let progress = Terminal.standardErrorIsTerminal ? ProgressLine() : nil
            let errors = ReportedErrors()
            let importer = Importer(
                registry: registry, input: input, options: options, standardOutput: .standardOutput,
                progress: progress.map { line in { line.show($0) } },
                reportError: { message in
                    ErrorReporter.printError(message, prefixed: false)
                    if errors.lines.count < ImportReport.maximumErrors { errors.lines.append(message) }
                })
            let summary: ImportSummary
            do {
                summary = try importer.run(kind)
            } catch {
                progress?.clear()
                throw error
            }
            progress?.clear()
            let rejectsNote =
                summary.rejected > 0 && !dryRun
                ? rejects.map { " (rejected rows in \($0 == "-" ? "standard output" : $0))" } : nil
            OutputStream.standardError.write(summary.line + (rejectsNote ?? "") + "\n")
            if format == .json {
                let report = ImportReport(kind: kind, summary: summary, errors: errors.lines, written: !dryRun)
                OutputStream.standardOutput.write(bytes: APIFormats.importReport(report))
                OutputStream.standardOutput.flush()
            }
        }
    }
}

/// The row errors an import printed, kept for its JSON report.
private final class ReportedErrors {
    var lines: [String] = []
}

extension Importer.Kind: ExpressibleByArgument {}
extension ConflictPolicy: ExpressibleByArgument {}
extension TextEncoding: ExpressibleByArgument {}
