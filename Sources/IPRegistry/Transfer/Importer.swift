// Imports a CSV file or a worksheet in one transaction: every row is validated by the same rules as the
// commands, problems are reported as FILE:LINE: error: ..., and nothing is written when
// any row is invalid (unless --rejects takes the invalid rows aside). The SQL is the repositories'.
import TabularFiles

public final class Importer {
    /// What a file holds: ImportKind.swift, beside the row handlers that share it.
    public typealias Kind = ImportKind

    let registry: Registry
    let input: InputFile
    let options: ImportOptions
    /// Called now and then while rows are read; the command line decides whether to show it.
    let progress: ((ImportProgress) -> Void)?
    /// Receives each row error line (`FILE:LINE: error: ...`) as it is found, up to the limit.
    let reportError: (String) -> Void
    /// Where `--rejects -` writes: the caller's standard output.
    let standardOutput: OutputStream

    public init(
        registry: Registry, input: InputFile, options: ImportOptions, standardOutput: OutputStream,
        progress: ((ImportProgress) -> Void)? = nil, reportError: @escaping (String) -> Void
    ) {
        self.registry = registry
        self.input = input
        self.options = options
        self.standardOutput = standardOutput
        self.progress = progress
        self.reportError = reportError
    }

    public func run(_ kind: Kind) throws -> ImportSummary {
        let clock = MonotonicClock()
        let records = try openRecords(input, options: options)
        let header = try readHeader(records, kind: kind)
        let rejects = try options.rejectsPath.flatMap {
            options.dryRun ? nil : try RejectsFile(path: $0, header: header, standardOutput: standardOutput)
        }
        let session = ImportSession(importer: self, records: records, rejects: rejects, clock: clock)

        var rolledBack = false
        do {
            try registry.inWriteTransaction { db in
                // SQLite keeps pages of a big transaction in its cache; more cache, fewer spills. Within the 100 MB budget.
                try db.setCacheSize(kibibytes: 32768)
                // Made inside the transaction: what a handler reads first (the last center id, the
                // reference codes) must be what this import writes on, not what another writer changed
                // while this one waited for its turn.
                let handler = try RowHandler.make(
                    kind, in: db, header: header, options: options, inputSize: records.csvSizeEstimate)
                try session.readAllRows(with: handler)
                // A dry run, or invalid rows without --rejects: nothing of this run may stay.
                rolledBack = options.dryRun || (session.errorCount > 0 && rejects == nil)
                if !rolledBack { session.report(.committing) }
                return rolledBack ? .rollback : .commit
            }
        } catch {
            rejects?.discard()
            throw error
        }
        if rolledBack {
            rejects?.discard()
            // A dry run with --rejects foretells the real run, which sets the invalid rows aside and succeeds.
            if session.errorCount > 0 && options.rejectsPath == nil {
                let hidden = session.errorCount - min(session.errorCount, options.maxReportedErrors)
                throw RegistryError.invalidRows(
                    summary:
                        "\(input.displayName): \(session.errorCount) invalid row\(session.errorCount == 1 ? "" : "s")"
                        + (hidden > 0 ? " (\(hidden) more not shown)" : "") + "; nothing was imported")
            }
            session.summary.seconds = clock.elapsedSeconds
            return session.summary
        }
        try rejects?.commit()
        session.summary.seconds = clock.elapsedSeconds
        return session.summary
    }

    private func readHeader(_ records: any ImportRecords, kind: Kind) throws -> [String] {
        guard let fields = try records.readHeader() else {
            throw RegistryError.invalidInput("\(input.displayName): the file is empty: expected a header line")
        }
        let header = fields.map { TextRules.trimmed($0) }
        var seen = Set<String>()
        for (index, column) in header.enumerated() {
            guard kind.columns.contains(column) else {
                let hint = Suggestion.hint(for: column, among: kind.columns)
                throw RegistryError.invalidInput(
                    "\(records.location(column: index + 1)) unknown column '\(column)'\(hint); expected columns: \(kind.columns.joined(separator: ","))"
                )
            }
            guard seen.insert(column).inserted else {
                throw RegistryError.invalidInput(
                    "\(records.location(column: index + 1)) column '\(column)' appears twice")
            }
        }
        let missing = kind.requiredColumns.filter { !seen.contains($0) }
        guard missing.isEmpty else {
            throw RegistryError.invalidInput(
                "\(records.location(column: nil)) missing required column\(missing.count == 1 ? "" : "s"): \(missing.joined(separator: ", "))"
            )
        }
        return header
    }
}

/// The state of one import while its rows are read.
private final class ImportSession {
    let importer: Importer
    let records: any ImportRecords
    let reader: CSVReader
    let rejects: RejectsFile?
    let clock: MonotonicClock
    var summary = ImportSummary()
    var errorCount = 0
    private var nextProgressCheck = 4096

    init(importer: Importer, records: any ImportRecords, rejects: RejectsFile?, clock: MonotonicClock) {
        self.importer = importer
        self.records = records
        self.reader = records.reader
        self.rejects = rejects
        self.clock = clock
        summary.dryRun = importer.options.dryRun
    }

    func readAllRows(with handler: any RowImporting) throws {
        try handler.bulk(reportingPhase: report) { try readRows(with: handler) }
    }

    /// Tells the progress display that the import has moved on to `phase`.
    func report(_ phase: ImportPhase) {
        importer.progress?(
            ImportProgress(
                rows: summary.read, bytes: records.bytesConsumed, totalBytes: importer.input.size,
                seconds: clock.elapsedSeconds, phase: phase))
    }

    private func readRows(with handler: any RowImporting) throws {
        while try nextRow() {
            summary.read += 1
            if summary.read >= nextProgressCheck {
                nextProgressCheck += 4096
                importer.progress?(
                    ImportProgress(
                        rows: summary.read, bytes: records.bytesConsumed,
                        totalBytes: importer.input.size, seconds: clock.elapsedSeconds))
            }
            do {
                switch try handler.importRow(reader) {
                case .inserted: summary.inserted += 1
                case .updated: summary.updated += 1
                case .unchanged: summary.unchanged += 1
                case .skipped: summary.skipped += 1
                }
            } catch let failure as RowFailure {
                reject(column: failure.column, failure.message)
            }
        }
    }

    /// Reads the next record; a record that cannot be imported as read is rejected and skipped.
    private func nextRow() throws -> Bool {
        while true {
            switch try records.next() {
            case .record: return true
            case .end: return false
            case .rejected(let message, let column):
                summary.read += 1
                reject(column: column, message)
            }
        }
    }

    private func reject(column: Int?, _ message: String) {
        summary.rejected += 1
        errorCount += 1
        if errorCount <= importer.options.maxReportedErrors, rejects == nil {
            let location = records.location(column: column)
            importer.reportError("\(location) error: \(message)")
        }
        rejects?.write(reader.record(), error: message)
    }
}
