// The registry stays a plain SQLite file with accounts, sessions, signed history and the audit log
// in it: the sqlite3 shell, sqlite-utils and Datasette open and read it (docs/web-security.md).
// Each peer is found where Scripts/setup-system installs it; a missing one skips, saying so.
import Foundation
import Testing

@Suite struct PeerToolsTests {
    static func tool(_ name: String) -> URL? {
        let home = ProcessInfo.processInfo.environment["HOME"] ?? "/root"
        return ["/usr/bin/\(name)", "/usr/local/bin/\(name)", "\(home)/.local/bin/\(name)"]
            .first { FileManager.default.isExecutableFile(atPath: $0) }
            .map { URL(fileURLWithPath: $0) }
    }

    /// A registry with an account, a token, a signed change and an audit entry.
    static func registryWithAccounts() throws -> TestRegistry {
        let registry = try TestRegistry()
        let user = try registry.run(
            ["user", "add", "tianjin", "--role", "editor", "--region", "120000", "--password-stdin"],
            stdin: "correct horse battery\n")
        #expect(user.status == 0, "\(user.stderr)")
        #expect(try registry.run(["token", "create", "--user", "tianjin", "--label", "batch"]).status == 0)
        let add = try registry.run([
            "center", "add", "--code", "TJ-PEER", "--name", "天津测试中心", "--kind", "tisc", "--status", "operating",
            "--region", "120000",
        ])
        #expect(add.status == 0, "\(add.stderr)")
        return registry
    }

    func run(_ tool: URL, _ arguments: [String], folder: TemporaryDirectory) throws -> Outcome {
        try Spawned(arguments, executable: tool, outputFolder: folder.url).wait(timeout: 120)
    }

    @Test(.enabled(if: tool("sqlite3") != nil, "the sqlite3 shell is missing"))
    func theSQLiteShellFindsTheFileIntact() throws {
        let registry = try Self.registryWithAccounts()
        let shell = try #require(Self.tool("sqlite3"))
        let outcome = try run(
            shell, [registry.path, "PRAGMA integrity_check; PRAGMA foreign_key_check; SELECT count(*) FROM users;"],
            folder: registry.folder)
        #expect(outcome.status == 0 && outcome.stdout == "ok\n1\n", "\(outcome)")
    }

    @Test(.enabled(if: tool("sqlite-utils") != nil, "sqlite-utils is missing (Scripts/setup-system installs it)"))
    func sqliteUtilsListsEveryTableWithItsRows() throws {
        let registry = try Self.registryWithAccounts()
        let outcome = try run(
            try #require(Self.tool("sqlite-utils")), ["tables", registry.path, "--counts"],
            folder: registry.folder)
        #expect(outcome.status == 0, "\(outcome)")
        let tables = try #require(
            try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [[String: Any]])
        let counts = Dictionary(
            tables.compactMap { table in (table["table"] as? String).map { ($0, table["count"] as? Int ?? -1) } },
            uniquingKeysWith: { first, _ in first })
        #expect(counts["centers"] == 1 && counts["users"] == 1 && counts["tokens"] == 1, "\(counts)")
        #expect(counts["center_history"] == 1, "\(counts)")
    }

    @Test(.enabled(if: tool("datasette") != nil, "Datasette is missing (Scripts/setup-system installs it)"))
    func datasetteInspectsIt() throws {
        let registry = try Self.registryWithAccounts()
        let outcome = try run(
            try #require(Self.tool("datasette")), ["inspect", registry.path], folder: registry.folder)
        #expect(outcome.status == 0, "\(outcome)")
        let inspected = try #require(
            try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any])
        let database = try #require(inspected["registry"] as? [String: Any], "\(inspected.keys)")
        let tables = try #require(database["tables"] as? [String: Any])
        let centers = try #require(tables["centers"] as? [String: Any])
        #expect(centers["count"] as? Int == 1)
        #expect(tables["audit_log"] != nil && tables["sessions"] != nil)
    }
}
