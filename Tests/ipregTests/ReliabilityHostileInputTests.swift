// docs/reliability.md: "Any input, however malformed, gets a clear error and an exit status from
// the table above, never a crash, a hang, or a stack trace." Malformed CSVs, huge fields, 100k
// columns, nested quotes, control characters, paths that are folders or missing, and seeded
// random mutations of a valid file: each import ends with an `error:` line and a documented
// status, on time, and leaves the registry as it was. Scripts/stress runs thousands of mutations.
import Foundation
import Testing

@Suite(.serialized) struct ReliabilityHostileInputTests {
    /// What an import may end with (docs/commands.md): success, invalid data, unreadable input.
    static let importStatuses: Set<Int32> = [0, 65, 66]

    /// A registry that already holds the valid file's centers, so that most damaged copies of it
    /// also collide with existing codes.
    private func registry() throws -> (TestRegistry, [UInt8]) {
        let registry = try TestRegistry()
        let text = CenterFile.text(rows: 20, prefix: "H")
        let file = try registry.folder.write("valid.csv", text)
        let result = try registry.run(["import", "centers", file])
        #expect(result.status == 0, "\(result.stderr)")
        return (registry, Array(text.utf8))
    }

    /// Runs one import of `bytes` and holds it to the contract; returns its exit status.
    /// An input that hangs or crashes ipreg is kept in `keptFolder` to be replayed.
    @discardableResult
    private func expectGraceful(
        _ bytes: [UInt8], kind: String = "centers", name: String, in registry: TestRegistry,
        timeout: Double = 60, sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> Int32? {
        let path = registry.folder.path("hostile-\(UUID().uuidString).csv")
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let outcome = try expectGraceful(
            arguments: ["import", kind, path], name: name, in: registry, timeout: timeout,
            sourceLocation: sourceLocation)
        if outcome.timedOut || outcome.crashed || outcome.showsAStackTrace {
            let kept = Self.keptFolder.appendingPathComponent(
                name.filter { $0.isLetter || $0.isNumber || $0 == " " } + ".csv")
            try? FileManager.default.createDirectory(at: Self.keptFolder, withIntermediateDirectories: true)
            try? Data(bytes).write(to: kept)
            Issue.record("\(name): the input is kept in \(kept.path)", sourceLocation: sourceLocation)
        }
        return outcome.status
    }

    static let keptFolder = FileManager.default.temporaryDirectory.appendingPathComponent("ipreg-hostile-inputs")

    @discardableResult
    private func expectGraceful(
        arguments: [String], name: String, in registry: TestRegistry, timeout: Double = 60,
        expected: Set<Int32> = importStatuses, sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> Outcome {
        let before = try registry.fingerprint()
        let outcome = try registry.spawn(arguments, timeout: timeout)
        #expect(!outcome.timedOut, "\(name): hung: \(outcome)", sourceLocation: sourceLocation)
        #expect(!outcome.crashed, "\(name): crashed: \(outcome)", sourceLocation: sourceLocation)
        #expect(!outcome.showsAStackTrace, "\(name): \(outcome)", sourceLocation: sourceLocation)
        #expect(outcome.status.map(expected.contains) == true, "\(name): \(outcome)", sourceLocation: sourceLocation)
        if outcome.status != 0 {
            #expect(!outcome.errorLines.isEmpty, "\(name): no error line: \(outcome)", sourceLocation: sourceLocation)
            #expect(
                try registry.fingerprint() == before, "\(name): a refused import changed the registry",
                sourceLocation: sourceLocation)
        }
        return outcome
    }

    // MARK: Malformed files, one of each kind

    static let malformed: [(String, [UInt8])] = {
        let header = CenterFile.header
        func text(_ lines: String...) -> [UInt8] { Array(lines.joined(separator: "\n").utf8) + [0x0A] }
        let row = CenterFile.row(1, prefix: "X")
        return [
            ("an empty file", []),
            ("a byte-order mark alone", [0xEF, 0xBB, 0xBF]),
            ("blank lines only", text("", "", "")),
            ("an unterminated quote", text(header, "X-1,\"测试中心,\"Test,protection,operating,110000")),
            (
                "a stray quote after a closing quote",
                text(header, "X-1,\"测试\"x中心,Test,protection,operating,110000,,,,,,")
            ),
            (
                "invalid UTF-8",
                text(header) + Array("X-1,".utf8) + [0xFF, 0xFE, 0xC3]
                    + Array(",,protection,operating,110000,,,,,,\n".utf8)
            ),
            (
                "a NUL byte",
                text(header) + Array("X-1,测".utf8) + [0x00] + Array("试,,protection,operating,110000,,,,,,\n".utf8)
            ),
            ("a row with a field too many", text(header, row + ",extra")),
            ("a row with fields missing", text(header, "X-1,测试中心")),
            ("an unknown column", text(header + ",favourite_colour", row + ",blue")),
            ("a duplicated column", text(header + ",code", row + ",X-1")),
            ("a missing required column", text("code,name,kind", "X-1,测试中心,protection")),
            ("a header of control characters", text("\u{1}\u{2}\u{3},\u{7F}", "a,b")),
            ("a duplicated code", text(header, row, row)),
            (
                "values with control characters",
                text(
                    header,
                    "X-1,测试\u{1B}[31m中心\u{7},\"Te\u{8}st\",protection,operating,110000,\"\u{1}\u{2}\",,,,,\u{1F}")
            ),
            (
                "a code with a tab and a carriage return",
                text(header, "\"X\t1\r\",测试中心,,protection,operating,110000,,,,,,")
            ),
            // A UTF-16 byte-order mark is recognised (docs/files.md); an unpaired surrogate after it is not UTF-16.
            (
                "UTF-16 with an unpaired surrogate",
                [0xFF, 0xFE] + Array(header.utf8).flatMap { [$0, 0] } + [0x0A, 0, 0x00, 0xDC]
            ),
            ("a byte-order mark in the middle", text(header) + [0xEF, 0xBB, 0xBF] + text(row)),
            ("lone carriage returns as line ends", Array((header + "\r" + row + "\r").utf8)),
            (
                "random binary",
                {
                    var generator = SeededGenerator(seed: 7)
                    return (0..<65_536).map { _ in UInt8.random(in: 0...255, using: &generator) }
                }()
            ),
            ("a line of a million commas", text(header, String(repeating: ",", count: 1_000_000))),
            (
                "a quote opened and never closed over a megabyte",
                text(header, "X-1,\"" + String(repeating: "a,\n", count: 350_000))
            ),
            (
                "a field of a million doubled quotes",
                text(
                    header,
                    "X-1,\"" + String(repeating: "\"\"", count: 1_000_000) + "\",,protection,operating,110000,,,,,,")
            ),
            (
                "an odd run of quotes",
                text(header, "X-1," + String(repeating: "\"", count: 100_001) + ",,protection,operating,110000,,,,,,")
            ),
            (
                "quotes nested ten thousand deep",
                text(
                    header,
                    "X-1," + String(repeating: "\"\"\"", count: 10_000) + "a"
                        + String(repeating: "\"\"\"", count: 10_000) + ",,protection,operating,110000,,,,,,")
            ),
        ]
    }()

    @Test func everyMalformedFileEndsWithAnErrorAndAKnownStatus() throws {
        let (registry, _) = try registry()
        var statuses: [String: Int32] = [:]
        for (name, bytes) in Self.malformed {
            statuses[name] = try expectGraceful(bytes, name: name, in: registry)
        }
        // All but one are refused as invalid data: lone CRs are line ends the reader accepts.
        #expect(statuses.filter { $0.value != 65 }.map(\.key) == ["lone carriage returns as line ends"], "\(statuses)")
        try registry.expectCheckPasses()
    }

    @Test func malformedStatisticsAndRegionsFilesEndWithAnError() throws {
        let (registry, _) = try registry()
        for kind in ["stats", "regions"] {
            for (name, bytes) in Self.malformed
            where !bytes.isEmpty && name != "blank lines only" && name != "a byte-order mark alone" {
                try expectGraceful(bytes, kind: kind, name: "\(kind): \(name)", in: registry)
            }
        }
        try registry.expectCheckPasses()
    }

    // MARK: Sizes

    @Test func aTenMegabyteFieldIsRefusedWithoutTroubleQuotedOrNot() throws {
        let (registry, _) = try registry()
        let huge = String(repeating: "知", count: 3_500_000)  // 10.5 MB of UTF-8
        for (name, field) in [("unquoted", huge), ("quoted", "\"" + huge + "\"")] {
            let bytes = Array((CenterFile.header + "\nX-1," + field + ",,protection,operating,110000,,,,,,\n").utf8)
            let status = try expectGraceful(bytes, name: "a 10 MB \(name) name", in: registry, timeout: 120)
            #expect(status == 65)
        }
        let overLimit = Array((CenterFile.header + "\nX-1,\"" + String(repeating: "a", count: 20 << 20) + "\"\n").utf8)
        #expect(try expectGraceful(overLimit, name: "a 20 MB field", in: registry, timeout: 120) == 65)
    }

    @Test func aHundredThousandColumnsAreRefused() throws {
        let (registry, _) = try registry()
        let columns = (1...100_000).map { "c\($0)" }.joined(separator: ",")
        #expect(try expectGraceful(Array((columns + "\n").utf8), name: "a 100k-column header", in: registry) == 65)
        let wideRow = CenterFile.row(1, prefix: "X") + String(repeating: ",x", count: 100_000)
        #expect(
            try expectGraceful(
                Array((CenterFile.header + "\n" + wideRow + "\n").utf8), name: "a 100k-field row", in: registry) == 65)
    }

