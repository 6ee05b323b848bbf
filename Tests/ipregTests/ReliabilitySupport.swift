// What the reliability and concurrency tests share with Scripts/stress: how hard to push
// (IPREG_STRESS=long scales every count up), processes run with a deadline or killed at will,
// generated center files, a seeded mutator of files, and the registry's write lock held on purpose.
import Foundation
import IPRegistry
import Testing
#if canImport(Glibc)
import Glibc
#endif

// MARK: How hard to push

/// The CI counts by default; Scripts/stress sets `IPREG_STRESS=long` for the long counts.
/// Any count can also be set alone: `IPREG_STRESS_WRITERS=16`, say.
enum StressScale {
    static let isLong = ProcessInfo.processInfo.environment["IPREG_STRESS"] == "long"

    static func count(_ name: String, ci: Int, long: Int) -> Int {
        if let text = ProcessInfo.processInfo.environment["IPREG_STRESS_" + name.uppercased()], let value = Int(text), value > 0 {
            return value
        }
        return isLong ? long : ci
    }

    /// The seed of every random choice, printed so a failure can be replayed (`IPREG_STRESS_SEED`).
    static let seed: UInt64 = {
        if let text = ProcessInfo.processInfo.environment["IPREG_STRESS_SEED"], let value = UInt64(text) { return value }
        return 20_240_601
    }()

    /// A line for the figures Scripts/stress collects.
    static func report(_ text: String) {
        print("stress: " + text)
    }
}

/// SplitMix64: small, fast, and the same sequence on every machine for a seed.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

// MARK: Processes

/// How a process ended.
struct Outcome: CustomStringConvertible {
    /// The exit status, or nil when a signal ended it.
    let status: Int32?
    /// The signal that ended it, if one did.
    let signal: Int32?
    /// True when it outlived its deadline and was killed for it.
    let timedOut: Bool
    /// What it was doing when the deadline passed (`R` running, `S` sleeping, `D` in I/O ...).
    let stateAtDeadline: String?
    let stdout: String
    let stderr: String
    let seconds: Double

    /// A crash: a signal nobody sent, or an exit status a shell reports for one.
    var crashed: Bool { (signal != nil && !timedOut) || (status ?? 0) >= 128 }

    /// Lines of standard error that are the `error:` kind: `error: ...` or `FILE:LINE: error: ...`.
    var errorLines: [Substring] {
        stderr.split(separator: "\n").filter { $0.hasPrefix("error: ") || $0.contains(": error: ") }
    }

    /// Traces of a crash report or an uncaught error that users must never see.
    var showsAStackTrace: Bool {
        ["Fatal error", "Stack dump", "Backtrace", "💣", "Thread 0 crashed", "SIGSEGV", "SIGILL", "SIGTRAP"]
            .contains { stderr.contains($0) }
    }

    var description: String {
        var end = timedOut ? "timed out" : signal.map { "signal \($0)" } ?? "status \(status ?? -1)"
        if let stateAtDeadline { end += " (at the deadline: \(stateAtDeadline))" }
        return "\(end) after \(String(format: "%.2f", seconds)) s; stderr: \(stderr.prefix(500))"
    }
}

/// A process started with its output going to files, to be waited for with a deadline or killed.
///
/// Started with posix_spawn and reaped with waitpid, not with Foundation's `Process`: in Swift
/// 6.3.1 `Process.run()` on Linux now and then reads past a buffer while listing /proc/self/fd
/// and crashes the test process (swift-corelibs-foundation pull request 5472), which many
/// processes started at once make likely; and `Process` learns of a child's end only when a
/// socket it shares with the child closes, late whenever another child inherited that socket.
final class Spawned: @unchecked Sendable {
    let pid: pid_t
    private let done = DispatchSemaphore(value: 0)
    private let lock = NSLock()
    private var waitStatus: Int32 = 0
    private let stdoutURL: URL
    private let stderrURL: URL
    private let started = Date()

