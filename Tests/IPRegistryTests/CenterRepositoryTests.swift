// CenterRepository on a real registry file: every list filter found through an index (with
// and without ANALYZE's statistics), and history that a restore reads back.
import Foundation
import Testing

@testable import IPRegistry

/// A registry file in its own temporary folder, removed with the value.
private final class ScratchRegistry {
    let folder: URL
    let registry: Registry

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("ipreg-centers-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        registry = try Registry.open(path: folder.appendingPathComponent("registry.sqlite").path)
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    /// `count` centers spread over every kind, status, division, industry and service.
    func fill(_ count: Int) throws {
        try registry.write { db in
            let centers = try CenterRepository(db)
            let divisions = try centers.referenceCodes().divisions.keys.sorted()
            let industries = try centers.referenceCodes().industries.sorted()
            let services = try centers.referenceCodes().services.sorted()
            for index in 0..<count {
                let center = Center(
                    code: "C\(index)", name: "第\(index)号知识产权中心", nameEnglish: "Center number \(index)",
                    kind: CenterKind.allCases[index % 4], status: CenterStatus.allCases[(index / 4) % 4],
                    regionCode: divisions[index % divisions.count], address: index % 3 == 0 ? "地址\(index)" : nil,
                    industries: [industries[index % industries.count], industries[(index / 7) % industries.count]],
                    services: [services[index % services.count]],
                    approved: PartialDate(year: 2000 + index % 24, month: 1 + index % 12))
                try centers.insert(center)
            }
        }
    }
}

@Suite(.serialized) struct CenterRepositoryTests {
    static func filters() -> [(String, CenterFilter)] {
        func filter(_ build: (inout CenterFilter) -> Void) -> CenterFilter {
            var filter = CenterFilter()
            build(&filter)
            return filter
        }
        return [
            ("one kind", filter { $0.kinds = [.tisc] }),
            ("two kinds", filter { $0.kinds = [.tisc, .operation] }),
            ("one status", filter { $0.statuses = [.operating] }),
            ("two statuses", filter { $0.statuses = [.operating, .preparing] }),
            ("a province", filter { $0.regions = ["130000"] }),
            ("a county", filter { $0.regions = ["130102"] }),
            ("two regions", filter { $0.regions = ["110000", "130100"] }),
            ("one industry", filter { $0.industries = ["photovoltaics"] }),
            ("two industries", filter { $0.industries = ["photovoltaics", "cybersecurity"] }),
            ("one service", filter { $0.services = ["training"] }),
            ("two services", filter { $0.services = ["training", "mediation"] }),
            ("search of three characters", filter { $0.search = "知识产" }),
            ("search of an English word", filter { $0.search = "NUMBER 12" }),
            (
                "kind and region",
                filter {
                    $0.kinds = [.operation]
                    $0.regions = ["130000"]
                }
            ),
            (
                "status and industry",
                filter {
                    $0.statuses = [.closed]
                    $0.industries = ["nuclear-energy"]
                }
            ),
            (
                "kind sorted by name",
                filter {
                    $0.kinds = [.protection]
                    $0.sort = .name
                }
            ),
            (
                "status sorted by approved",
                filter {
                    $0.statuses = [.suspended]
                    $0.sort = .approved
                }
            ),
            (
                "region sorted by region",
                filter {
                    $0.regions = ["120000"]
                    $0.sort = .region
                }
            ),
            (
                "short search with a kind",
                filter {
                    $0.kinds = [.tisc]
                    $0.search = "中心"
                }
            ),
        ]
    }

    /// A plan line that reads every row of the centers table.
    static func scansCenters(_ line: String) -> Bool {
        line == "SCAN c" || line.hasPrefix("SCAN c ") || line == "SCAN centers" || line.hasPrefix("SCAN centers ")
    }

    @Test func everyListFilterFindsItsCentersThroughAnIndex() throws {
        let scratch = try ScratchRegistry()
        try scratch.fill(3000)
        for analyzed in [false, true] {
            if analyzed { try scratch.registry.outsideConnection().execute("ANALYZE") }
            try scratch.registry.read { db in
                let centers = try CenterRepository(db)
                for (name, filter) in Self.filters() {
                    let plan = try centers.queryPlan(filter)
                    #expect(
                        !plan.contains(where: Self.scansCenters), "\(name)\(analyzed ? " after ANALYZE" : ""): \(plan)")
                    #expect(plan.contains { $0.hasPrefix("SEARCH c ") }, "\(name): \(plan)")
                }
            }
        }
    }