    // MARK: Paths

    @Test func pathsThatAreFoldersOrMissingExit66() throws {
        let (registry, _) = try registry()
        let aFile = try registry.folder.write("plain.txt", "not a folder")
        for (name, path) in [
            ("a folder", registry.folder.url.path), ("a missing file", registry.folder.path("absent.csv")),
            ("a path through a file", aFile + "/centers.csv"), ("an empty path", ""),
        ] {
            _ = try expectGraceful(
                arguments: ["import", "centers", path], name: name, in: registry, expected: [64, 66])
        }
        let rejects = try expectGraceful(
            arguments: [
                "import", "centers", registry.folder.path("valid.csv"), "--rejects",
                registry.folder.path("no/such/folder/rejects.csv"),
            ],
            name: "rejects in a missing folder", in: registry, expected: [65, 73])
        #expect(rejects.status != 0)
    }

    @Test func hostileStandardInputEndsWithAnError() throws {
        let (registry, _) = try registry()
        for (name, bytes) in Self.malformed.prefix(12) where !bytes.isEmpty {
            let path = registry.folder.path("stdin.csv")
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            let before = try registry.fingerprint()
            let outcome = try registry.spawn(
                ["import", "centers", "-"], stdin: URL(fileURLWithPath: path), timeout: 60)
            #expect(!outcome.timedOut && !outcome.crashed, "stdin, \(name): \(outcome)")
            #expect(outcome.status.map(Self.importStatuses.contains) == true, "stdin, \(name): \(outcome)")
            if outcome.status != 0 {
                #expect(!outcome.errorLines.isEmpty)
                #expect(try registry.fingerprint() == before)
            }
        }
    }