    /// Starts `executable` (the built `ipreg` by default). The environment is the test's, without
    /// IPREG_DB, and without the crash backtracer: a crash must show as the signal it is, at once.
    init(_ arguments: [String], executable: URL = CLI.binary, stdin: URL? = nil, outputFolder: URL,
         environment: [String: String] = [:]) throws {
        let name = UUID().uuidString
        stdoutURL = outputFolder.appendingPathComponent("\(name).stdout")
        stderrURL = outputFolder.appendingPathComponent("\(name).stderr")
        var fullEnvironment = ProcessInfo.processInfo.environment
        fullEnvironment.removeValue(forKey: "IPREG_DB")
        fullEnvironment["SWIFT_BACKTRACE"] = "enable=no"
        fullEnvironment.merge(environment) { $1 }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, stdin?.path ?? "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdoutURL.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, stderrURL.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        // Nothing else of this process's is the child's business (pipes of other tests above all).
        for descriptor in Self.openDescriptors() where descriptor > 2 {
            posix_spawn_file_actions_addclose(&actions, descriptor)
        }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var signals = sigset_t()
        sigemptyset(&signals)
        posix_spawnattr_setsigmask(&attributes, &signals)
        sigfillset(&signals)
        posix_spawnattr_setsigdefault(&attributes, &signals)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let argv = ([executable.path] + arguments).map { strdup($0) } + [nil]
        let envp = fullEnvironment.map { strdup("\($0)=\($1)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var child = pid_t()
        let code = posix_spawn(&child, executable.path, &actions, &attributes, argv, envp)
        guard code == 0 else { throw POSIXError(POSIXErrorCode(rawValue: code) ?? .EINVAL) }
        pid = child

        let thread = Thread { [self] in
            var status: Int32 = 0
            while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
            lock.withLock { waitStatus = status }
            done.signal()
        }
        thread.start()
    }

    convenience init(_ arguments: [String], stdin: URL? = nil, folder: TemporaryDirectory) throws {
        try self.init(arguments, stdin: stdin, outputFolder: folder.url)
    }

    /// The descriptors open in this process now.
    private static func openDescriptors() -> [Int32] {
        ((try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []).compactMap { Int32($0) }
    }

    /// The state letter of a process in /proc/PID/stat (`R` running, `S` sleeping, `D` in I/O,
    /// `Z` exited), or nil when there is no such process.
    static func state(of pid: Int32) -> String? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return nil }
        return stat[stat.index(after: close)...].split(separator: " ").first.map(String.init)
    }

    func kill(_ signal: Int32 = SIGKILL) {
        Glibc.kill(pid, signal)
    }

    /// Waits for the end; past `timeout` seconds the process is killed and the outcome says so.
    func wait(timeout: Double) -> Outcome {
        var timedOut = false
        var stateAtDeadline: String?
        if done.wait(timeout: .now() + timeout) == .timedOut {
            timedOut = true
            stateAtDeadline = Self.state(of: pid)
            kill(SIGKILL)
            done.wait()
        }
        let seconds = Date().timeIntervalSince(started)
        let status = lock.withLock { waitStatus }
        let signal = status & 0x7F
        let outcome = Outcome(
            status: signal == 0 ? (status >> 8) & 0xFF : nil,
            signal: signal == 0 ? nil : signal,
            timedOut: timedOut,
            stateAtDeadline: stateAtDeadline,
            stdout: (try? String(contentsOf: stdoutURL, encoding: .utf8)) ?? "",
            stderr: (try? String(contentsOf: stderrURL, encoding: .utf8)) ?? "",
            seconds: seconds)
        try? FileManager.default.removeItem(at: stdoutURL)
        try? FileManager.default.removeItem(at: stderrURL)
        return outcome
    }

    /// Runs `ipreg` to its end, killed past `timeout` seconds.
    static func run(_ arguments: [String], folder: TemporaryDirectory, stdin: URL? = nil, timeout: Double = 60) throws -> Outcome {
        try run(arguments, outputFolder: folder.url, stdin: stdin, timeout: timeout)
    }

    static func run(_ arguments: [String], outputFolder: URL, stdin: URL? = nil, timeout: Double = 60) throws -> Outcome {
        try Spawned(arguments, stdin: stdin, outputFolder: outputFolder).wait(timeout: timeout)
    }
}

extension TestRegistry {
    /// Runs `ipreg ARGUMENTS --db PATH` with a deadline.
    func spawn(_ arguments: [String], stdin: URL? = nil, timeout: Double = 60) throws -> Outcome {
        try Spawned.run(arguments + ["--db", path], folder: folder, stdin: stdin, timeout: timeout)
    }

    /// A question to the registry through SQLite directly, on a read-only connection of this process.
    func count(_ sql: String) throws -> Int {
        try Self.count(path: path, sql)
    }

    static func count(path: String, _ sql: String) throws -> Int {
        let registry = try Registry.open(path: path, readOnly: true)
        return try registry.db.scalarInt(sql) ?? -1
    }

    /// `ipreg check` passes; else the failing rows are the comment.
    func expectCheckPasses(_ context: String = "", sourceLocation: SourceLocation = #_sourceLocation) throws {
        let outcome = try spawn(["check", "--format", "csv"], timeout: 120)
        #expect(outcome.status == 0, "check failed \(context): \(outcome.stdout) \(outcome)", sourceLocation: sourceLocation)
    }
}

// MARK: The registry's write lock, held on purpose

/// Holds the registry's write lock from this process, as another writer would, until released.
final class WriteLock {
    private let registry: Registry

