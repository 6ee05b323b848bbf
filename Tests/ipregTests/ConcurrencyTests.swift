// docs/reliability.md: "Several ipreg processes can write the same registry at once: each waits for
// its turn ... and none fails while the wait is shorter than that", and `backup` "writes a
// consistent copy while others may be reading or writing". Scripts/stress runs these longer.
import Foundation
import Testing

@Suite(.serialized) struct ConcurrencyTests {
    /// `ipreg center add` for center `code`, with a few fields filled in.
    static func addArguments(_ code: String, number: Int) -> [String] {
        [
            "center", "add", "--code", code, "--name", "并发测试中心\(number)", "--name-en",
            "Concurrency Test Center \(number)",
            "--kind", ["protection", "operation", "tisc", "rapid-protection"][number % 4],
            "--region", ["110105", "120116", "130100"][number % 3], "--industry", "photovoltaics",
            "--service", "rights-protection", "--address", "北京市海淀区\(number)号",
        ]
    }

    @Test func eightProcessesAddingCentersAtOnceAllSucceed() throws {
        let writers = StressScale.count("writers", ci: 8, long: 8)
        let perWriter = StressScale.count("centers_per_writer", ci: 25, long: 100)
        let registry = try TestRegistry()
        let path = registry.path
        let folder = registry.folder.url
        let failures = Failures()
        let started = Date()
        let group = DispatchGroup()
        for writer in 1...writers {
            DispatchQueue.global().async(group: group) {
                for number in 1...perWriter {
                    let code = "W\(writer)-\(number)"
                    Self.add(code, number: number, path: path, folder: folder, failures: failures)
                }
            }
        }
        group.wait()
        let seconds = Date().timeIntervalSince(started)
        #expect(failures.all.isEmpty, "\(failures.all.count) adds failed, first: \(failures.all.first ?? "")")
        #expect(try registry.count("SELECT count(*) FROM centers") == writers * perWriter)
        #expect(
            try registry.count("SELECT count(DISTINCT center_code) FROM center_history WHERE change = 'add'") == writers
                * perWriter)
        try registry.expectCheckPasses()
        StressScale.report(
            "writers: \(writers) processes at once, each adding \(perWriter) centers one `center add` at a time: "
                + "\(writers * perWriter) centers in \(String(format: "%.1f", seconds)) s, \(failures.all.count) failed; check passed"
        )
    }

    /// Runs one `center add` of `code` in its own process; a failure is recorded, not thrown.
    private static func add(_ code: String, number: Int, path: String, folder: URL, failures: Failures) {
        do {
            let outcome = try Spawned.run(
                addArguments(code, number: number) + ["--db", path], outputFolder: folder, timeout: 60)
            if outcome.status != 0 { failures.add("\(code): \(outcome)") }
        } catch {
            failures.add("\(code): \(error)")
        }
    }

    @Test func backupsTakenWhileFourWritersRunPassCheck() throws {
        let writers = 4
        let backups = StressScale.count("backups", ci: 4, long: 40)
        let registry = try TestRegistry()
        let path = registry.path
        let folder = registry.folder.url
        let failures = Failures()
        let progress = WriterProgress(writers: writers)
        let group = DispatchGroup()
        for writer in 1...writers {
            DispatchQueue.global().async(group: group) {
                var number = 0
                while !progress.shouldStop {
                    number += 1
                    let code = "B\(writer)-\(number)"
                    Self.add(code, number: number, path: path, folder: folder, failures: failures)
                    progress.added(by: writer)
                }
            }
        }
        // Every writer has written before the first backup, and all still write during the last.
        progress.waitUntilEveryWriterAdded()
        var copies: [(path: String, before: Int)] = []
        for index in 1...backups {
            let copy = registry.folder.path("copy-\(index).sqlite")
            let before = progress.total
            let outcome = try registry.spawn(["backup", copy], timeout: 120)
            #expect(outcome.status == 0, "backup \(index): \(outcome)")
            copies.append((copy, before))
        }
        progress.stop()
        group.wait()
        #expect(failures.all.isEmpty, "\(failures.all.count) adds failed, first: \(failures.all.first ?? "")")
        var sizes: [Int] = []
        for (copy, before) in copies {
            let check = try Spawned.run(
                ["check", "--format", "csv", "--db", copy], folder: registry.folder, timeout: 120)
            #expect(check.status == 0, "\(copy): \(check.stdout)")
            let held = try TestRegistry.count(path: copy, "SELECT count(*) FROM centers")
            // A copy holds at least what was there when it began, and never more than was written.
            #expect(held >= before && held <= progress.total, "\(copy): \(held) centers; \(before) before it began")
            sizes.append(held)
        }
        StressScale.report(
            "backups: \(backups) taken while \(writers) writers added \(progress.total) centers; "
                + "copies held \(sizes.min() ?? 0)...\(sizes.max() ?? 0) centers; every copy passed check")
    }
}

/// Failures collected from several threads.
final class Failures: @unchecked Sendable {
    private let lock = NSLock()
    private var messages: [String] = []

    func add(_ message: String) { lock.withLock { messages.append(message) } }
    var all: [String] { lock.withLock { messages } }
}

/// How far writer threads have got, and the signal for them to stop.
final class WriterProgress: @unchecked Sendable {
    private let condition = NSCondition()
    private var counts: [Int: Int] = [:]
    private var stopping = false
    private let writers: Int

    init(writers: Int) { self.writers = writers }

    func added(by writer: Int) {
        condition.lock()
        counts[writer, default: 0] += 1
        condition.broadcast()
        condition.unlock()
    }

    var total: Int {
        condition.lock()
        defer { condition.unlock() }
        return counts.values.reduce(0, +)
    }

    var shouldStop: Bool {
        condition.lock()
        defer { condition.unlock() }
        return stopping
    }

    func stop() {
        condition.lock()
        stopping = true
        condition.unlock()
    }

    func waitUntilEveryWriterAdded() {
        condition.lock()
        while counts.count < writers { condition.wait() }
        condition.unlock()
    }
}
