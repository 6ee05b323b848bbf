// Migration 0005: a registry of schema version 4 keeps every history entry as it was, and from
// then on other clients' changes are recorded as `external` while ipreg's own are not.
import IPRegistry
import SQLiteDB
import Testing

@Suite struct ExternalChangeMigrationTests {
    /// A version-4 registry, written as ipreg of version 4 writes (the repository of today reads
    /// views of later versions): PC-BJ added and updated, TJ-1 added and removed.
    private func versionFourRegistry(_ folder: TemporaryDirectory) throws -> String {
        let path = folder.path("registry.sqlite")
        let older = try Registry.open(path: path, migrateTo: 4).outsideConnection()
        try older.transaction {
            try older.execute(
                """
                INSERT INTO centers (code, name, kind, status, region_code, created_at, updated_at)
                VALUES ('PC-BJ', '北京保护中心', 'protection', 'suspended', '110000', '2024-01-01T00:00:00Z', '2024-02-01T00:00:00Z');
                INSERT INTO center_industries (center_id, industry_code) SELECT id, 'photovoltaics' FROM centers WHERE code = 'PC-BJ';
                INSERT INTO center_history (center_code, changed_at, change, before) VALUES
                ('PC-BJ', '2024-01-01T00:00:00Z', 'add', NULL),
                ('PC-BJ', '2024-02-01T00:00:00Z', 'update',
                 '{"code":"PC-BJ","name":"北京保护中心","kind":"protection","status":"operating","region_code":"110000","industries":["photovoltaics"],"services":[],"created_at":"2024-01-01T00:00:00Z","statistics":[]}'),
                ('TJ-1', '2024-01-01T00:00:00Z', 'add', NULL),
                ('TJ-1', '2024-03-01T00:00:00Z', 'remove',
                 '{"code":"TJ-1","name":"天津中心","kind":"tisc","status":"operating","region_code":"120000","industries":[],"services":[],"created_at":"2024-01-01T00:00:00Z","statistics":[]}');
                """)
        }
        try older.execute("CREATE VIEW my_recent_changes AS SELECT center_code, changed_at, change FROM center_history")
        return path
    }

    private func rows(_ db: Connection) throws -> [[String?]] {
        let statement = try db.prepare(
            "SELECT id, center_code, changed_at, change, before, after FROM center_history ORDER BY id")
        var rows: [[String?]] = []
        while try statement.step() { rows.append((0..<6).map { statement.string(Int32($0)) }) }
        return rows
    }

    @Test func everyEntryIsKeptAndReadsAsBefore() throws {
        let folder = try TemporaryDirectory()
        let path = try versionFourRegistry(folder)
        let stored = try rows(try Registry.open(path: path, migrateTo: 4).outsideConnection())
        #expect(stored.count == 4)
        let registry = try Registry.open(path: path)
        #expect(try registry.outsideConnection().scalarInt("PRAGMA user_version") == Registry.schemaVersion)
        #expect(try rows(registry.outsideConnection()) == stored)
        let history = try registry.read { db in try CenterRepository(db).history(code: "PC-BJ") }
        #expect(history.map(\.change) == [.update, .add])
        #expect(
            history.map(\.changedFields) == [
                ["status"], ["code", "name", "kind", "status", "region_code", "industries"],
            ])
        #expect(try registry.outsideConnection().scalarInt("SELECT count(*) FROM my_recent_changes") == 4)
        #expect(RegistryCheck(registry: registry).run().filter { !$0.passed }.map(\.name) == [])
    }

    @Test func afterTheMigrationOutsideChangesAreExternalAndIpregsAreNot() throws {
        let folder = try TemporaryDirectory()
        let path = try versionFourRegistry(folder)
        let registry = try Registry.open(path: path)
        try registry.write { db in
            let centers = try CenterRepository(db)
            var center = try centers.require(code: "PC-BJ").center
            center.notes = "by ipreg"
            try centers.update(try centers.require(code: "PC-BJ"), to: center)
        }
        // Another client: a plain connection that knows nothing of ipreg.
        let outside = try Connection(path: path)
        try outside.execute("UPDATE centers SET notes = 'x' WHERE code = 'PC-BJ'")
        let entries = try registry.read { db in try CenterRepository(db).history(code: "PC-BJ") }
        #expect(entries.map(\.change) == [.external, .update, .update, .add])
        #expect(entries[0].changedFields == ["notes"])
        #expect(entries[1].changedFields == ["notes"])
        #expect(entries[1].after?.contains("\"notes\":\"by ipreg\"") == true)
        #expect(try registry.write { db in try CenterRepository(db).restore(code: "TJ-1") }.center.name == "天津中心")
        #expect(
            try registry.read { db in try CenterRepository(db).history(code: "TJ-1") }.map(\.change) == [
                .restore, .remove, .add,
            ])
    }
}
