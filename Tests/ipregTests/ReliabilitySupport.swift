// What the reliability and concurrency tests share with Scripts/stress: how hard to push
// (IPREG_STRESS=long scales every count up), processes run with a deadline or killed at will,
// generated center files, a seeded mutator of files, and the registry's write lock held on purpose.
import Foundation
import IPRegistry
import SQLiteDB
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
        if let text = ProcessInfo.processInfo.environment["IPREG_STRESS_" + name.uppercased()], let value = Int(text),
            value > 0
        {
            return value
        }
        return isLong ? long : ci
    }

    /// The seed of every random choice, printed so a failure can be replayed (`IPREG_STRESS_SEED`).
    static let seed: UInt64 = {
        if let text = ProcessInfo.processInfo.environment["IPREG_STRESS_SEED"], let value = UInt64(text) {
            return value
        }
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
        return try Connection(path: path, mode: .readOnly).scalarInt(sql) ?? -1
    }

    /// `ipreg check` passes; else the failing rows are the comment.
    func expectCheckPasses(_ context: String = "", sourceLocation: SourceLocation = #_sourceLocation) throws {
        let outcome = try spawn(["check", "--format", "csv"], timeout: 120)
        #expect(
            outcome.status == 0, "check failed \(context): \(outcome.stdout) \(outcome)", sourceLocation: sourceLocation
        )
    }
}

// MARK: The registry's write lock, held on purpose

/// Holds the registry's write lock from this process, as another writer would, until released.
final class WriteLock {
    private let db: Connection

    init(path: String) throws {
        _ = try Registry.open(path: path)
        db = try Connection(path: path, mode: .readWrite)
        try db.execute("BEGIN IMMEDIATE")
        // A write inside the transaction, so the lock is a writer's in every sense.
        try db.execute("UPDATE divisions SET source = source WHERE code = '110000'")
    }

    func release() throws {
        try db.execute("ROLLBACK")
    }
}

// MARK: Files

/// Valid center files, generated: every row passes every rule, so a file imports whole or not at all.
enum CenterFile {
    static let header = "code,name,name_en,kind,status,region_code,address,industries,services,approved,host,notes"
    private static let regions = ["110000", "110105", "110108", "120000", "120116", "130000", "130100", "130600"]
    private static let kinds = ["protection", "rapid-protection", "operation", "tisc"]
    private static let industries = [
        "photovoltaics", "modern-chemicals;energy-internet", "", "satellite-internet;cybersecurity;nuclear-energy",
    ]
    private static let services = ["rapid-pre-examination", "rights-confirmation;rights-protection", ""]

    /// One row: `PREFIX-N`, with quoted commas, quotes and, now and then, a line break inside a field.
    static func row(_ number: Int, prefix: String) -> String {
        let code = "\(prefix)-\(number)"
        let name = "测试知识产权服务中心第\(number)号"
        let english = "\"Test Center \(number), Unit \(number % 7)\""
        let address = number % 5 == 0 ? "\"北京市海淀区中关村大街\(number)号\n\"\"创新\"\"大厦\"" : "\"北京市海淀区, \(number)号\""
        let approved = "20\(10 + number % 14)-\(String(format: "%02d", number % 12 + 1))"
        return [
            code, name, english, kinds[number % kinds.count], "operating", regions[number % regions.count], address,
            industries[number % industries.count], services[number % services.count], approved,
            "国家知识产权局", number % 3 == 0 ? "notes for \(code)" : "",
        ].joined(separator: ",")
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
    private static let interesting: [UInt8] = [
        0x22, 0x2C, 0x0A, 0x0D, 0x00, 0xFF, 0xC3, 0xE4, 0x3B, 0x20, 0x09, 0x1B, 0xEF, 0xBB, 0xBF,
    ]

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
                bytes = Array(bytes.prefix(position))  // truncated
            case 6:
                bytes.insert(
                    contentsOf: Array(repeating: 0x22, count: Int.random(in: 1...9, using: &generator)), at: position)
            default:
                bytes.insert(contentsOf: [0x0D, 0x0A, 0x2C, 0x22], at: position)
            }
        }
        return bytes
    }
}
