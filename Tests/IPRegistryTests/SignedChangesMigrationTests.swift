// Migration 0011 (every change signed): a registry of schema version 10 keeps its history, whose
// entries have no actor; from then on every entry ipreg writes carries `Registry.actor`, another
// client's shows as `external`, and a write with an actor that cannot be shown is refused.
import IPRegistry
import SQLiteDB
import Testing

@Suite struct SignedChangesMigrationTests {
    private static let center = Center(
        code: "TJ-9", name: "天津测试中心", kind: .tisc, status: .operating, regionCode: "120000")

    @Test func aVersion10RegistryKeepsItsHistoryWithoutActors() throws {
        let folder = try TemporaryDirectory()
        let path = folder.path("registry.sqlite")
        do {
            // As ipreg of version 10 wrote (its repository named no actor).
            let outside = try Registry.open(path: path, migrateTo: 10).outsideConnection()
            try outside.transaction {
                try outside.execute(
                    """
                    INSERT INTO ipreg_writing (writer) VALUES (1);
                    INSERT INTO centers (code, name, kind, status, region_code, created_at, updated_at)
                    VALUES ('TJ-9', '天津测试中心', 'tisc', 'operating', '120000', '2026-01-01T00:00:00Z',
                            '2026-01-01T00:00:00Z');
                    INSERT INTO center_history (center_code, changed_at, change) VALUES ('TJ-9', '2026-01-01T00:00:00Z', 'add');
                    DELETE FROM ipreg_writing;
                    """)
            }
            #expect(try outside.scalarInt("PRAGMA user_version") == 10)
            #expect(
                try outside.scalarInt("SELECT count(*) FROM pragma_table_info('center_history') WHERE name = 'actor'")
                    == 0)
        }
        let registry = try Registry.open(path: path)
        registry.actor = "cli:tester"
        #expect(try registry.outsideConnection().scalarInt("PRAGMA user_version") == Registry.migrator.latestVersion)
        let kept = try registry.read { db in try CenterRepository(db).history(code: "TJ-9") }
        #expect(kept.map(\.change) == [.add])
        #expect(kept.map(\.actor) == [nil])

        try registry.write { db in _ = try CenterRepository(db).remove(code: "TJ-9") }
        let history = try registry.read { db in try CenterRepository(db).history(code: "TJ-9") }
        #expect(history.map(\.change) == [.remove, .add])
        #expect(history.map(\.actor) == ["cli:tester", nil])
        #expect(RegistryCheck(registry: registry).run().filter { !$0.passed }.map(\.name) == [])
    }

    @Test func outsideChangesReadAsExternalAndIpregsAsItsActor() throws {
        let folder = try TemporaryDirectory()
        let registry = try Registry.open(path: folder.path("registry.sqlite"))
        registry.actor = "web:alice"
        try registry.write { db in _ = try CenterRepository(db).insert(Self.center) }
        try registry.outsideConnection().execute("UPDATE centers SET notes = 'outside' WHERE code = 'TJ-9'")
        let history = try registry.read { db in try CenterRepository(db).history(code: "TJ-9") }
        #expect(history.map(\.change) == [.external, .add])
        #expect(history.map(\.actor) == ["external", "web:alice"])
    }

    @Test func aBadActorWritesNothing() throws {
        let folder = try TemporaryDirectory()
        let registry = try Registry.open(path: folder.path("registry.sqlite"))
        for bad in ["", String(repeating: "a", count: 301), "web:a\nb", "web:\u{1b}[31mred"] {
            registry.actor = bad
            #expect(throws: RegistryError.self, "\(bad)") {
                try registry.write { db in try CenterRepository(db).insert(Self.center) }
            }
        }
        registry.actor = "token:" + String(repeating: "n", count: 64) + "/" + String(repeating: "l", count: 200)
        try registry.write { db in _ = try CenterRepository(db).insert(Self.center) }
        let history = try registry.read { db in try CenterRepository(db).history(code: "TJ-9") }
        #expect(history.map(\.actor) == [registry.actor])
    }

    @Test func theAuditLogRefusesEveryUpdate() throws {
        let folder = try TemporaryDirectory()
        let registry = try Registry.open(path: folder.path("registry.sqlite"))
        try registry.write { db in
            try AuditLog(db).record(
                AuditEntry(
                    actor: "web:alice", address: "127.0.0.1", method: "POST", path: "/login", status: 303,
                    detail: "signed in"))
        }
        let outside = try registry.outsideConnection()
        #expect(throws: SQLiteError.self) { try outside.execute("UPDATE audit_log SET actor = 'web:mallory'") }
        #expect(throws: SQLiteError.self) { try outside.execute("UPDATE audit_log SET status = 200 WHERE id = 1") }
        #expect(try outside.scalarText("SELECT actor FROM audit_log") == "web:alice")
    }
}
