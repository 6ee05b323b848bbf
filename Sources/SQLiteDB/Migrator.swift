// Applies numbered schema migrations in order and records each one in the database.
import CSQLite

public struct Migration: Sendable, Equatable {
    public let version: Int
    public let name: String
    public let sql: String

    public init(version: Int, name: String, sql: String) {
        self.version = version
        self.name = name
        self.sql = sql
    }
}

public enum MigrationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The database records a schema version this program does not know.
    case schemaTooNew(databaseVersion: Int, knownVersion: Int)
    /// The migration list itself is wrong (duplicate or unordered versions): a programming error.
    case invalidMigrationList(String)
    case failed(version: Int, name: String, SQLiteError)

    public var description: String {
        switch self {
        case .schemaTooNew(let found, let known):
            return
                "its schema version \(found) is newer than this program knows (\(known)); use a newer version of the program"
        case .invalidMigrationList(let reason):
            return "invalid migration list: \(reason)"
        case .failed(let version, let name, let error):
            return "migration \(version) (\(name)) failed: \(error.message)"
        }
    }
}

public struct Migrator: Sendable {
    public let migrations: [Migration]
    /// Where applied migrations are recorded; SQLite's `user_version` mirrors the latest one.
    public static let tableName = "schema_migrations"

    public init(migrations: [Migration]) throws(MigrationError) {
        let versions = migrations.map(\.version)
        guard versions == versions.sorted(), Set(versions).count == versions.count, versions.allSatisfy({ $0 > 0 })
        else {
            throw .invalidMigrationList("versions must be positive, unique and ascending: \(versions)")
        }
        self.migrations = migrations
    }

    public var latestVersion: Int { migrations.last?.version ?? 0 }

    /// The schema version the database says it has (0 for a new database).
    public func currentVersion(of db: Connection) throws(SQLiteError) -> Int {
        try db.scalarInt("PRAGMA user_version") ?? 0
    }

    /// The migrations the database has recorded, in order.
    public func appliedVersions(of db: Connection) throws(SQLiteError) -> [Int] {
        let exists =
            try db.scalarInt(
                "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = ?", [.text(Self.tableName)]) ?? 0
        guard exists > 0 else { return [] }
        let statement = try db.prepare("SELECT version FROM \(Self.tableName) ORDER BY version")
        var versions: [Int] = []
        while try statement.step() { versions.append(statement.int(0)) }
        return versions
    }

    public func pendingMigrations(for db: Connection) throws -> [Migration] {
        let current = try currentVersion(of: db)
        if current > latestVersion {
            throw MigrationError.schemaTooNew(databaseVersion: current, knownVersion: latestVersion)
        }
        let applied = Set(try appliedVersions(of: db))
        if let unknown = applied.subtracting(migrations.map(\.version)).max() {
            throw MigrationError.schemaTooNew(databaseVersion: unknown, knownVersion: latestVersion)
        }
        return migrations.filter { !applied.contains($0.version) }
    }

    /// Brings the database forward to `target` (default: the latest) in one transaction,
    /// each migration inside its own savepoint; returns what was applied.
    @discardableResult
    public func migrate(_ db: Connection, upTo target: Int? = nil) throws -> [Migration] {
        try db.transaction(.immediate) {
            let pending = try pendingMigrations(for: db).filter { $0.version <= (target ?? latestVersion) }
            guard !pending.isEmpty else { return [] }
            try db.execute(
                """
                CREATE TABLE IF NOT EXISTS \(Self.tableName) (
                    version    INTEGER PRIMARY KEY NOT NULL,
                    name       TEXT NOT NULL,
                    applied_at TEXT NOT NULL
                )
                """)
            for migration in pending {
                do {
                    try db.savepoint {
                        try db.execute(migration.sql)
                        try db.execute(
                            "INSERT INTO \(Self.tableName) (version, name, applied_at) VALUES (?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))",
                            [.integer(Int64(migration.version)), .text(migration.name)])
                    }
                } catch let error as SQLiteError {
                    throw MigrationError.failed(version: migration.version, name: migration.name, error)
                }
            }
            if let last = pending.last {
                // PRAGMA takes no bound parameters; the version is an integer we control.
                try db.execute("PRAGMA user_version = \(max(last.version, try currentVersion(of: db)))")
            }
            return pending
        }
    }
}
