// The search index is kept in few segments where a large part of it was written at once (a large
// import, or a registry from before migration 0012): otherwise FTS5's crisis merge rewrites those
// large segments inside some later single write, a stall of seconds at 1M centers.
// The segment count is read from FTS5's structure record (row 10 of centers_search_data: a 4-byte
// cookie, then the number of levels and the number of segments as varints). That record is FTS5's
// own format: should a future SQLite change it, this reader fails loudly rather than passing.
import Foundation
import IPRegistry
import SQLiteDB
import TabularFiles
import Testing

@Suite struct SearchIndexMergeTests {
    @Test func aLargeImportLeavesTheSearchIndexInOneSegment() throws {
        let folder = try TemporaryDirectory()
        let registry = try Registry.open(path: folder.path("registry.sqlite"))
        // Two single writes first: two segments that the large load's own segment joins.
        let outside = try registry.outsideConnection()
        for number in 1...2 { try Self.insertCenter("ONE-\(number)", into: outside) }
        #expect(try Self.segments(of: outside) == 2)
        try importCenters(Self.centers(1...SearchIndexMergeTestsSize.large, prefix: "BIG"), into: registry, folder)
        #expect(try Self.segments(of: registry.outsideConnection()) == 1)
        #expect(try registry.outsideConnection().scalarInt("SELECT count(*) FROM centers_search('大批中心')") ?? 0 > 0)

        // A small load next to the index is not worth rewriting the whole index for.
        try importCenters(Self.centers(1...100, prefix: "SMALL"), into: registry, folder)
        #expect(try Self.segments(of: registry.outsideConnection()) == 2)
        // FTS5's own check of the index against the centers: it throws on any difference.
        try registry.outsideConnection().execute(
            "INSERT INTO centers_search (centers_search) VALUES ('integrity-check')")
    }

    @Test func migration12MergesTheSearchIndexOfAnOlderRegistry() throws {
        let folder = try TemporaryDirectory()
        let path = folder.path("registry.sqlite")
        do {
            let outside = try Registry.open(path: path, migrateTo: 11).outsideConnection()
            // One transaction per center, as single writes do: one segment each.
            for number in 1...3 { try Self.insertCenter("OLD-\(number)", into: outside) }
            #expect(try Self.segments(of: outside) == 3)
        }
        let registry = try Registry.open(path: path)
        #expect(try Self.segments(of: registry.outsideConnection()) == 1)
        #expect(try registry.outsideConnection().scalarInt("SELECT count(*) FROM centers_search('单个中心')") == 3)
    }

    private static func insertCenter(_ code: String, into db: Connection) throws {
        try db.execute(
            """
            INSERT INTO centers (code, name, kind, status, region_code, created_at, updated_at)
            VALUES (?, '单个中心', 'tisc', 'operating', '120000', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')
            """, [.text(code)])
    }

    private static func centers(_ numbers: ClosedRange<Int>, prefix: String) -> String {
        "code,name,kind,region_code\n"
            + numbers.map { "\(prefix)-\($0),大批中心\($0),tisc,130100\n" }.joined()
    }

    private func importCenters(_ csv: String, into registry: Registry, _ folder: TemporaryDirectory) throws {
        let path = folder.path("centers-\(UUID().uuidString).csv")
        try Data(csv.utf8).write(to: URL(fileURLWithPath: path))
        let importer = Importer(
            registry: registry, input: try InputFile(path: path), options: ImportOptions(),
            standardOutput: TabularFiles.OutputStream(fileDescriptor: 1), reportError: { _ in })
        _ = try importer.run(.centers)
    }

    private static func segments(of db: Connection) throws -> Int {
        guard case .blob(let bytes)? = try db.scalar("SELECT block FROM centers_search_data WHERE id = 10")
        else {
            throw StructureUnreadable()
        }
        var position = 4
        func varint() throws -> Int {
            var value = 0
            for _ in 0..<9 {
                guard position < bytes.count else { throw StructureUnreadable() }
                let byte = Int(bytes[position])
                position += 1
                value = (value << 7) | (byte & 0x7f)
                if byte & 0x80 == 0 { return value }
            }
            throw StructureUnreadable()
        }
        _ = try varint()  // levels
        return try varint()
    }

    private struct StructureUnreadable: Error {}
}

private enum SearchIndexMergeTestsSize {
    /// Just over the size of a load that merges (`SearchIndex.mergingLoad`, internal to IPRegistry).
    static let large = 10_050
}