    init(path: String) throws {
        registry = try Registry.open(path: path)
        try registry.db.execute("BEGIN IMMEDIATE")
        // A write inside the transaction, so the lock is a writer's in every sense.
        try registry.db.execute("UPDATE divisions SET source = source WHERE code = '110000'")
    }

    func release() throws {
        try registry.db.execute("ROLLBACK")
    }
}

// MARK: Files

/// Valid center files, generated: every row passes every rule, so a file imports whole or not at all.
enum CenterFile {
    static let header = "code,name,name_en,kind,status,region_code,address,industries,services,approved,host,notes"
    private static let regions = ["110000", "110105", "110108", "120000", "120116", "130000", "130100", "130600"]
    private static let kinds = ["protection", "rapid-protection", "operation", "tisc"]
    private static let industries = ["photovoltaics", "modern-chemicals;energy-internet", "", "satellite-internet;cybersecurity;nuclear-energy"]
    private static let services = ["rapid-pre-examination", "rights-confirmation;rights-protection", ""]

    /// One row: `PREFIX-N`, with quoted commas, quotes and, now and then, a line break inside a field.
    static func row(_ number: Int, prefix: String) -> String {
        let code = "\(prefix)-\(number)"
        let name = "测试知识产权服务中心第\(number)号"
        let english = "\"Test Center \(number), Unit \(number % 7)\""
        let address = number % 5 == 0 ? "\"北京市海淀区中关村大街\(number)号\n\"\"创新\"\"大厦\"" : "\"北京市海淀区, \(number)号\""
        let approved = "20\(10 + number % 14)-\(String(format: "%02d", number % 12 + 1))"
        return [code, name, english, kinds[number % kinds.count], "operating", regions[number % regions.count], address,
                industries[number % industries.count], services[number % services.count], approved,
                "国家知识产权局", number % 3 == 0 ? "notes for \(code)" : ""].joined(separator: ",")
    }

    /// Writes `rows` rows to `path`, streaming.
    static func write(rows: Int, prefix: String, to path: String) throws {
        _ = FileManager.default.createFile(atPath: path, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        var chunk = header + "\n"
        for number in 0..<rows {
            chunk += row(number + 1, prefix: prefix) + "\n"
            if chunk.utf8.count > 1 << 20 {
                try handle.write(contentsOf: Data(chunk.utf8))
                chunk = ""
            }
        }
        try handle.write(contentsOf: Data(chunk.utf8))
    }

    static func text(rows: Int, prefix: String) -> String {
        ([header] + (0..<rows).map { row($0 + 1, prefix: prefix) }).joined(separator: "\n") + "\n"
    }
}

/// Seeded damage to a file: flipped, inserted, deleted and repeated bytes, the bytes CSV cares
/// about most (quotes, commas, line breaks, NUL, invalid UTF-8), and truncation.
enum Mutator {
    private static let interesting: [UInt8] = [0x22, 0x2C, 0x0A, 0x0D, 0x00, 0xFF, 0xC3, 0xE4, 0x3B, 0x20, 0x09, 0x1B, 0xEF, 0xBB, 0xBF]

    static func mutate(_ input: [UInt8], using generator: inout SeededGenerator) -> [UInt8] {
        var bytes = input
        for _ in 0..<Int.random(in: 1...4, using: &generator) {
            let position = bytes.isEmpty ? 0 : Int.random(in: 0..<bytes.count, using: &generator)
            switch Int.random(in: 0..<8, using: &generator) {
            case 0 where !bytes.isEmpty:
                bytes[position] ^= UInt8(1 << Int.random(in: 0..<8, using: &generator))
            case 1:
                bytes.insert(interesting.randomElement(using: &generator) ?? 0x22, at: position)
            case 2 where !bytes.isEmpty:
                bytes[position] = UInt8.random(in: 0...255, using: &generator)
            case 3 where !bytes.isEmpty:
                let length = Int.random(in: 1...min(64, bytes.count - position), using: &generator)
                bytes.removeSubrange(position..<position + length)
            case 4 where !bytes.isEmpty:
                let length = Int.random(in: 1...min(256, bytes.count - position), using: &generator)
                let piece = bytes[position..<position + length]
                bytes.insert(contentsOf: Array(piece) + Array(piece), at: position)
            case 5:
                bytes = Array(bytes.prefix(position)) // truncated
            case 6:
                bytes.insert(contentsOf: Array(repeating: 0x22, count: Int.random(in: 1...9, using: &generator)), at: position)
            default:
                bytes.insert(contentsOf: [0x0D, 0x0A, 0x2C, 0x22], at: position)
            }
        }
        return bytes
    }
}
