// Migration 0005: a registry of schema version 4 keeps every history entry as it was, and from
// then on other clients' changes are recorded as `external` while ipreg's own are not.
import IPRegistry
import SQLiteDB
import Testing

@Suite struct ExternalChangeMigrationTests {
    /// A version-4 registry: PC-BJ added and updated, TJ-1 added and removed, by ipreg of version 4.
    private func versionFourRegistry(_ folder: TemporaryDirectory) throws -> String {
        let path = folder.path("registry.sqlite")
        let older = try Registry.open(path: path, migrateTo: 4)
        let centers = try CenterRepository(registry: older)
        try older.write {
            let beijing = Center(code: "PC-BJ", name: "北京保护中心", kind: .protection, regionCode: "110000",
                                 industries: ["photovoltaics"])
            let stored = try centers.insert(beijing)
            var changed = beijing
            changed.status = .suspended
            try centers.update(stored, to: changed)
            try centers.insert(Center(code: "TJ-1", name: "天津中心", kind: .tisc, regionCode: "120000"))
            try centers.remove(code: "TJ-1")
        }
        try older.db.execute("CREATE VIEW my_recent_changes AS SELECT center_code, changed_at, change FROM center_history")
        return path
    }

    private func rows(_ db: Connection) throws -> [[String?]] {
        let statement = try db.prepare("SELECT id, center_code, changed_at, change, before, after FROM center_history ORDER BY id")
        var rows: [[String?]] = []
        while try statement.step() { rows.append((0..<6).map { statement.string(Int32($0)) }) }
        return rows
    }

    @Test func everyEntryIsKeptAndReadsAsBefore() throws {
        let folder = try TemporaryDirectory()
        let path = try versionFourRegistry(folder)
        let (stored, history) = try {
            let older = try Registry.open(path: path, migrateTo: 4)
            return (try rows(older.db), try CenterRepository(registry: older).history(code: "PC-BJ"))
        }()
        #expect(stored.count == 4)
        let registry = try Registry.open(path: path)
        #expect(try registry.db.scalarInt("PRAGMA user_version") == Registry.schemaVersion)
        #expect(try rows(registry.db) == stored)
        #expect(try CenterRepository(registry: registry).history(code: "PC-BJ") == history)
        #expect(try registry.db.scalarInt("SELECT count(*) FROM my_recent_changes") == 4)
        #expect(RegistryCheck(registry: registry).run().filter { !$0.passed }.map(\.name) == [])
    }

    @Test func afterTheMigrationOutsideChangesAreExternalAndIpregsAreNot() throws {
        let folder = try TemporaryDirectory()
        let path = try versionFourRegistry(folder)
        let registry = try Registry.open(path: path)
        let centers = try CenterRepository(registry: registry)
        try registry.write {
            var center = try centers.require(code: "PC-BJ").center
            center.notes = "by ipreg"
            try centers.update(try centers.require(code: "PC-BJ"), to: center)
        }
        // Another client: a plain connection that knows nothing of ipreg.
        let outside = try Connection(path: path)
        try outside.execute("UPDATE centers SET notes = 'x' WHERE code = 'PC-BJ'")
        let entries = try centers.history(code: "PC-BJ")
        #expect(entries.map(\.change) == [.external, .update, .update, .add])
        #expect(entries[0].changedFields == ["notes"])
        #expect(entries[1].changedFields == ["notes"])
        #expect(entries[1].after?.contains("\"notes\":\"by ipreg\"") == true)
        #expect(try registry.write { try centers.restore(code: "TJ-1") }.center.name == "天津中心")
        #expect(try centers.history(code: "TJ-1").map(\.change) == [.restore, .remove, .add])
    }
}
