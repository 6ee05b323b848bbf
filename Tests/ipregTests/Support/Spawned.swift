// Starting the built `ipreg` as a child process with posix_spawn, its output in files, waited for
// with a deadline. Every end-to-end test starts ipreg through this (CLI.run and Spawned).
import Foundation

#if canImport(Glibc)
import Glibc
#endif

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
    init(
        _ arguments: [String], executable: URL = CLI.binary, stdin: URL? = nil, outputFolder: URL,
        environment: [String: String] = [:], workingDirectory: URL? = nil
    ) throws {
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
        if let workingDirectory { _ = posix_spawn_file_actions_addchdir_np(&actions, workingDirectory.path) }
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
            for argument in argv { free(argument) }
            for variable in envp { free(variable) }
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
            let close = stat.lastIndex(of: ")")
        else { return nil }
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
    static func run(
        _ arguments: [String], folder: TemporaryDirectory, stdin: URL? = nil, timeout: Double = 60
    ) throws -> Outcome {
        try run(arguments, outputFolder: folder.url, stdin: stdin, timeout: timeout)
    }

    static func run(_ arguments: [String], outputFolder: URL, stdin: URL? = nil, timeout: Double = 60) throws -> Outcome
    {
        try Spawned(arguments, stdin: stdin, outputFolder: outputFolder).wait(timeout: timeout)
    }
}

/// glibc's posix_spawn_file_actions_addchdir_np (2.29 and later), which the Glibc module does not export.
// swift-format-ignore: AlwaysUseLowerCamelCase
@_silgen_name("posix_spawn_file_actions_addchdir_np")
private func posix_spawn_file_actions_addchdir_np(
    _ actions: UnsafeMutablePointer<posix_spawn_file_actions_t>,
    _ path: UnsafePointer<CChar>
) -> Int32
