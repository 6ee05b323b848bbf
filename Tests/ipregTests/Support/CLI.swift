// Runs the built `ipreg` binary the way a user does: arguments, standard input, environment.
import Foundation
import Testing

struct CommandResult {
    let status: Int32
    let stdout: String
    let stderr: String

    /// The lines of standard error, for checking the one-line `error:` rule.
    var errorLines: [Substring] { stderr.split(separator: "\n") }
}

enum CLI {
    /// `$IPREG_BIN` when set (to test a release build), else the `ipreg` built beside this test bundle.
    static let binary: URL = {
        if let path = ProcessInfo.processInfo.environment["IPREG_BIN"], !path.isEmpty {
            return URL(fileURLWithPath: path)
        }
        let runner = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        return runner.deletingLastPathComponent().appendingPathComponent("ipreg")
    }()

    /// Runs `ipreg` (or a copy of it at `executable`) with `arguments`; `stdin` is fed to it
    /// (standard input is empty otherwise). Started with posix_spawn (see Spawned), not Foundation's
    /// Process, which now and then crashes the test process on Linux; killed past five minutes.
    @discardableResult
    static func run(
        _ arguments: [String], stdin: String? = nil, environment: [String: String] = [:],
        workingDirectory: URL? = nil, executable: URL = binary
    ) throws -> CommandResult {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("ipreg-run-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        var input: URL?
        if let stdin {
            let file = scratch.appendingPathComponent("stdin")
            try Data(stdin.utf8).write(to: file)
            input = file
        }
        let outcome = try Spawned(
            arguments, executable: executable, stdin: input, outputFolder: scratch,
            environment: environment, workingDirectory: workingDirectory
        ).wait(timeout: 300)
        #expect(!outcome.timedOut, "ipreg \(arguments) ran past its deadline")
        return CommandResult(
            status: outcome.status ?? 128 + (outcome.signal ?? 0), stdout: outcome.stdout, stderr: outcome.stderr)
    }
}

/// A folder under the system's temporary folder, removed when the value goes away.
final class TemporaryDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("ipreg-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    func write(_ name: String, _ text: String) throws -> String {
        let target = path(name)
        try Data(text.utf8).write(to: URL(fileURLWithPath: target))
        return target
    }
}

/// A registry in a temporary folder, and `ipreg` bound to it with `--db`.
final class TestRegistry {
    let folder: TemporaryDirectory
    let path: String

    init() throws {
        folder = try TemporaryDirectory()
        path = folder.path("registry.sqlite")
        let result = try CLI.run(["init", "--db", path])
        #expect(result.status == 0, "ipreg init failed: \(result.stderr)")
    }

    /// Runs `ipreg ARGUMENTS --db PATH`.
    @discardableResult
    func run(_ arguments: [String], stdin: String? = nil) throws -> CommandResult {
        try CLI.run(arguments + ["--db", path], stdin: stdin)
    }

    /// The file's bytes plus its WAL's, to prove a refused command changed nothing.
    func fingerprint() throws -> Data {
        var data = try Data(contentsOf: URL(fileURLWithPath: path))
        if let wal = try? Data(contentsOf: URL(fileURLWithPath: path + "-wal")) { data.append(wal) }
        return data
    }

    /// Parses `--format json` output.
    func json(_ arguments: [String]) throws -> Any {
        let result = try run(arguments + ["--format", "json"])
        #expect(result.status == 0, "\(arguments) failed: \(result.stderr)")
        return try JSONSerialization.jsonObject(with: Data(result.stdout.utf8))
    }
}
