// Opening a registry file (creating, recognising, migrating, or refusing it), and the one door
// into it: its database is handed out only inside `read { db in }` (one snapshot) and
// `write { db in }` (one transaction), as an opaque `Database` that repositories are made from.
// Every SQLite failure leaves the door as a `RegistryError`.
import SQLiteDB

public final class Registry {
    private let db: Connection
    public let path: String
    public let busyTimeoutMilliseconds: Int32
    /// What changes are stamped with and what "today" is, for every repository made inside.
    public let clock: RegistryClock
    /// Who the changes made through this registry are signed by: every history entry it writes
    /// names it (`cli:LOGIN` from the command line, `web:NAME` or `token:NAME/LABEL` from the web
    /// server). Whoever opens the registry to write sets it; until then it is `unknown`. Checked
    /// (`checkActor`) when a write begins, so a bad one writes nothing.
    public var actor = "unknown"
    /// True when the schema has `ipreg_writing` (Migrations/0005), whose row tells its triggers
    /// that ipreg is writing, and writing the history itself.
    private var marksWrites = false
    /// Answers kept between reads; only a pooled reader has one (`openReader`).
    private var memo: SnapshotMemo?
    /// Whether `PRAGMA query_only` is on for good (a read-only open); `read {}` sets it only for its
    /// duration otherwise.
    private var isQueryOnly = false

    /// "IPRG": written by the first migration into the file header.
    public static let applicationID: Int64 = 0x4950_5247

    public static let migrator: Migrator = {
        do {
            return try Migrator(migrations: EmbeddedMigrations.all)
        } catch {
            // Only a misnamed file in Migrations/ gets here, at build time; tests load this list.
            preconditionFailure("the embedded migrations are invalid: \(error)")
        }
    }()

    public static var schemaVersion: Int { EmbeddedMigrations.all.last?.version ?? 0 }

    private init(db: Connection, path: String, busyTimeoutMilliseconds: Int32, clock: RegistryClock) {
        self.db = db
        self.path = path
        self.busyTimeoutMilliseconds = busyTimeoutMilliseconds
        self.clock = clock
    }

    /// Opens (creating when missing) and migrates the registry at `path`.
    /// A file that is not a registry, or whose schema is newer than this binary's, is refused
    /// before anything is written to it. `readOnly` is the one way to open a registry only to read:
    /// it neither creates nor migrates, and the connection is read-only and query-only.
    /// `tidyingLog` (read-only only): when this is the last connection to close, the `-wal` and
    /// `-shm` files are removed, as a read-write open's close removes them.
    public static func open(
        path: String, busyTimeoutMilliseconds: Int32 = 5000, readOnly: Bool = false,
        tidyingLog: Bool = false, migrateTo targetVersion: Int? = nil, clock: RegistryClock = .system
    ) throws(RegistryError) -> Registry {
        let db: Connection
        do {
            db = try Connection(
                path: path, mode: readOnly ? .readOnly : .readWriteCreate,
                busyTimeoutMilliseconds: busyTimeoutMilliseconds)
        } catch {
            throw .cannotOpen(path: path, reason: error.message)
        }
        db.tidiesLogOnClose = readOnly && tidyingLog
        let registry = Registry(db: db, path: path, busyTimeoutMilliseconds: busyTimeoutMilliseconds, clock: clock)
        do {
            try registry.recognise()
            try db.execute("PRAGMA foreign_keys = ON")
            if readOnly {
                // Query-only besides, so that not even a temporary table can be made through it.
                try db.execute("PRAGMA query_only = ON")
                registry.isQueryOnly = true
            } else {
                try registry.migrate(to: targetVersion)
                try db.execute("PRAGMA synchronous = NORMAL")
                registry.marksWrites =
                    try db.scalarInt(
                        "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'ipreg_writing'") == 1
            }
        } catch let error as RegistryError {
            throw error
        } catch let error as SQLiteError {
            throw RegistryError.from(error, path: path, busyTimeout: busyTimeoutMilliseconds)
        } catch {
            throw .cannotOpen(path: path, reason: "\(error)")
        }
        return registry
    }

    /// Reads only the header and schema: a new file, one of ours, or a refusal.
    private func recognise() throws(RegistryError) {
        do {
            // The header says whether the file is ours. Only a file that is not reads the schema
            // (to tell a new, empty file from another program's): reading a registry's 80 tables,
            // indexes, triggers and views costs 1.7 ms, which a query like `SELECT 1` never needs.
            let applicationID = Int64(try db.scalarInt("PRAGMA application_id") ?? 0)
            if applicationID != Self.applicationID {
                let isEmpty = try db.scalarInt("SELECT count(*) FROM sqlite_schema") == 0
                if applicationID != 0 || !isEmpty { throw RegistryError.notARegistry(path: path) }
            }
            let version = try db.scalarInt("PRAGMA user_version") ?? 0
            if version > Self.schemaVersion {
                throw RegistryError.schemaTooNew(path: path, found: version, known: Self.schemaVersion)
            }
        } catch let error as RegistryError {
            throw error
        } catch let error as SQLiteError {
            if error.isNotADatabase { throw .notARegistry(path: path) }
            if error.isBusy { throw .busy(path: path, timeoutMilliseconds: busyTimeoutMilliseconds) }
            throw .cannotOpen(path: path, reason: error.message)
        } catch {
            throw .cannotOpen(path: path, reason: "\(error)")
        }
    }

