// Every change signed (docs/commands.md, "Remove, restore, history"): the command line signs its
// changes `cli:LOGIN` (the operating-system user), another SQLite client's show as `external`,
// and `center history`, `figure history` and the web's center page carry the actor. `ipreg audit`
// lists the audit log, which nobody can change through SQL or read through `sql`.
import Foundation
import IPRegistry
import SQLiteDB
import Testing

@Suite struct SignedChangesTests {
    /// The login of the user running the tests, as `id -un` prints it: what ipreg must sign with.
    static func login() throws -> String {
        let result = try CLI.run(["-un"], executable: URL(fileURLWithPath: "/usr/bin/id"))
        #expect(result.status == 0, "\(result.stderr)")
        return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func succeed(_ registry: TestRegistry, _ arguments: [String], stdin: String? = nil) throws {
        let result = try registry.run(arguments, stdin: stdin)
        #expect(result.status == 0, "\(arguments): \(result.stderr)")
    }

    func history(_ registry: TestRegistry, _ noun: String, _ code: String) throws -> [[String: Any]] {
        try #require(try registry.json([noun, "history", code]) as? [[String: Any]])
    }

    @Test func everyCommandLineChangeToACenterIsSignedWithTheLogin() throws {
        let actor = "cli:" + (try Self.login())
        let registry = try CenterSupport.registry()
        try succeed(registry, ["center", "update", "PC-TJ", "--notes", "signed"])
        try succeed(registry, ["center", "remove", "PC-TJ"])
        try succeed(registry, ["center", "restore", "PC-TJ"])
        let entries = try history(registry, "center", "PC-TJ")
        #expect(entries.map { $0["change"] as? String } == ["restore", "remove", "update", "add"])
        #expect(entries.map { $0["actor"] as? String } == Array(repeating: actor, count: 4))
        // The old keys stay, the actor is added.
        #expect(entries.allSatisfy { Set($0.keys) == ["changed_at", "change", "fields", "actor"] })

        let table = try registry.run(["center", "history", "PC-TJ"])
        #expect(table.status == 0, "\(table.stderr)")
        let rows = CenterSupport.tableRows(table.stdout)
        #expect(rows.map { $0["actor"] } == Array(repeating: actor, count: 4))
        #expect(rows.first?["change"] == "restore")

        let csv = try registry.run(["center", "history", "PC-TJ", "--format", "csv"])
        let records = CenterSupport.csvRecords(csv.stdout)
        #expect(records.first == ["changed_at", "change", "fields", "actor"])
        #expect(records.dropFirst().allSatisfy { $0.last == actor })
    }

    @Test func importedCentersAreSignedWithTheLogin() throws {
        let actor = "cli:" + (try Self.login())
        let registry = try CenterSupport.registry()
        let added = ImportSupport.csv([
            ImportSupport.minimalHeader, ImportSupport.minimal("IMP-1"), ImportSupport.minimal("IMP-2"),
        ])
        try succeed(registry, ["import", "centers", "-"], stdin: added)
        let changed = ImportSupport.csv([
            ImportSupport.minimalHeader, ImportSupport.minimal("IMP-1", name: "改名的中心"),
        ])
        try succeed(registry, ["import", "centers", "-", "--on-conflict", "update"], stdin: changed)
        let first = try history(registry, "center", "IMP-1")
        #expect(first.map { $0["change"] as? String } == ["import", "import"])
        #expect(first.map { $0["actor"] as? String } == [actor, actor])
        #expect(try history(registry, "center", "IMP-2").map { $0["actor"] as? String } == [actor])
    }

    @Test func figureChangesAreSignedWithTheLogin() throws {
        let actor = "cli:" + (try Self.login())
        let registry = try TestRegistry()
        try succeed(
            registry,
            [
                "figure", "add", "--code", "TISC-2022", "--metric", "centers", "--region", "110000", "--kind",
                "tisc", "--period", "2022-12", "--value", "19", "--source", "CNIPA",
            ])
        try succeed(registry, ["figure", "remove", "TISC-2022"])
        let entries = try history(registry, "figure", "TISC-2022")
        #expect(entries.map { $0["change"] as? String } == ["remove", "add"])
        #expect(entries.map { $0["actor"] as? String } == [actor, actor])
        let table = try registry.run(["figure", "history", "TISC-2022"])
        #expect(CenterSupport.tableRows(table.stdout).map { $0["actor"] } == [actor, actor])
    }

    @Test(.enabled(if: SQLiteShell.executable != nil, "the sqlite3 shell is not installed"))
    func anotherClientsChangeShowsTheActorExternal() throws {
        let actor = "cli:" + (try Self.login())
        let registry = try CenterSupport.registry()
        try sqlite3(registry.path, "UPDATE centers SET notes = 'outside' WHERE code = 'PC-TJ'")
        let entries = try history(registry, "center", "PC-TJ")
        #expect(entries.map { $0["change"] as? String } == ["external", "add"])
        #expect(entries.map { $0["actor"] as? String } == ["external", actor])
        // The column itself stays NULL: the kind says who it was.
        let stored = try Connection(path: registry.path, mode: .readOnly)
        #expect(
            try stored.scalarInt("SELECT count(*) FROM center_history WHERE change = 'external' AND actor IS NULL")
                == 1)
    }

