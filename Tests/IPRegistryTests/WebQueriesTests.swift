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
}
