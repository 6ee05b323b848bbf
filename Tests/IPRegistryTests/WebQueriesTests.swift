// The web view's page of centers: sorted from centers_by_kind alone when it filters by kind and
// region (Migrations/0008), and the same centers in the same order whichever plan reads them.
import Foundation
import IPRegistry
import SQLiteDB
import Testing

@Suite struct WebQueriesTests {
    @Test func kindAndRegionPagesSortFromTheIndexAlone() throws {
        let folder = try TemporaryDirectory()
        let registry = try Registry.open(path: folder.path("registry.sqlite"))
        let outside = try registry.outsideConnection()
        let statement = try outside.prepare(
            """
            EXPLAIN QUERY PLAN SELECT c.id FROM centers c
            WHERE c.kind IN ('tisc') AND (c.region_code BETWEEN '130200' AND '130299') ORDER BY +c.code LIMIT 50
            """)
        var plan: [String] = []
        while try statement.step() { plan.append(statement.text(3)) }
        #expect(plan.contains { $0.contains("COVERING INDEX centers_by_kind") }, "\(plan)")
    }

    /// The provinces of the overview's map and of `centers-by-region` come from the parent index
    /// (a province has no parent), not from reading every division of China.
    @Test func theProvincesComeFromTheParentIndex() throws {
        let folder = try TemporaryDirectory()
        let registry = try Registry.open(path: folder.path("registry.sqlite"))
        let outside = try registry.outsideConnection()
        let sql = try registry.read { db in try BuiltInReport.centersByRegion.query(arguments: [:], in: db).sql }
        let statement = try outside.prepare("EXPLAIN QUERY PLAN " + sql)
        var plan: [String] = []
        while try statement.step() { plan.append(statement.text(3)) }
        #expect(plan.contains { $0.contains("COVERING INDEX divisions_by_parent") }, "\(plan)")
        #expect(!plan.contains { $0.hasPrefix("SCAN d") }, "\(plan)")
        let provinces = try registry.read { db in try WebQueries.provinceCounts(in: db).map(\.code) }
        let levelOne = try registry.read { db in try ReferenceRepository(db).divisions().filter { $0.level == 1 } }
        #expect(provinces == levelOne.map(\.code).sorted() && provinces.contains("440000"))
    }

    @Test func pagesFollowEachOtherInCodeOrder() throws {
        let folder = try TemporaryDirectory()
        let registry = try Registry.open(path: folder.path("registry.sqlite"))
        try registry.write { db in
            let centers = try CenterRepository(db)
            for index in 0..<30 {
                _ = try centers.insert(
                    Center(
                        code: String(format: "C-%02d", (index * 7) % 30), name: "中心\(index)",
                        kind: index % 3 == 0 ? .tisc : .operation, regionCode: index % 2 == 0 ? "130200" : "130100"))
            }
        }
        var filter = CenterFilter()
        filter.kinds = [.tisc]
        filter.regions = ["130000"]
        let expected = try registry.read { db in
            var codes: [String] = []
            try CenterRepository(db).list(filter) { codes.append($0.center.code) }
            return codes
        }
        #expect(expected.count == 10)
        var paged: [String] = []
        for offset in stride(from: 0, to: 12, by: 4) {
            let page = try registry.read { db in try WebQueries.centerPage(filter, offset: offset, limit: 4, in: db) }
            #expect(page.total == 10)
            paged += page.centers.map(\.center.code)
        }
        #expect(paged == expected)
    }

    /// Codes whose case-insensitive order (the column's) differs from their byte order.
    static func mixedRegistry(_ path: String) throws -> Registry {
        let registry = try Registry.open(path: path)
        let regions = ["130100", "130102", "130104", "130200", "130202", "130203", "130281", "110101", "120101"]
        let kinds: [CenterKind] = [.tisc, .operation, .protection]
        let statuses: [CenterStatus] = [.operating, .closed, .preparing]
        try registry.write { db in
            let centers = try CenterRepository(db)
            for index in 0..<240 {
                let letter = index % 2 == 0 ? "a" : "B"
                var center = Center(
                    code: "\(letter)\((index * 37) % 240)", name: "中心\(index)", kind: kinds[index % 3],
                    regionCode: regions[(index / 3) % regions.count])
                center.status = statuses[(index / 5) % 3]
                _ = try centers.insert(center)
            }
        }
        return registry
    }

