// Imports a CSV file or a worksheet in one transaction: every row is validated by the same rules as the
// commands, problems are reported as FILE:LINE: error: ..., and nothing is written when
// any row is invalid (unless --rejects takes the invalid rows aside). The SQL is the repositories'.
import SQLiteDB
import TabularFiles

public final class Importer {
    /// What a file holds: ImportKind.swift, beside the row handlers that share it.
    public typealias Kind = ImportKind

    /// Nil for an import into the caller's transaction (`run(_:in:)`).
    let registry: Registry?
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

    /// An import into a transaction the caller holds (the web's writer): no rejects file, no progress.
    public init(input: InputFile, options: ImportOptions, reportError: @escaping (String) -> Void) {
        registry = nil
        self.input = input
        var options = options
        options.rejectsPath = nil
        self.options = options
        // Never written: without a rejects file nothing goes to standard output.
        standardOutput = OutputStream(fileDescriptor: 1)
        progress = nil
        self.reportError = reportError
    }

    /// Imports in a write transaction of its own.
    public func run(_ kind: Kind) throws -> ImportSummary {
        guard let registry else {
            throw RegistryError.invalidInput("this import runs inside a write transaction: run(_:in:)")
        }
        // The file's header is read before the transaction: a file that cannot be imported never
        // waits for the write lock.
        let session = try start(kind)
        var outcome: Outcome?
        do {
            try registry.inWriteTransaction { db in
                // SQLite keeps pages of a big transaction in its cache; more cache, fewer spills. Within the 100 MB budget.
                try db.setCacheSize(kibibytes: 32768)
                let result = try load(session, in: db)
                outcome = result
                return result.kept ? .commit : .rollback
            }
        } catch {
            session.rejects?.discard()
            throw error
        }
        guard let outcome else { throw RegistryError.invalidInput("the import did not run") }
        return try outcome.finished()
    }

    /// Imports inside the caller's write transaction, in a savepoint of its own: a dry run, invalid
    /// rows or rows outside `writableRegion` leave the transaction as it was.
    public func run(_ kind: Kind, in database: Database) throws -> ImportSummary {
        let (summary, failure) = try runKeepingSummary(kind, in: database)
        if let failure { throw failure }
        return summary
    }

    /// As `run(_:in:)`, but when the rows fail (invalid rows: `RegistryError.invalidRows`; rows
    /// outside: `ImportRefusal`) the failure comes back beside the summary of what they would
    /// have done, instead of being thrown.
    /// `inspect` runs after the rows are loaded, before a dry run or a failure rolls them back:
    /// what a preview reads of what the rows would do.
    func runKeepingSummary(
        _ kind: Kind, in database: Database, inspect: ((Database) throws -> Void)? = nil
    ) throws -> (ImportSummary, (any Error)?) {
        let session = try start(kind)
        var outcome: Outcome?
        do {
            try database.connection.inSavepoint {
                let result = try load(session, in: database)
                try inspect?(database)
                outcome = result
                return result.kept ? .commit : .rollback
            }
        } catch {
            throw (error as? SQLiteError).map(database.registryError) ?? error
        }
        guard var outcome else { throw RegistryError.invalidInput("the import did not run") }
        outcome.summary.seconds = session.clock.elapsedSeconds
        return (outcome.summary, outcome.failure)
    }

    /// What reading every row came to: the summary, and why it must not stay, if it must not.
    private struct Outcome {
        var summary: ImportSummary
        var failure: (any Error)?
        let dryRun: Bool
        let rejects: RejectsFile?
        let clock: MonotonicClock

        var kept: Bool { failure == nil && !dryRun }

        /// The summary, or the failure; the rejects file is kept only with what it describes.
        func finished() throws -> ImportSummary {
            var summary = summary
            summary.seconds = clock.elapsedSeconds
            if let failure {
                rejects?.discard()
                throw failure
            }
            if dryRun { rejects?.discard() } else { try rejects?.commit() }
            return summary
        }
    }

    /// Opens the file, reads its header and opens the rejects file.
    private func start(_ kind: Kind) throws -> ImportSession {
        let clock = MonotonicClock()
        let records = try openRecords(input, kind: kind, options: options)
        let header = try readHeader(records, kind: kind)
        let rejects = try options.rejectsPath.flatMap {
            options.dryRun ? nil : try RejectsFile(path: $0, header: header, standardOutput: standardOutput)
        }
        return ImportSession(
            importer: self, kind: kind, header: header, records: records, rejects: rejects, clock: clock)
    }

    /// Reads every row into `db`, inside a transaction or savepoint that the caller ends as the
    /// outcome says.
    private func load(_ session: ImportSession, in db: Database) throws -> Outcome {
        let (kind, header, records, rejects, clock) = (
            session.kind, session.header, session.records, session.rejects, session.clock
        )
        // Made inside the transaction: what a handler reads first (the last center id, the
        // reference codes) must be what this import writes on, not what another writer changed
        // while this one waited for its turn.
        let handler = try RowHandler.make(
            kind, in: db, header: header, options: options, inputSize: records.csvSizeEstimate)
        try session.readAllRows(with: handler)
        var outcome = Outcome(
            summary: session.summary, failure: nil, dryRun: options.dryRun, rejects: rejects, clock: clock)
        if session.outsideCount > 0 {
            // Rights come before every other problem: a file touching others' centers is refused whole.
            outcome.failure = ImportRefusal(rows: session.outside, count: session.outsideCount)
        } else if session.errorCount > 0 && rejects == nil && options.rejectsPath == nil {
            // Invalid rows without --rejects: nothing of this run may stay. (A dry run with --rejects
            // foretells the real run, which sets the invalid rows aside and succeeds.)
            let hidden = session.errorCount - min(session.errorCount, options.maxReportedErrors)
            outcome.failure = RegistryError.invalidRows(
                summary: "\(input.displayName): \(session.errorCount) invalid row\(session.errorCount == 1 ? "" : "s")"
                    + (hidden > 0 ? " (\(hidden) more not shown)" : "") + "; nothing was imported")
        }
        if outcome.kept { session.report(.committing) }
        return outcome
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
    let kind: ImportKind
    let header: [String]
    let records: any ImportRecords
    let reader: CSVReader
    let rejects: RejectsFile?
    let clock: MonotonicClock
    var summary = ImportSummary()
    var errorCount = 0
    /// Rows of centers outside the import's `writableRegion`, named as errors are, up to the limit.
    var outside: [String] = []
    var outsideCount = 0
    private var nextProgressCheck = 4096

    init(
        importer: Importer, kind: ImportKind, header: [String], records: any ImportRecords, rejects: RejectsFile?,
        clock: MonotonicClock
    ) {
        self.importer = importer
        self.kind = kind
        self.header = header
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
            } catch let refusal as RowOutside {
                outsideCount += 1
                if outsideCount <= importer.options.maxReportedErrors {
                    outside.append("\(records.location(column: refusal.column)) \(refusal.message)")
                }
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
