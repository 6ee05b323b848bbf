// The migrator: numbered migrations applied in order in one transaction, recorded in
// `schema_migrations` and `PRAGMA user_version`; databases it cannot handle are refused untouched.
import Foundation
import SQLiteDB
import Testing

@Suite struct MigratorTests {
    private static let migrations = [
        Migration(
            version: 1, name: "divisions",
            sql: """
                CREATE TABLE divisions (code TEXT PRIMARY KEY NOT NULL, name TEXT NOT NULL);
                """),
        Migration(
            version: 2, name: "reference_data",
            sql: """
                INSERT INTO divisions (code, name) VALUES ('110000', '北京市'), ('120000', '天津市'), ('130000', '河北省');
                """),
        Migration(
            version: 3, name: "centers",
            sql: """
                CREATE TABLE centers (code TEXT PRIMARY KEY NOT NULL, region TEXT NOT NULL REFERENCES divisions (code));
                CREATE INDEX centers_by_region ON centers (region);
                """),
    ]

    private func migrator(_ migrations: [Migration] = Self.migrations) throws -> Migrator {
        try Migrator(migrations: migrations)
    }

    private func tableNames(_ db: Connection) throws -> [String] {
        let statement = try db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
        var names: [String] = []
        while try statement.step() { names.append(statement.text(0)) }
        return names
    }

    // MARK: Bringing databases forward

    @Test func freshDatabaseIsMigratedToTheLatestVersion() throws {
        let db = try Connection.inMemory()
        let applied = try migrator().migrate(db)
        #expect(applied.map(\.version) == [1, 2, 3])
        #expect(try migrator().currentVersion(of: db) == 3)
        #expect(try db.scalarInt("PRAGMA user_version") == 3)
        #expect(try migrator().appliedVersions(of: db) == [1, 2, 3])
        #expect(try tableNames(db) == ["centers", "divisions", Migrator.tableName])
        #expect(try db.scalarInt("SELECT count(*) FROM divisions") == 3)
    }

    @Test func eachAppliedMigrationIsRecordedWithItsNameAndWhen() throws {
        let db = try Connection.inMemory()
        try migrator().migrate(db)
        let statement = try db.prepare("SELECT version, name, applied_at FROM \(Migrator.tableName) ORDER BY version")
        var recorded: [(Int, String)] = []
        while try statement.step() {
            recorded.append((statement.int(0), statement.text(1)))
            // ISO 8601 in UTC, for example 2025-01-31T08:00:00.000Z
            #expect(statement.text(2).wholeMatch(of: /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/) != nil)
        }
        #expect(recorded.map(\.0) == [1, 2, 3])
        #expect(recorded.map(\.1) == ["divisions", "reference_data", "centers"])
    }

    @Test func migrateUpToATargetStopsThere() throws {
        let db = try Connection.inMemory()
        let applied = try migrator().migrate(db, upTo: 1)
        #expect(applied.map(\.version) == [1])
        #expect(try db.scalarInt("PRAGMA user_version") == 1)
        #expect(try tableNames(db) == ["divisions", Migrator.tableName])
    }

    @Test func olderDatabaseBuiltFromTheFirstMigrationsIsBroughtForward() throws {
        let folder = try TemporaryDirectory()
        let path = folder.path("older.sqlite")
        // An older program knew only the first migration.
        do {
            let older = try Connection(path: path)
            try migrator(Array(Self.migrations.prefix(1))).migrate(older)
            try older.execute("INSERT INTO divisions (code, name) VALUES ('310000', '上海市')")
        }
        let db = try Connection(path: path)
        let applied = try migrator().migrate(db)
        #expect(applied.map(\.version) == [2, 3])
        #expect(try migrator().appliedVersions(of: db) == [1, 2, 3])
        #expect(try db.scalarInt("PRAGMA user_version") == 3)
        #expect(try db.scalarInt("SELECT count(*) FROM divisions") == 4)
        #expect(try tableNames(db).contains("centers"))
    }

    @Test func migratingAnUpToDateDatabaseChangesNoByteOfIt() throws {
        let folder = try TemporaryDirectory()
        let path = folder.path("current.sqlite")
        do { try migrator().migrate(try Connection(path: path)) }
        let before = try fileBytes(path)
        let applied = try migrator().migrate(try Connection(path: path))
        #expect(applied.isEmpty)
        #expect(try fileBytes(path) == before)
    }

    // MARK: Refusals

