// `/coverage`: every county-level seat of the region with its nearest protection center and the
// great-circle distance, farthest first; closed centers and other kinds never count.
import Foundation
import HummingbirdTesting
import IPRegistry
import Testing
import WebServer

@testable import WebPages

@Suite struct CoverageTests {
    /// The example centers (none has coordinates) plus protection centers with coordinates: one
    /// in Langfang, one in Handan, and a closed one in Zhangjiakou that must not count.
    static func registry() throws -> TestRegistry {
        let registry = try CenterSupport.registry()
        let added: [[(String, String)]] = [
            [
                ("--code", "PC-LF"), ("--kind", "protection"), ("--region", "131000"), ("--lat", "39.5381"),
                ("--lon", "116.6838"),
            ],
            [
                ("--code", "PC-HD"), ("--kind", "protection"), ("--region", "130400"), ("--lat", "36.6256"),
                ("--lon", "114.5392"),
            ],
            [
                ("--code", "PC-ZJK"), ("--kind", "protection"), ("--region", "130700"), ("--status", "closed"),
                ("--lat", "40.8244"), ("--lon", "114.8876"),
            ],
            [
                ("--code", "TISC-ZJK"), ("--kind", "tisc"), ("--region", "130700"), ("--lat", "40.8244"),
                ("--lon", "114.8876"),
            ],
        ]
        for options in added {
            let result = try registry.run(CenterSupport.newCenter(options + [("--name", options[0].1)]))
            #expect(result.status == 0, "\(result.stderr)")
        }
        return registry
    }

    private struct Row {
        let code: String
        let latitude: Double
        let longitude: Double
        let nearest: String?
        let distance: Double?
    }

    private func rows(_ body: String) throws -> [Row] {
        let objects = try #require(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [[String: Any]])
        return try objects.map { object in
            Row(
                code: try #require(object["region_code"] as? String),
                latitude: try #require(object["seat_latitude"] as? Double),
                longitude: try #require(object["seat_longitude"] as? Double),
                nearest: object["nearest_code"] as? String, distance: object["distance_km"] as? Double)
        }
    }