    private func migrate(to targetVersion: Int?) throws {
        let migrator = Self.migrator
        guard try migrator.currentVersion(of: db) < (targetVersion ?? migrator.latestVersion) else { return }
        // WAL lets readers and one writer share the file; it is set once, when the file is made.
        if try db.scalarText("PRAGMA journal_mode") != "wal" {
            _ = try db.scalarText("PRAGMA journal_mode = WAL")
        }
        do {
            try migrator.migrate(db, upTo: targetVersion)
            // The reference data makes a migration large (0015 writes 1 MB): copy it into the file
            // now, so that the next write starts the WAL afresh rather than carry the migration
            // until SQLite's checkpoint at 1,000 pages. PASSIVE never waits for readers.
            _ = try? db.scalarInt("PRAGMA wal_checkpoint(PASSIVE)")
        } catch let error as MigrationError {
            if case .schemaTooNew(let found, let known) = error {
                throw RegistryError.schemaTooNew(path: path, found: found, known: known)
            }
            if case .failed(_, _, let sqliteError) = error, sqliteError.isBusy {
                throw RegistryError.busy(path: path, timeoutMilliseconds: busyTimeoutMilliseconds)
            }
            throw RegistryError.cannotOpen(path: path, reason: error.description)
        }
    }

    /// Whether the registry was opened read-only (`open(readOnly: true)`): every write is refused.
    public var isReadOnly: Bool { db.isReadOnly }

    /// Stops this registry's connection from checkpointing after its commits (WALCheckpointer.swift
    /// says why): a `WALCheckpointer` on the same file must do it instead, or the WAL grows without end.
    public func handOverCheckpoints() throws {
        try db.execute("PRAGMA wal_autocheckpoint = 0")
    }

    /// True when the file's schema is older than this binary's: the views and indexes queries
    /// rely on may be missing until a read-write open migrates it.
    public var needsMigration: Bool {
        get throws(RegistryError) {
            do {
                // The version as recognise() reads it: building the migrator for this would cost
                // more than the query (measured: ~40 of the ~45 µs).
                return try (db.scalarInt("PRAGMA user_version") ?? 0) < Self.schemaVersion
            } catch {
                throw RegistryError.from(error, path: path, busyTimeout: busyTimeoutMilliseconds)
            }
        }
    }

    /// Runs `body` in one write transaction (BEGIN IMMEDIATE: a writer waits for its turn at the
    /// start, up to the busy timeout) that commits when `body` returns and rolls back when it throws.
    public func write<Result>(_ body: (Database) throws -> Result) throws -> Result {
        try Self.checkActor(actor)
        do {
            return try db.transaction(.immediate) {
                try markWriting(true)
                let result = try Database.scoped(
                    db, path: path, busyTimeoutMilliseconds: busyTimeoutMilliseconds, clock: clock, actor: actor, body)
                try markWriting(false)
                return result
            }
        } catch let error as SQLiteError {
            throw RegistryError.from(error, path: path, busyTimeout: busyTimeoutMilliseconds)
        }
    }

    /// Runs `body` in one write transaction that ends as `body` decides: `.commit` keeps what it
    /// wrote, `.rollback` undoes it (a dry run); a throw rolls back too.
    public func inWriteTransaction(_ body: (Database) throws -> TransactionCompletion) throws {
        try Self.checkActor(actor)
        do {
            try db.inTransaction(.immediate) {
                try markWriting(true)
                let completion = try Database.scoped(
                    db, path: path, busyTimeoutMilliseconds: busyTimeoutMilliseconds, clock: clock, actor: actor, body)
                if completion == .commit { try markWriting(false) }
                return completion
            }
        } catch let error as SQLiteError {
            throw RegistryError.from(error, path: path, busyTimeout: busyTimeoutMilliseconds)
        }
    }

    /// An actor is 1 to 300 characters without control characters: it is shown in tables and
    /// terminals as it is. The longest an account can sign is `token:` with a 64-character name
    /// and a 200-character label.
    public static func checkActor(_ actor: String) throws(RegistryError) {
        let rule: String
        if actor.isEmpty || actor.count > 300 {
            rule = "must be 1 to 300 characters"
        } else if actor.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            rule = "must not contain control characters"
        } else {
            return
        }
        throw .invalidValue(ValidationFailure(field: "actor", value: actor, rule: rule))
    }

    /// Every write transaction holds the row of `ipreg_writing` until just before it commits, so
    /// the triggers that record other clients' changes as `external` stay quiet for ipreg's own.
    private func markWriting(_ writing: Bool) throws {
        guard marksWrites else { return }
        try db.execute(writing ? "INSERT INTO ipreg_writing (writer) VALUES (1)" : "DELETE FROM ipreg_writing")
    }

    /// Runs `body` in one read transaction, so everything it reads is one snapshot. The connection
    /// is query-only meanwhile, on a registry opened to write too (as GRDB's read is): a write
    /// inside a read is refused rather than committed.
    public func read<Result>(_ body: (Database) throws -> Result) throws -> Result {
        do {
            return try db.withQueryOnly(true, wasOn: isQueryOnly) {
                try db.transaction(.deferred) {
                    try Database.scoped(
                        db, path: path, busyTimeoutMilliseconds: busyTimeoutMilliseconds, clock: clock, actor: actor,
                        memo: memo,
                        body)
                }
            }
        } catch let error as SQLiteError {
            throw RegistryError.from(error, path: path, busyTimeout: busyTimeoutMilliseconds)
        }
    }

    /// A read-only registry for a pool of readers, one that keeps answers between reads.
    static func openReader(path: String, busyTimeoutMilliseconds: Int32) throws(RegistryError) -> Registry {
        let registry = try open(path: path, busyTimeoutMilliseconds: busyTimeoutMilliseconds, readOnly: true)
        registry.memo = SnapshotMemo()
        return registry
    }

    /// Copies the database into `destination` with SQLite's online backup, in one step.
    func backup(into destination: Connection) throws(SQLiteError) {
        try db.backup(into: destination, pagesPerStep: -1)
    }
}
