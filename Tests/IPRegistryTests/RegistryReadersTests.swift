// RegistryReaders: many reads at once from tasks, each one whole snapshot, while another
// connection writes; what a write commits is there for the next read; no handle outlives its read.
import IPRegistry
import SQLiteDB
import Synchronization
import Testing

/// How many reads hold a connection at once, and the most that ever did.
private final class Lending: Sendable {
    private let now = Atomic<Int>(0)
    private let highest = Atomic<Int>(0)

    func begin() {
        let count = now.add(1, ordering: .sequentiallyConsistent).newValue
        highest.max(count, ordering: .sequentiallyConsistent)
    }

    func end() { now.subtract(1, ordering: .sequentiallyConsistent) }

    var most: Int { highest.load(ordering: .sequentiallyConsistent) }
}

@Suite struct RegistryReadersTests {
    static let batches = 40
    static let centersPerBatch = 5

    /// Writes `batches` transactions of `centersPerBatch` centers each through a registry of its own.
    static func writeBatches(path: String) throws {
        let writer = try Registry.open(path: path)
        for batch in 0..<batches {
            try writer.write { db in
                let centers = try CenterRepository(db)
                for index in 0..<centersPerBatch {
                    try centers.insert(
                        Center(
                            code: "B\(batch)-\(index)", name: "中心\(batch)-\(index)", kind: .tisc, regionCode: "110000"))
                }
            }
        }
    }

    @Test func concurrentReadsEachSeeOneSnapshotWhileAnotherRegistryWrites() async throws {
        let folder = try TemporaryDirectory()
        let path = folder.path("registry.sqlite")
        _ = try Registry.open(path: path)
        let readers = try RegistryReaders(path: path, count: 2)
        let lending = Lending()

        let seenByTask = try await withThrowingTaskGroup(of: [Int].self) { group in
            group.addTask {
                try Self.writeBatches(path: path)
                return []
            }
            for _ in 0..<8 {
                group.addTask {
                    var seen: [Int] = []
                    for _ in 0..<25 {
                        seen.append(
                            try readers.read { db in
                                lending.begin()
                                defer { lending.end() }
                                let centers = try CenterRepository(db)
                                let counted = try centers.count()
                                var listed = 0
                                try centers.list(CenterFilter()) { _ in listed += 1 }
                                // Two statements, one snapshot: a batch committed between them is not seen by the second.
                                #expect(listed == counted)
                                return counted
                            })
                    }
                    return seen
                }
            }
            var all: [[Int]] = []
            for try await seen in group where !seen.isEmpty { all.append(seen) }
            return all
        }

        #expect(seenByTask.count == 8)
        for seen in seenByTask {
            // A write is seen whole or not at all, and a later read never sees less than an earlier one.
            #expect(seen.allSatisfy { $0 % Self.centersPerBatch == 0 }, "\(seen)")
            #expect(seen == seen.sorted(), "\(seen)")
        }
        #expect(lending.most <= readers.count)
        // Everything the writer committed is there for the next read.
        #expect(try readers.read { db in try CenterRepository(db).count() } == Self.batches * Self.centersPerBatch)
    }

    @Test func aReadAfterACommitSeesItAndAReadBeforeItDoesNot() throws {
        let folder = try TemporaryDirectory()
        let path = folder.path("registry.sqlite")
        let writer = try Registry.open(path: path)
        let readers = try RegistryReaders(path: path, count: 1)
        #expect(try readers.read { db in try CenterRepository(db).find(code: "NEW-1") } == nil)
        try writer.write { db in
            try CenterRepository(db).insert(Center(code: "NEW-1", name: "新中心", kind: .tisc, regionCode: "110000"))
            // Not committed yet: the pool reads the snapshot before this write.
            #expect(try readers.read { db in try CenterRepository(db).find(code: "NEW-1") } == nil)
        }
        #expect(try readers.read { db in try CenterRepository(db).find(code: "NEW-1") }?.center.name == "新中心")
    }

    @Test func aPooledReaderRefusesToWrite() throws {
        let folder = try TemporaryDirectory()
        let path = folder.path("registry.sqlite")
        _ = try Registry.open(path: path)
        let readers = try RegistryReaders(path: path, count: 1)
        #expect(throws: RegistryError.self) {
            try readers.read { db in
                try CenterRepository(db).insert(Center(code: "NEW-1", name: "新中心", kind: .tisc, regionCode: "110000"))
            }
        }
        #expect(try readers.read { db in try CenterRepository(db).count() } == 0)
    }

    @Test func aHandleKeptPastItsReadCannotReachTheConnection() throws {
        let folder = try TemporaryDirectory()
        let path = folder.path("registry.sqlite")
        _ = try Registry.open(path: path)
        let readers = try RegistryReaders(path: path, count: 1)
        var kept: CenterRepository?
        try readers.read { db in kept = try CenterRepository(db) }
        let repository = try #require(kept)
        let error = #expect(throws: SQLiteError.self) { try repository.count() }
        #expect(error?.resultCode == .misuse)
        // The connection itself went back to the pool, unharmed.
        #expect(try readers.read { db in try CenterRepository(db).count() } == 0)
    }

    @Test func thePoolRefusesAFileThatIsNoRegistry() throws {
        let folder = try TemporaryDirectory()
        let path = folder.path("notes.sqlite")
        do {
            let other = try Connection(path: path)
            try other.execute("CREATE TABLE notes (text TEXT)")
        }
        #expect(throws: RegistryError.notARegistry(path: path)) { try RegistryReaders(path: path, count: 2) }
    }
}
