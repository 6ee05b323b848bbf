// `ipreg center show CODE`: every field of one center, its industries and services by name,
// and its latest statistics; `--format json` prints the docs/files.md object.
import ArgumentParser
import IPRegistry
import RegistryOutput
import TabularFiles

extension IPReg.CenterCommand {
    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show",
            abstract: "Show one center.",
            discussion:
                "table and markdown list field and value; json prints one object, ndjson one line, csv and tsv a header "
                + "and one row. --coords gives the coordinates in another system (docs/geography.md)."
        )

        @OptionGroup var registryOptions: RegistryOptions
        @OptionGroup var outputOptions: OutputOptions
        @OptionGroup var coordinates: CoordinateOptions

        @Argument(help: ArgumentHelp("The center's code (any case).", valueName: "code"))
        var code: String

        func run() throws {
            try Self.show(
                code: code, registry: registryOptions.settings, format: outputOptions.format,
                coords: coordinates.coords)
        }

        /// The command's work from plain values: `run()` and the fast path (FastPath.swift) both call it.
        /// `coords`: the system the coordinates are shown in (docs/geography.md).
        static func show(
            code: String, registry settings: RegistrySettings, format: OutputFormat, coords: CoordinateSystem = .wgs84
        ) throws {
            let registry = try settings.openForReading()
            try registry.read { db in
                let centers = try CenterRepository(db)
                let stored = try centers.require(code: code).expressingCoordinates(in: coords)
                switch format {
                case .json, .ndjson:
                    OutputStream.standardOutput.withBuffer { buffer in
                        JSONText.appendObject(
                            keys: CenterSnapshot.keys, values: CenterSnapshot.cells(of: stored), to: &buffer,
                            forTerminal: OutputStream.standardOutput.isTerminal)
                        buffer.append(0x0A)
                    }
                case .csv, .tsv:
                    let printer = OutputOptions.printer(format: format, columns: CenterSnapshot.keys)
                    printer.write(CenterSnapshot.cells(of: stored))
                    printer.finish()
                case .table, .markdown:
                    try printListing(of: stored, in: db, format: format)
                }
            }
        }

        /// One row per field; industries and services one row each with their names; then the latest statistics.
        private static func printListing(of stored: StoredCenter, in db: Database, format: OutputFormat) throws {
            let reference = ReferenceRepository(db)
            let printer = OutputOptions.printer(format: format, columns: ["field", "value"])
            func named(_ field: String, _ codes: [String], _ entries: [CodedEntry]) {
                let names = Dictionary(entries.map { ($0.code, $0.name) }, uniquingKeysWith: { first, _ in first })
                if codes.isEmpty { printer.write([.text(field), .null]) }
                for (index, code) in codes.enumerated() {
                    printer.write([
                        .text(index == 0 ? field : ""), .text(names[code].map { "\(code) (\($0))" } ?? code),
                    ])
                }
            }
            for (key, cell) in zip(CenterSnapshot.keys, CenterSnapshot.cells(of: stored)) {
                switch key {
                case CenterField.industries.column:
                    named(key, stored.center.industries, try reference.entries(.industries))
                case CenterField.services.column: named(key, stored.center.services, try reference.entries(.services))
                // As text: a number among the values must not right-align the whole column.
                default: printer.write([.text(key), cell == .null ? .null : .text(cell.plainText())])
                }
            }
            let statistics = try StatisticsRepository(db).statistics(centerID: stored.id)
            if let latest = statistics.last {
                var text = "\(latest.period.text): "
                text += [("pretrial_cases", latest.pretrialCases), ("protection_cases", latest.protectionCases)]
                    .compactMap { name, count in count.map { "\(name) \($0)" } }.joined(separator: ", ")
                if statistics.count > 1 {
                    text +=
                        " (latest of \(statistics.count) periods; see 'ipreg stats list --center \(stored.center.code)')"
                }
                printer.write([.text("statistics"), .text(text)])
            } else {
                printer.write([.text("statistics"), .null])
            }
            printer.finish()
        }
    }
}