    /// Every page of every filter the merged plan takes (kinds with divisions, in code order), and
    /// of some it does not, is the slice of `center list`'s list, from the pool and from a writer.
    @Test func everyPageIsTheSliceOfTheWholeList() throws {
        let folder = try TemporaryDirectory()
        let path = folder.path("registry.sqlite")
        let registry = try Self.mixedRegistry(path)
        let readers = try RegistryReaders(path: path, count: 1)
        func filter(
            _ kinds: [CenterKind], _ regions: [String], _ statuses: [CenterStatus] = [],
            sort: CenterFilter.SortKey = .code
        ) -> CenterFilter {
            var filter = CenterFilter()
            filter.kinds = kinds
            filter.regions = regions
            filter.statuses = statuses
            filter.sort = sort
            return filter
        }
        let filters = [
            filter([.tisc], ["130200"]),
            filter([.tisc, .operation], ["130000"]),
            filter([.operation], ["130200", "130100", "130000"]),
            filter([.protection], ["130102", "120000"], [.operating, .closed]),
            filter([.tisc], ["130283"]),
            filter([.tisc], ["130000"], sort: .name),
            filter([], ["130000"]),
            filter([.tisc], []),
            filter([], []),
            filter([], [], [.closed, .preparing]),
        ]
        for filter in filters {
            let expected = try registry.read { db in
                var codes: [String] = []
                try CenterRepository(db).list(filter) { codes.append($0.center.code) }
                return codes
            }
            for limit in [1, 7, 50] {
                for offset in stride(from: 0, through: expected.count + 1, by: limit) {
                    let slice = Array(expected.dropFirst(offset).prefix(limit))
                    let fromReaders = try readers.read { db in
                        try WebQueries.centerPage(filter, offset: offset, limit: limit, in: db)
                    }
                    let fromWriter = try registry.read { db in
                        try WebQueries.centerPage(filter, offset: offset, limit: limit, in: db)
                    }
                    #expect(fromReaders.total == expected.count)
                    #expect(fromReaders.centers.map(\.center.code) == slice, "\(filter) \(offset) \(limit)")
                    #expect(fromWriter.centers.map(\.center.code) == slice, "\(filter) \(offset) \(limit)")
                }
            }
        }
    }

    /// A filter by kind, status and division takes its total from report_center_counts: another
    /// client's insert and delete (kept there by triggers) show in it as in the rows.
    @Test func totalsFromTheCountsFollowOtherClientsWrites() throws {
        let folder = try TemporaryDirectory()
        let path = folder.path("registry.sqlite")
        let registry = try Self.mixedRegistry(path)
        let readers = try RegistryReaders(path: path, count: 1)
        var tiscInHebei = CenterFilter()
        tiscInHebei.kinds = [.tisc]
        tiscInHebei.regions = ["130000"]
        func totals() throws -> [Int] {
            try [CenterFilter(), tiscInHebei].map { filter in
                try readers.read { try WebQueries.centerPage(filter, offset: 0, limit: 1, in: $0).total }
            }
        }
        let before = try totals()
        #expect(before[0] == 240)
        let outside = try registry.outsideConnection()
        try outside.execute(
            """
            INSERT INTO centers (code, name, kind, status, region_code, created_at, updated_at)
            VALUES ('OUT-1', '外部', 'tisc', 'operating', '130102', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')
            """)
        #expect(try totals() == [before[0] + 1, before[1] + 1])
        try outside.execute("DELETE FROM centers WHERE code IN ('OUT-1', (SELECT min(code) FROM centers))")
        let after = try totals()
        #expect(after[0] == before[0] - 1)
        #expect(after[0] == (try outside.scalarInt("SELECT count(*) FROM centers")))
    }

    /// A pooled reader keeps an answer until another connection commits; a connection that may
    /// write keeps nothing (its own commits do not move its data version).
    @Test func keptAnswersLastUntilTheRegistryChanges() throws {
        let folder = try TemporaryDirectory()
        let path = folder.path("registry.sqlite")
        let registry = try Self.mixedRegistry(path)
        let readers = try RegistryReaders(path: path, count: 1)
        var computed = 0
        func count(_ db: Database) throws -> Int {
            try db.remembered("count") {
                computed += 1
                return try CenterRepository(db).count()
            }
        }
        #expect(try readers.read(count) == 240)
        #expect(try readers.read(count) == 240)
        #expect(computed == 1)
        try registry.write { db in
            _ = try CenterRepository(db).insert(Center(code: "NEW", name: "新", kind: .tisc, regionCode: "130100"))
        }
        #expect(try readers.read(count) == 241)
        #expect(computed == 2)
        #expect(try registry.read(count) == 241)
        #expect(try registry.read(count) == 241)
        #expect(computed == 4)
    }
}
