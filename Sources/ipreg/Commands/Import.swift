// `ipreg import centers|stats|regions|figures FILE|-`: a CSV batch in one transaction.
import ArgumentParser
import IPRegistry
import RegistryOutput
import TabularFiles

extension IPReg {
    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract:
                "Import a CSV or TSV file of centers, statistics, regions or published figures, in one transaction.",
            discussion: """
                Every row is checked with the same rules as the commands. By default nothing is written \
                when any row is invalid; the first 20 problems are reported as FILE:LINE: error: ... \
                The summary line goes to standard error.
                """
        )

        @Argument(help: ArgumentHelp("What the file holds: centers, stats, regions or figures.", valueName: "kind"))
        var kind: Importer.Kind

        @Argument(
            help: ArgumentHelp(
                "The CSV or TSV file (.tsv, or tabs in the header), an Excel workbook (.xlsx), "
                    + "or - for standard input (CSV or TSV).", valueName: "file"))
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

        @OptionGroup var registryOptions: RegistryOptions

        func validate() throws {
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
            let progress = Terminal.standardErrorIsTerminal ? ProgressLine() : nil
            let importer = Importer(
                registry: registry, input: input, options: options, standardOutput: .standardOutput,
                progress: progress.map { line in { line.show($0) } },
                reportError: { ErrorReporter.printError($0, prefixed: false) })
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
        }
    }
}

extension Importer.Kind: ExpressibleByArgument {}
extension ConflictPolicy: ExpressibleByArgument {}
extension TextEncoding: ExpressibleByArgument {}
