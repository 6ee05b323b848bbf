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
    /// (standard input is empty otherwise).
    @discardableResult
    static func run(_ arguments: [String], stdin: String? = nil, environment: [String: String] = [:],
                    workingDirectory: URL? = nil, executable: URL = binary) throws -> CommandResult {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        var fullEnvironment = ProcessInfo.processInfo.environment
        fullEnvironment.removeValue(forKey: "IPREG_DB")
        for (key, value) in environment { fullEnvironment[key] = value }
        process.environment = fullEnvironment
        if let workingDirectory { process.currentDirectoryURL = workingDirectory }
        let input = Pipe(), output = Pipe(), error = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = error
        try process.run()
        // Read both pipes while the process runs so a large output cannot block it.
        let group = DispatchGroup()
        nonisolated(unsafe) var outData = Data()
        nonisolated(unsafe) var errData = Data()
        group.enter()
        DispatchQueue.global().async { outData = output.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        group.enter()
        DispatchQueue.global().async { errData = error.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
        group.wait()
        return CommandResult(status: process.terminationStatus,
                             stdout: String(decoding: outData, as: UTF8.self),
                             stderr: String(decoding: errData, as: UTF8.self))
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