    // MARK: Seeded random damage

    @Test func randomlyDamagedFilesEndWithAnErrorAndAKnownStatus() throws {
        let count = StressScale.count("mutations", ci: 200, long: 5_000)
        // An empty registry, so that a file still valid after its damage imports, and the write
        // path is exercised too; after each such import the registry is checked and put back.
        let registry = try TestRegistry()
        let pristine = try Data(contentsOf: URL(fileURLWithPath: registry.path))
        let valid = Array(CenterFile.text(rows: 20, prefix: "H").utf8)
        var generator = SeededGenerator(seed: StressScale.seed)
        var statuses: [Int32: Int] = [:]
        var slowest = 0.0
        for index in 0..<count {
            let damaged = Mutator.mutate(valid, using: &generator)
            let started = Date()
            let name = "mutation \(index) (seed \(StressScale.seed))"
            let status = try expectGraceful(damaged, name: name, in: registry, timeout: 30)
            slowest = max(slowest, Date().timeIntervalSince(started))
            statuses[status ?? -1, default: 0] += 1
            if status == 0 {
                try registry.expectCheckPasses("after \(name) imported")
                for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: registry.path + suffix) }
                try pristine.write(to: URL(fileURLWithPath: registry.path))
            }
        }
        try registry.expectCheckPasses("after \(count) damaged files")
        let summary = statuses.sorted { $0.key < $1.key }.map { "\($1) exited \($0)" }.joined(separator: ", ")
        StressScale.report(
            "mutations: \(count) damaged copies of a valid file (seed \(StressScale.seed)): \(summary); "
                + "none crashed or hung; slowest \(String(format: "%.2f", slowest)) s")
    }
}