    @Test func everySeatHasItsNearestOpenProtectionCenterFarthestFirst() async throws {
        let registry = try Self.registry()
        let replies = try await WebRoutesTests.get(registry, ["/coverage.json", "/coverage.json?kind=tisc"])
        #expect(replies[0].status == 200)
        let rows = try self.rows(replies[0].body)
        let seats = try registry.run([
            "sql", "--format", "csv",
            """
            SELECT count(*) FROM division_seats AS s JOIN divisions AS d USING (code)
            WHERE d.level = 3 AND s.code BETWEEN '110000' AND '139999'
            """,
        ])
        #expect(String(rows.count) == seats.stdout.split(separator: "\n").last.map(String.init))
        // Every protection center that is not closed and has coordinates, read as a user would.
        let listed = try #require(
            try registry.json(["center", "list", "--kind", "protection", "--format", "json"]) as? [[String: Any]])
        var centers: [String: GreatCircle.Point] = [:]
        for center in listed where center["status"] as? String != "closed" {
            if let code = center["code"] as? String, let latitude = center["latitude"] as? Double,
                let longitude = center["longitude"] as? Double
            {
                centers[code] = GreatCircle.Point(latitude: latitude, longitude: longitude)
            }
        }
        #expect(centers["PC-LF"] != nil && centers["PC-HD"] != nil && centers["PC-ZJK"] == nil)
        for row in rows {
            let seat = GreatCircle.Point(latitude: row.latitude, longitude: row.longitude)
            // The nearest open protection center by a scan of them all; never the closed one or the TISC.
            let expected = try #require(
                centers.min { left, right in
                    let (l, r) = (GreatCircle.distanceKm(seat, left.value), GreatCircle.distanceKm(seat, right.value))
                    return l != r ? l < r : left.key < right.key
                })
            #expect(row.nearest == expected.key, "\(row.code)")
            let distance = try #require(row.distance)
            #expect(abs(distance - GreatCircle.distanceKm(seat, expected.value)) < 0.0006, "\(row.code)")
        }
        let distances = rows.compactMap(\.distance)
        #expect(distances == distances.sorted(by: >))
        // 三河市 (131082) is near Langfang's center; 涉县 (130426) in the far south-west is Handan's.
        #expect(rows.first { $0.code == "131082" }?.nearest == "PC-LF")
        #expect(rows.first { $0.code == "130426" }?.nearest == "PC-HD")

        // Another kind: the TISC in Zhangjiakou is every seat's nearest.
        let tiscs = try self.rows(replies[1].body)
        #expect(tiscs.count == rows.count)
        #expect(Set(tiscs.compactMap(\.nearest)) == ["TISC-ZJK"])
    }

    @Test func thePageShowsTheMapTheBandsAndTheTableInBothLanguages() async throws {
        let registry = try Self.registry()
        let replies = try await WebRoutesTests.getWithoutLanguage(
            registry, ["/coverage", "/coverage?lang=en", "/coverage?kind=nonsense", "/coverage?region=999999", "/"])
        let chinese = replies[0].body
        #expect(replies[0].status == 200)
        #expect(chinese.contains("<h1>各县（市、区）到最近服务中心的距离</h1>"))
        #expect(chinese.contains("<p>中心类型：知识产权保护中心</p>"))
        #expect(chinese.contains("<title>河北省 / 廊坊市 / 广阳区：25 公里以内</title></rect>"))
        #expect(chinese.contains("<th scope=\"row\">河北省 / 廊坊市 / 三河市 (131082)</th><td><a href=\"/centers/PC-LF\">"))
        #expect(chinese.contains("100 公里以上或无中心"))
        #expect(
            chinese.contains(
                "<a href=\"/coverage.xlsx?region=110000&amp;region=120000&amp;region=130000&amp;kind=protection\">"))
        let english = replies[1].body
        #expect(english.contains("<h1>How far each county is from its nearest center</h1>"))
        #expect(english.contains("within 25 km"))
        #expect(replies[2].status == 400)
        #expect(replies[3].status == 400)
        // The overview's map leads to the page.
        #expect(replies[4].body.contains("<a href=\"/coverage\">各县（市、区）到最近知识产权保护中心的距离</a>"))
    }

    @Test func aBadRegionOrKindIsRefusedInTheWordsOfTheCentersList() async throws {
        let registry = try Self.registry()
        let queries = [
            "kind=nonsense", "region=999999", "region=abc", "region=130000&kind=protection;tisc", "kind=x&region=1",
        ]
        var targets: [String] = []
        for query in queries {
            for path in ["/coverage", "/centers"] {
                targets += ["\(path).json?\(query)", "\(path)?\(query)", "\(path)?lang=en&\(query)"]
            }
        }
        let replies = try await WebRoutesTests.getWithoutLanguage(registry, targets)
        /// What a refusal page says: its section, without the page around it.
        func said(_ page: String) -> String? {
            guard let start = page.range(of: "<section><h1>"), let end = page.range(of: "</section>") else {
                return nil
            }
            return String(page[start.lowerBound..<end.upperBound])
        }
        for (index, query) in queries.enumerated() {
            let coverage = replies[index * 6..<index * 6 + 3].map { $0 }
            let centers = replies[index * 6 + 3..<index * 6 + 6].map { $0 }
            for (mine, theirs) in zip(coverage, centers) {
                #expect(mine.status == 400 && theirs.status == 400, "\(query): \(mine.body)")
            }
            #expect(coverage[0].body == centers[0].body && coverage[0].body.hasPrefix("{\"error\":"), "\(query)")
            for language in 1...2 {
                let page = try #require(said(coverage[language].body), "\(query)")
                #expect(page == said(centers[language].body), "\(query): \(page)")
            }
        }
        // A good value still chooses the seats: Hebei's alone.
        let hebei = try await WebRoutesTests.get(registry, ["/coverage.json?region=130000&kind=protection"])
        let rows = try self.rows(hebei[0].body)
        #expect(!rows.isEmpty && rows.allSatisfy { $0.code.hasPrefix("13") })
    }

    /// The kept rows are found again whatever the order or repeats of the items that chose them.
    @Test func theKeptRowsDoNotDependOnTheOrderOfTheItems() {
        let one = CoverageKey(regions: ["130000", "110000"], kinds: [.protection, .tisc])
        let other = CoverageKey(regions: ["110000", "130000", "110000"], kinds: [.tisc, .protection])
        #expect(one == other && one.hashValue == other.hashValue)
        #expect(one != CoverageKey(regions: ["110000"], kinds: [.protection, .tisc]))
        #expect(one != CoverageKey(regions: ["130000", "110000"], kinds: [.protection]))
    }

    /// An item the page does not take is named, with the ones it does, in the page's language.
    @Test func anUnknownItemIsNamedWithThePagesFiltersInBothLanguages() async throws {
        let registry = try Self.registry()
        let replies = try await WebRoutesTests.getWithoutLanguage(
            registry, ["/coverage?colour=red", "/coverage?lang=en&colour=red", "/coverage.json?colour=red"])
        #expect(replies.allSatisfy { $0.status == 400 })
        #expect(replies[0].body.contains("未知的查询项 colour（可用的筛选项：region、kind）"), "\(replies[0].body)")
        #expect(replies[1].body.contains("unknown query item colour (filters: region, kind)"), "\(replies[1].body)")
        #expect(replies[2].body.contains("unknown query item colour (filters: region, kind)"))
        // The same words on the other pages that list their filters.
        let others = try await WebRoutesTests.getWithoutLanguage(
            registry, ["/centers?colour=red", "/centers/nearest?lat=39&lon=116&colour=red"])
        #expect(others[0].body.contains("未知的查询项 colour（可用的筛选项：kind、status、region、"), "\(others[0].body)")
        #expect(others[1].body.contains("未知的查询项 colour（可用的筛选项：lat、lon、kind、"), "\(others[1].body)")
        // A name that itself holds " (filters: " does not make up the page's list.
        let crafted = try await WebRoutesTests.getWithoutLanguage(registry, ["/coverage?x%20(filters:%20y)=1"])
        #expect(crafted[0].body.contains("未知的查询项 x (filters: y)（可用的筛选项：region、kind）"), "\(crafted[0].body)")
    }

    /// The server's pooled reader keeps the rows per registry state and filter: asked again, the
    /// same rows; after a write from the command line, the new ones; another filter, its own.
    @Test func theRowsAreKeptUntilTheRegistryChanges() async throws {
        let registry = try Self.registry()
        var configuration = WebServerConfiguration()
        configuration.readerThreads = 1
        configuration.sqlTimeLimitMilliseconds = 60_000
        configuration.allowedHosts = ["localhost:80"]
        let path = registry.path
        let data = WebData(readers: try RegistryReaders(path: path, count: 1))
        let app = buildApplication(configuration, data: data)
        let bodies = try await app.test(.router) { client in
            func get(_ target: String) async throws -> String {
                let response = try await client.execute(uri: target, method: .get)
                #expect(response.status.code == 200, "\(target)")
                return String(buffer: response.body)
            }
            var bodies = [try await get("/coverage.json"), try await get("/coverage.json")]
            // A protection center in 涉县 itself, the far south-west, which Handan's served before:
            // written by another connection, as the command line writes.
            let writer = try Registry.open(path: path)
            try writer.write { db in
                _ = try CenterRepository(db).insert(
                    Center(
                        code: "PC-SX", name: "涉县中心", kind: .protection, regionCode: "130426", latitude: 36.5838,
                        longitude: 113.6916))
            }
            bodies += [try await get("/coverage.json"), try await get("/coverage.json?kind=tisc")]
            bodies.append(try await get("/coverage.json"))
            return bodies
        }
        #expect(bodies[0] == bodies[1])
        #expect(try rows(bodies[0]).first { $0.code == "130426" }?.nearest == "PC-HD")
        let after = try rows(bodies[2])
        #expect(after.first { $0.code == "130426" }?.nearest == "PC-SX")
        #expect(bodies[2] != bodies[0] && bodies[4] == bodies[2])
        #expect(Set(try rows(bodies[3]).compactMap(\.nearest)) == ["TISC-ZJK"])
    }
}
