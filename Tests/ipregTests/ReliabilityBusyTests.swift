// Waiting for another writer: within --busy-timeout a writer gets its turn; past it, exit 75
// with one `error:` line, in about that time, and nothing written. Readers never wait.
import Foundation
import IPRegistry
import SQLiteDB
import Testing

@Suite(.serialized) struct ReliabilityBusyTests {
    private func registryWithFile(rows: Int = 20) throws -> (TestRegistry, String) {
        let registry = try TestRegistry()
        let file = try registry.folder.write("centers.csv", CenterFile.text(rows: rows, prefix: "B"))
        return (registry, file)
    }

    @Test func aWriterExits75OnceTheBusyTimeoutRunsOut() throws {
        let (registry, file) = try registryWithFile()
        let before = try registry.fingerprint()
        let lock = try WriteLock(path: registry.path)
        let outcome = try registry.spawn(["import", "centers", file, "--busy-timeout", "200"], timeout: 30)
        try lock.release()
        #expect(outcome.status == 75, "\(outcome)")
        #expect(outcome.errorLines.count == 1)
        #expect(outcome.stderr.hasPrefix("error: ") && outcome.stderr.contains("200 ms"))
        // About the timeout: not at once, and not much later (process start-up included).
        #expect(outcome.seconds >= 0.2)
        #expect(outcome.seconds < 3, "took \(outcome.seconds) s")
        #expect(try registry.count("SELECT count(*) FROM centers") == 0)
        #expect(try registry.fingerprint() == before)
    }

    /// Every kind of writing command, each in its own words.
    static let writingCommands: [[String]] = [
        ["center", "add", "--code", "B-X", "--name", "等待测试中心", "--kind", "tisc", "--region", "120000"],
        ["region", "add", "130199", "--name", "测试区"],
        ["industry", "add", "test-industry", "--name", "测试产业"],
        ["service", "add", "test-service", "--name", "测试服务"],
    ]

    @Test(arguments: writingCommands)
    func everyWritingCommandExits75PastTheBusyTimeout(_ arguments: [String]) throws {
        let registry = try TestRegistry()
        let before = try registry.fingerprint()
        let lock = try WriteLock(path: registry.path)
        let outcome = try registry.spawn(arguments + ["--busy-timeout", "200"], timeout: 30)
        try lock.release()
        #expect(outcome.status == 75, "\(outcome)")
        #expect(outcome.errorLines.count == 1)
        #expect(outcome.seconds >= 0.2 && outcome.seconds < 3, "took \(outcome.seconds) s")
        #expect(try registry.fingerprint() == before)
    }

    @Test func migratingAnOlderRegistryWaitsForTheLockAndExits75PastIt() throws {
        let folder = try TemporaryDirectory()
        let path = folder.path("old.sqlite")
        _ = try Registry.open(path: path, migrateTo: 1)
        let holder = try Connection(path: path)
        try holder.execute("BEGIN IMMEDIATE")
        let outcome = try Spawned.run(["init", "--db", path, "--busy-timeout", "200"], folder: folder, timeout: 30)
        try holder.execute("ROLLBACK")
        #expect(outcome.status == 75, "\(outcome)")
        #expect(try holder.scalarInt("PRAGMA user_version") == 1)
        let retry = try Spawned.run(["init", "--db", path], folder: folder, timeout: 30)
        #expect(retry.status == 0, "\(retry)")
        #expect(try holder.scalarInt("PRAGMA user_version") == Registry.schemaVersion)
    }

    @Test(.enabled(if: SQLiteShell.isAvailable, "the sqlite3 shell is not installed"))
    func aWriterExits75WhileTheSQLiteShellHoldsTheLock() throws {
        let (registry, file) = try registryWithFile()
        let shell = try SQLiteShell(path: registry.path)
        try shell.send("BEGIN IMMEDIATE;")
        try shell.waitForOutput(of: "SELECT 'locked';", expecting: "locked")
        let outcome = try registry.spawn(["import", "centers", file, "--busy-timeout", "200"], timeout: 30)
        try shell.send("ROLLBACK;")
        shell.quit()
        #expect(outcome.status == 75, "\(outcome)")
        #expect(outcome.seconds < 3)
    }

    @Test func aWriterWaitsItsTurnWhileTheWaitIsShorterThanTheTimeout() throws {
        let (registry, file) = try registryWithFile()
        let lock = try WriteLock(path: registry.path)
        let writer = try Spawned(
            ["import", "centers", file, "--db", registry.path, "--busy-timeout", "10000"],
            folder: registry.folder)
        // The one sleep here is the point of the test: the lock is held for a while, then let go.
        usleep(400_000)
        try lock.release()
        let outcome = writer.wait(timeout: 30)
        #expect(outcome.status == 0, "\(outcome)")
        #expect(try registry.count("SELECT count(*) FROM centers") == 20)
    }

    @Test func readersDoNotWaitForAWriter() throws {
        let (registry, file) = try registryWithFile()
        #expect(try registry.run(["import", "centers", file]).status == 0)
        let lock = try WriteLock(path: registry.path)
        defer { try? lock.release() }
        for arguments in [
            ["check"], ["backup", registry.folder.path("copy.sqlite")], ["region", "list"],
            ["export", "centers"],
        ] {
            let outcome = try registry.spawn(arguments + ["--busy-timeout", "0"], timeout: 30)
            #expect(outcome.status == 0, "\(arguments): \(outcome)")
        }
    }

    @Test func aNegativeBusyTimeoutIsAUsageError() throws {
        let registry = try TestRegistry()
        let result = try registry.run(["check", "--busy-timeout", "-1"])
        #expect(result.status == 64)
        #expect(result.errorLines.count == 1)
    }
}

/// The sqlite3 shell as another process talking to the registry, line by line.
final class SQLiteShell {
    static let executable: String? = ["/usr/bin/sqlite3", "/usr/local/bin/sqlite3", "/opt/homebrew/bin/sqlite3"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }
    static var isAvailable: Bool { executable != nil }

    private let process = Process()
    private let input = Pipe()
    private let output = Pipe()

    init(path: String) throws {
        process.executableURL = URL(fileURLWithPath: Self.executable ?? "sqlite3")
        process.arguments = [path]
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
    }

    func send(_ line: String) throws {
        try input.fileHandleForWriting.write(contentsOf: Data((line + "\n").utf8))
    }

    /// Sends a query and blocks until its answer is printed: by then every line before it has run.
    func waitForOutput(of query: String, expecting answer: String) throws {
        try send(query)
        var received = ""
        while !received.contains(answer) {
            let data = output.fileHandleForReading.availableData
            if data.isEmpty { throw CocoaError(.fileReadUnknown) }
            received += String(decoding: data, as: UTF8.self)
        }
    }

    func quit() {
        try? send(".quit")
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
    }
}