    @Test func theWebCenterPageAndItsJSONCarryTheActor() async throws {
        let actor = "cli:" + (try Self.login())
        let registry = try CenterSupport.registry()
        try succeed(registry, ["center", "update", "PC-BJ", "--notes", "signed"])
        let data = try WebContentTests.app(registry)
        let page = await WebContentTests.get(data, "/centers/PC-BJ")
        #expect(page.status == 200)
        #expect(page.body.contains("<td data-field=\"actor\">\(actor)</td>"))
        let json = await WebContentTests.get(data, "/centers/PC-BJ.json")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.body.utf8)) as? [String: Any])
        #expect(object["code"] as? String == "PC-BJ")
        #expect(object["statistics"] is [Any])
        let history = try #require(object["history"] as? [[String: Any]])
        #expect(history.map { $0["change"] as? String } == ["update", "add"])
        #expect(history.map { $0["actor"] as? String } == [actor, actor])
        #expect(history.first?["fields"] as? [String] == ["notes"])
    }

    // MARK: ipreg audit

    /// A registry whose audit log holds sign-ins and refusals of several actors, written as the
    /// web server writes them.
    static func auditedRegistry() throws -> TestRegistry {
        let registry = try TestRegistry()
        let entries = [
            AuditEntry(
                time: "2026-12-06T23:59:59Z", actor: "web:alice", address: "127.0.0.1", method: "POST",
                path: "/login", status: 303, detail: "signed in"),
            AuditEntry(
                time: "2026-12-07T08:00:00Z", actor: "alice", address: "10.0.0.9", method: "POST", path: "/login",
                status: 401, detail: "sign-in failed"),
            AuditEntry(
                time: "2026-12-07T09:30:00Z", actor: "token:alice/sync", address: "127.0.0.1", method: "PATCH",
                path: "/api/centers/PC-TJ", status: 403, detail: "outside your regions"),
            AuditEntry(
                time: "2026-12-07T10:00:00Z", actor: "web:alicia", address: "127.0.0.1", method: "POST",
                path: "/login", status: 303, detail: "signed in"),
            AuditEntry(
                time: "2026-12-07T11:00:00Z", actor: nil, address: "10.0.0.8", method: "GET", path: "/api/centers",
                status: 401, detail: nil),
        ]
        let opened = try Registry.open(path: registry.path)
        try opened.write { db in
            for entry in entries { try AuditLog(db).record(entry) }
        }
        return registry
    }

    func listed(_ registry: TestRegistry, _ arguments: [String]) throws -> [[String: Any]] {
        try #require(try registry.json(["audit"] + arguments) as? [[String: Any]])
    }

    @Test func auditListsTheLogOldestFirstWithEveryColumn() throws {
        let registry = try Self.auditedRegistry()
        let all = try listed(registry, [])
        #expect(
            all.map { $0["time"] as? String } == [
                "2026-12-06T23:59:59Z", "2026-12-07T08:00:00Z", "2026-12-07T09:30:00Z", "2026-12-07T10:00:00Z",
                "2026-12-07T11:00:00Z",
            ])
        #expect(all.allSatisfy { Set($0.keys) == ["time", "actor", "address", "method", "path", "status", "detail"] })
        #expect(all[2]["status"] as? Int == 403)
        #expect(all[2]["path"] as? String == "/api/centers/PC-TJ")
        #expect(all[4]["actor"] is NSNull)

        let table = try registry.run(["audit"])
        #expect(table.status == 0, "\(table.stderr)")
        let rows = CenterSupport.tableRows(table.stdout)
        #expect(rows.map { $0["actor"] } == ["web:alice", "alice", "token:alice/sync", "web:alicia", ""])
        let csv = CenterSupport.csvRecords(try registry.run(["audit", "--format", "csv"]).stdout)
        #expect(csv.first == ["time", "actor", "address", "method", "path", "status", "detail"])
        #expect(csv.count == 6)
    }

    @Test func auditFiltersBySinceAndUser() throws {
        let registry = try Self.auditedRegistry()
        let times = { (arguments: [String]) throws -> [String] in
            try listed(registry, arguments).compactMap { $0["time"] as? String }
        }
        #expect(try times(["--since", "2026-12-07"]).count == 4)
        #expect(
            try times(["--since", "2026-12-07T09:30:00Z"]) == [
                "2026-12-07T09:30:00Z", "2026-12-07T10:00:00Z", "2026-12-07T11:00:00Z",
            ])
        #expect(try times(["--since", "2026-12-07T09:31"]) == ["2026-12-07T10:00:00Z", "2026-12-07T11:00:00Z"])
        #expect(try times(["--since", "2026-12-08"]).isEmpty)
        // web:alice, the name typed at a failed sign-in, and alice's token; not web:alicia.
        let alice = try listed(registry, ["--user", "alice"]).compactMap { $0["actor"] as? String }
        #expect(alice == ["web:alice", "alice", "token:alice/sync"])
        let both = try listed(registry, ["--user", "alice", "--since", "2026-12-07"]).compactMap {
            $0["actor"] as? String
        }
        #expect(both == ["alice", "token:alice/sync"])
        #expect(try listed(registry, ["--user", "bob"]).isEmpty)
    }

    @Test func auditRefusesABadSince() throws {
        let registry = try Self.auditedRegistry()
        for bad in [
            "yesterday", "2026-13-01", "2026-02-30", "2026-12-07T25:00", "2026-12-07T10", "2026-12-07X10:00", "",
        ] {
            let result = try registry.run(["audit", "--since", bad])
            #expect(result.status == 65, "\(bad): \(result.status)")
            #expect(result.errorLines.count == 1, "\(bad): \(result.stderr)")
            #expect(result.stderr.hasPrefix("error: --since"), "\(bad): \(result.stderr)")
            #expect(result.stdout.isEmpty)
        }
    }

    @Test func theAuditLogCannotBeChangedNorReadThroughSQL() throws {
        let registry = try Self.auditedRegistry()
        let outside = try Connection(path: registry.path, mode: .readWrite)
        #expect(throws: SQLiteError.self) { try outside.execute("UPDATE audit_log SET detail = 'nothing happened'") }
        #expect(try outside.scalarInt("SELECT count(*) FROM audit_log WHERE detail = 'nothing happened'") == 0)
        // Pruning by hand stays possible.
        try outside.execute("DELETE FROM audit_log WHERE time < '2026-12-07'")
        #expect(try outside.scalarInt("SELECT count(*) FROM audit_log") == 4)

        let query = try registry.run(["sql", "SELECT actor FROM audit_log"])
        #expect(query.status != 0)
        #expect(query.stderr.contains("audit_log"), "\(query.stderr)")
        #expect(!query.stdout.contains("alice"))
    }
}