    @Test func onlyTheUnfilteredListAndAShortSearchReadEveryCenter() throws {
        let scratch = try ScratchRegistry()
        try scratch.fill(500)
        var short = CenterFilter()
        short.search = "中心"
        try scratch.registry.read { db in
            let centers = try CenterRepository(db)
            for filter in [CenterFilter(), short] {
                #expect(try centers.queryPlan(filter).contains(where: Self.scansCenters))
            }
        }
    }

    @Test func filtersSelectTheSameCentersWhateverThePlan() throws {
        let scratch = try ScratchRegistry()
        try scratch.fill(400)
        try scratch.registry.read { db in try Self.expectSameCenters(CenterRepository(db)) }
    }

    private static func expectSameCenters(_ centers: CenterRepository) throws {
        var all: [StoredCenter] = []
        try centers.list(CenterFilter()) { all.append($0) }
        #expect(all.count == 400)
        for (name, filter) in Self.filters() {
            var listed: [String] = []
            try centers.list(filter) { listed.append($0.center.code) }
            let expected = all.filter { stored in
                let center = stored.center
                if !filter.kinds.isEmpty && !filter.kinds.contains(center.kind) { return false }
                if !filter.statuses.isEmpty && !filter.statuses.contains(center.status) { return false }
                if !filter.regions.isEmpty
                    && !filter.regions.contains(where: {
                        ReferenceCodes.containedRange(of: $0).contains(center.regionCode)
                    })
                {
                    return false
                }
                if !filter.industries.isEmpty && Set(filter.industries).isDisjoint(with: center.industries) {
                    return false
                }
                if !filter.services.isEmpty && Set(filter.services).isDisjoint(with: center.services) { return false }
                if let search = filter.search {
                    let texts = [center.name, center.nameEnglish, center.host, center.address].compactMap {
                        $0?.lowercased()
                    }
                    if !texts.contains(where: { $0.contains(search.lowercased()) }) { return false }
                }
                return true
            }
            #expect(Set(listed) == Set(expected.map(\.center.code)), "\(name)")
            #expect(!listed.isEmpty, "\(name) selects nothing: a weak test")
        }
    }

    @Test func restoreBringsBackTheCenterWithItsStatisticsAndCreationTime() throws {
        let scratch = try ScratchRegistry()
        let registry = scratch.registry
        let center = Center(
            code: "PC-HE", name: "河北省知识产权保护中心", kind: .protection, regionCode: "130000",
            industries: ["photovoltaics"], services: ["rights-protection"], approved: PartialDate(year: 2022))
        let statistic = CaseStatistic(
            centerCode: "PC-HE", period: try #require(Period("2023-Q1")), pretrialCases: 3,
            protectionCases: nil, source: "report")
        let stored = try registry.write { db in
            let centers = try CenterRepository(db)
            let stored = try centers.insert(center)
            try centers.addStatistic(statistic)
            return stored
        }
        try registry.write { db in _ = try CenterRepository(db).remove(code: "pc-he") }
        let restored = try registry.write { db in try CenterRepository(db).restore(code: "PC-HE") }
        #expect(restored.center == center)
        #expect(restored.createdAt == stored.createdAt)
        let statistics = try registry.read { db in try StatisticsRepository(db).statistics(centerID: restored.id) }
        #expect(statistics == [statistic])
        let history = try registry.read { db in try CenterRepository(db).history(code: "PC-HE") }
        #expect(history.map(\.change) == [.restore, .remove, .update, .add])
        #expect(history[2].changedFields == ["statistics"])
        #expect(
            history[3].changedFields == [
                "code", "name", "kind", "status", "region_code", "industries", "services", "approved",
            ])
    }

    @Test func aFailedWriteLeavesNoHistory() throws {
        let scratch = try ScratchRegistry()
        let registry = scratch.registry
        let center = Center(code: "PC-HE", name: "河北", kind: .protection, regionCode: "130000")
        try registry.write { db in _ = try CenterRepository(db).insert(center) }
        #expect(throws: RegistryError.self) {
            try registry.write { db in
                _ = try CenterRepository(db).insert(Center(code: "pc-he", name: "x", kind: .tisc, regionCode: "130000"))
            }
        }
        #expect(try registry.read { db in try CenterRepository(db).history(code: "PC-HE") }.count == 1)
        #expect(try registry.read { db in try CenterRepository(db).count() } == 1)
    }
}
