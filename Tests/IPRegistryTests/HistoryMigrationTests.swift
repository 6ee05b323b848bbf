// Migration 0004: history written by schema version 3 (a copy of the record after each change)
// reads the same afterwards, and new entries (no copy) read the same way through center_changes.
import IPRegistry
import SQLiteDB
import Testing

@Suite struct HistoryMigrationTests {
    /// A version-3 registry with one center added and then renamed, as version 3 recorded them.
    private func versionThreeRegistry(_ folder: TemporaryDirectory) throws -> String {
        let path = folder.path("registry.sqlite")
        let older = try Registry.open(path: path, migrateTo: 3).outsideConnection()
        try older.transaction {
            try older.execute(
                """
                INSERT INTO centers (code, name, kind, region_code, created_at, updated_at)
                VALUES ('PC-BJ', '北京保护中心', 'protection', '110000', '2024-01-01T00:00:00Z', '2024-02-01T00:00:00Z')
                """)
            try older.execute(
                """
                INSERT INTO center_history (center_code, changed_at, change, before, after) VALUES
                ('PC-BJ', '2024-01-01T00:00:00Z', 'add', NULL,
                 '{"code":"PC-BJ","name":"北京中心","kind":"protection","status":"operating","region_code":"110000","industries":[],"services":[],"created_at":"2024-01-01T00:00:00Z","statistics":[]}'),
                ('PC-BJ', '2024-02-01T00:00:00Z', 'update',
                 '{"code":"PC-BJ","name":"北京中心","kind":"protection","status":"operating","region_code":"110000","industries":[],"services":[],"created_at":"2024-01-01T00:00:00Z","statistics":[]}',
                 '{"code":"PC-BJ","name":"北京保护中心","kind":"protection","status":"operating","region_code":"110000","industries":[],"services":[],"created_at":"2024-01-01T00:00:00Z","statistics":[]}')
                """)
        }
        return path
    }

    @Test func olderEntriesKeepTheirRecordsAndFieldsAfterTheMigration() throws {
        let folder = try TemporaryDirectory()
        let path = try versionThreeRegistry(folder)
        let stored = try Connection(path: path, mode: .readOnly)
        let records = try (1...2).map { id in
            (
                try stored.scalarText("SELECT before FROM center_history WHERE id = ?", [.integer(id)]),
                try stored.scalarText("SELECT after FROM center_history WHERE id = ?", [.integer(id)])
            )
        }
        let registry = try Registry.open(path: path)
        #expect(try registry.outsideConnection().scalarInt("PRAGMA user_version") == Registry.schemaVersion)
        let entries = try registry.read { db in try CenterRepository(db).history(code: "PC-BJ") }
        #expect(entries.map(\.change) == [.update, .add])
        #expect(entries.map(\.before) == [records[1].0, records[0].0])
        #expect(entries.map(\.after) == [records[1].1, records[0].1])
        #expect(entries.map(\.changedFields) == [["name"], ["code", "name", "kind", "status", "region_code"]])
        #expect(RegistryCheck(registry: registry).run().filter { !$0.passed }.map(\.name) == [])
    }

    @Test func aNewChangeStoresOnlyTheRecordBeforeItAndReadsAsBeforeAndAfter() throws {
        let folder = try TemporaryDirectory()
        let path = try versionThreeRegistry(folder)
        let registry = try Registry.open(path: path)
        try registry.write { db in
            let centers = try CenterRepository(db)
            var center = try centers.require(code: "PC-BJ").center
            center.status = .suspended
            _ = try centers.update(try centers.require(code: "PC-BJ"), to: center)
        }
        #expect(
            try registry.outsideConnection().scalarInt("SELECT count(*) FROM center_history WHERE after IS NULL") == 1)
        let history = try registry.read { db in try CenterRepository(db).history(code: "PC-BJ") }
        let latest = try #require(history.first)
        #expect(latest.change == .update)
        #expect(latest.changedFields == ["status"])
        #expect(latest.after?.contains("\"status\":\"suspended\"") == true)
        // The entry before it now reads its "after" from the record it stored.
        #expect(history[1].after?.contains("\"status\":\"operating\"") == true)
    }

    @Test func aViewOfTheUsersOverHistoryDoesNotStopTheMigrationAndReadsTheNewTable() throws {
        let folder = try TemporaryDirectory()
        let path = try versionThreeRegistry(folder)
        do {
            let older = try Registry.open(path: path, migrateTo: 3).outsideConnection()
            try older.execute(
                "CREATE VIEW my_recent_changes AS SELECT center_code, changed_at, change FROM center_history")
        }
        let registry = try Registry.open(path: path)
        #expect(try registry.outsideConnection().scalarInt("PRAGMA user_version") == Registry.schemaVersion)
        #expect(try registry.outsideConnection().scalarInt("SELECT count(*) FROM my_recent_changes") == 2)
        #expect(try registry.outsideConnection().scalarText("PRAGMA integrity_check") == "ok")
    }

    @Test func theSearchIndexGathersSixteenMebibytesAndFindsOlderCenters() throws {
        let folder = try TemporaryDirectory()
        let path = try versionThreeRegistry(folder)
        let registry = try Registry.open(path: path)
        #expect(
            try registry.outsideConnection().scalarInt("SELECT v FROM centers_search_config WHERE k = 'hashsize'") == 16
                << 20)
        var filter = CenterFilter()
        filter.search = "北京保护"
        var found: [String] = []
        try registry.read { db in try CenterRepository(db).list(filter) { found.append($0.center.code) } }
        #expect(found == ["PC-BJ"])
    }
}
