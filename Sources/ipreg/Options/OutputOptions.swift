// `--format` of the commands that print rows, and the one way they print them.
import ArgumentParser
import IPRegistry
import RegistryOutput
import TabularFiles

struct OutputOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp("Output format: table, csv, tsv, json, ndjson or markdown.", valueName: "format"))
    var format: OutputFormat = .table

    /// table and markdown show a summary where csv, tsv, json and ndjson give every field.
    var isSummary: Bool { format == .table || format == .markdown }

    /// A printer for these columns on standard output; tables are cut to a terminal's width.
    func printer(columns: [String]) -> RowPrinter { Self.printer(format: format, columns: columns) }

    static func printer(format: OutputFormat, columns: [String]) -> RowPrinter {
        RowPrinter(format: format, columns: columns, output: .standardOutput, terminalWidth: Terminal.width)
    }

    /// Prints the rows `rows` hands to `write` under these columns, and ends the output. (The
    /// header is printed first, so the caller reads what may fail before, where it can.)
    func print(columns: [String], _ rows: (_ write: ([Cell]) -> Void) throws -> Void) rethrows {
        let printer = printer(columns: columns)
        try rows(printer.write)
        printer.finish()
    }

    /// The changes to a record, newest first, as `center history` and `figure history` print them;
    /// no change at all means there is no such record, and never was.
    func printHistory(_ entries: [HistoryEntry], of noun: String, code: String) throws {
        guard !entries.isEmpty else { throw RegistryError.notFound("\(noun) \(code): no such \(noun), and no history") }
        print(columns: ["changed_at", "change", "fields", "actor"]) { write in
            for entry in entries {
                write([
                    .text(entry.changedAt), .text(entry.change.rawValue), .list(entry.changedFields), Cell(entry.actor),
                ])
            }
        }
    }
}

extension OutputFormat: ExpressibleByArgument {}