    @Test func migrationListWithADuplicateVersionIsRefused() throws {
        let list = [Self.migrations[0], Migration(version: 1, name: "again", sql: "SELECT 1")]
        #expect(throws: MigrationError.self) { _ = try Migrator(migrations: list) }
    }

    @Test func migrationListOutOfOrderIsRefused() throws {
        let list = [Self.migrations[1], Self.migrations[0]]
        let error = #expect(throws: MigrationError.self) { _ = try Migrator(migrations: list) }
        guard case .invalidMigrationList = error else {
            Issue.record("expected invalidMigrationList, got \(String(describing: error))")
            return
        }
    }

    @Test(arguments: [0, -1])
    func migrationListWithAVersionBelowOneIsRefused(_ version: Int) throws {
        let list = [Migration(version: version, name: "zero", sql: "SELECT 1")] + Self.migrations
        #expect(throws: MigrationError.self) { _ = try Migrator(migrations: list) }
    }

    @Test func failingMigrationRollsBackEveryMigrationOfTheRun() throws {
        let folder = try TemporaryDirectory()
        let path = folder.path("failing.sqlite")
        let broken =
            Self.migrations + [
                Migration(
                    version: 4, name: "broken",
                    sql: """
                        CREATE TABLE half_done (v);
                        INSERT INTO no_such_table VALUES (1);
                        """)
            ]
        let db = try Connection(path: path)
        let error = #expect(throws: MigrationError.self) { try migrator(broken).migrate(db) }
        guard case .failed(let version, let name, let sqliteError)? = error else {
            Issue.record("expected .failed, got \(String(describing: error))")
            return
        }
        #expect(version == 4)
        #expect(name == "broken")
        #expect(sqliteError.message.contains("no_such_table"))
        let reopened = try Connection(path: path)
        #expect(try tableNames(reopened) == [])
        #expect(try reopened.scalarInt("PRAGMA user_version") == 0)
        #expect(try migrator().appliedVersions(of: reopened) == [])
    }

    @Test func failingMigrationLeavesAnOlderDatabaseAtItsVersion() throws {
        let folder = try TemporaryDirectory()
        let path = folder.path("older.sqlite")
        do { try migrator().migrate(try Connection(path: path), upTo: 1) }
        let before = try fileBytes(path)
        let broken = Array(Self.migrations.prefix(2)) + [Migration(version: 3, name: "broken", sql: "CREATE TABLE (")]
        do {
            let db = try Connection(path: path)
            #expect(throws: MigrationError.self) { try migrator(broken).migrate(db) }
            #expect(try db.scalarInt("PRAGMA user_version") == 1)
            #expect(try db.scalarInt("SELECT count(*) FROM divisions") == 0)
            #expect(!db.isInTransaction)
        }
        #expect(try fileBytes(path) == before)
    }

    @Test func tooNewDatabaseIsRefusedWithSchemaTooNewAndLeftByteForByte() throws {
        let folder = try TemporaryDirectory()
        let path = folder.path("newer.sqlite")
        do {
            let db = try Connection(path: path)
            try migrator().migrate(db)
            try db.execute("PRAGMA user_version = 9")
        }
        let before = try fileBytes(path)
        do {
            let db = try Connection(path: path)
            let error = #expect(throws: MigrationError.self) { try migrator().migrate(db) }
            #expect(error == .schemaTooNew(databaseVersion: 9, knownVersion: 3))
        }
        #expect(try fileBytes(path) == before)
        #expect(!fileExists(path + "-journal"))
    }

    @Test func databaseRecordingAMigrationThisProgramLacksIsTooNew() throws {
        let db = try Connection.inMemory()
        let newer = Self.migrations + [Migration(version: 4, name: "future", sql: "CREATE TABLE future (v)")]
        try migrator(newer).migrate(db)
        // The version mark alone says 3: the record of migration 4 still gives the newer schema away.
        try db.execute("PRAGMA user_version = 3")
        let error = #expect(throws: MigrationError.self) { try migrator().migrate(db) }
        #expect(error == .schemaTooNew(databaseVersion: 4, knownVersion: 3))
        #expect(try tableNames(db).contains("future"))
    }

    @Test func emptyMigrationListLeavesADatabaseAlone() throws {
        let db = try Connection.inMemory()
        let empty = try migrator([])
        #expect(empty.latestVersion == 0)
        #expect(try empty.migrate(db).isEmpty)
        #expect(try tableNames(db) == [])
    }
}
