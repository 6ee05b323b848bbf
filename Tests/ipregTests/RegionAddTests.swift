// `region add`, `industry add`, `service add`: parents and levels from the code, new codes
// usable by centers at once, and refusals that change nothing.
import Foundation
import Testing

@Suite struct RegionAddTests {
    let registry: TestRegistry

    init() throws { registry = try TestRegistry() }

    func divisions(_ arguments: String...) throws -> [[String: Any]] {
        try #require(try registry.json(["region", "list"] + arguments) as? [[String: Any]])
    }

    func division(_ code: String) throws -> [String: Any]? {
        try divisions().first { $0["code"] as? String == code }
    }

    @Test func aCountyCodeSitsInsideItsPrefectureWhenThatExists() throws {
        let result = try registry.run(["region", "add", "130198", "--name", "示范区"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr == "added region 130198 (示范区), level 3, inside 130100\n")
        let added = try #require(try division("130198"))
        #expect(added["parent_code"] as? String == "130100")
        #expect(added["level"] as? Int == 3)
        #expect(added["name_en"] is NSNull)
    }

    @Test func aCountyCodeWithoutItsPrefectureSitsInsideTheProvince() throws {
        #expect(try registry.run(["region", "add", "139001", "--name", "定州市", "--name-en", "Dingzhou"]).status == 0)
        let added = try #require(try division("139001"))
        #expect(added["parent_code"] as? String == "130000")
        #expect(added["level"] as? Int == 3)
        #expect(added["name_en"] as? String == "Dingzhou")
    }

    @Test func aPrefectureSitsInsideItsProvince() throws {
        #expect(try registry.run(["region", "add", "710100", "--name", "台北市"]).status == 0)
        let added = try #require(try division("710100"))
        #expect(added["parent_code"] as? String == "710000")
        #expect(added["level"] as? Int == 2)
    }

    @Test func aNewPrefectureBecomesTheParentOfItsCounties() throws {
        let result = try registry.run(["region", "add", "110100", "--name", "市辖区"])
        #expect(result.stderr == "added region 110100 (市辖区), level 2, inside 110000; 16 divisions moved inside it\n")
        let inside = try divisions("--parent", "110100")
        #expect(inside.count == 16)
        #expect(inside.first?["code"] as? String == "110101")
        #expect(try divisions("--parent", "110000").map { $0["code"] as? String } == ["110100"])
    }

    @Test func centersMayUseANewRegionAndRegionFiltersContainIt() throws {
        #expect(try registry.run(["region", "add", "130198", "--name", "示范区"]).status == 0)
        #expect(try registry.run(CenterSupport.newCenter([("--region", "130198")])).status == 0)
        #expect(try CenterSupport.listedCodes(registry, ["--region", "130100"]) == ["NEW-1"])
        let shown = try CenterSupport.shown(registry, "NEW-1")
        #expect(shown["region_name"] as? String == "河北省 / 石家庄市 / 示范区")
        // 示范区 has no English name: no English path, rather than one that mixes the languages.
        #expect(shown["region_name_en"] is NSNull)
    }

    @Test func refusedRegionsChangeNothing() throws {
        let cases: [([String], Int32, String)] = [
            (
                ["990100", "--name", "无"], 65,
                "region 990100: its provincial-level division 990000 is not in the registry"
            ),
            (["13010", "--name", "无"], 65, "region 13010: must be a six-digit division code"),
            (["00a000", "--name", "无"], 65, "region 00a000: must be a six-digit division code"),
            (["001000", "--name", "无"], 65, "region 001000: must be a six-digit division code"),
            (["130100", "--name", "石家庄"], 65, "region 130100: already exists (石家庄市)"),
            (["130198", "--name", ""], 65, "--name '': is required"),
            (["130198", "--name", String(repeating: "区", count: 201)], 65, "--name '"),
            (
                ["130198", "--name", "区", "--name-en", "a\nb"], 65,
                "--name-en 'a\\nb': must not contain control characters"
            ),
            (["130198"], 64, "Missing expected argument '--name <name>'"),
        ]
        for (arguments, status, message) in cases {
            try CenterSupport.expectRefusal(registry, ["region", "add"] + arguments, status: status, message: message)
        }
    }

    @Test func industriesAndServicesAddedAreListedAndUsable() throws {
        let industry = try registry.run([
            "industry", "add", "hydrogen-energy", "--name", "氢能", "--name-en", "Hydrogen energy",
        ])
        #expect(industry.status == 0)
        #expect(industry.stderr == "added industry hydrogen-energy (氢能)\n")
        #expect(try registry.run(["service", "add", "patent-pools", "--name", "专利池运营"]).status == 0)
        let industries = try #require(try registry.json(["industry", "list"]) as? [[String: Any]])
        let hydrogen = try #require(industries.first { $0["code"] as? String == "hydrogen-energy" })
        #expect(hydrogen["name"] as? String == "氢能")
        #expect(hydrogen["name_en"] as? String == "Hydrogen energy")
        let services = try #require(try registry.json(["service", "list"]) as? [[String: Any]])
        #expect(services.contains { $0["code"] as? String == "patent-pools" })
        #expect(
            try registry.run(
                CenterSupport.newCenter([("--industry", "hydrogen-energy"), ("--service", "patent-pools")])
            ).status == 0)
        #expect(
            try CenterSupport.listedCodes(registry, ["--industry", "hydrogen-energy", "--service", "patent-pools"]) == [
                "NEW-1"
            ])
    }

    @Test func refusedIndustriesAndServicesChangeNothing() throws {
        let cases: [([String], Int32, String)] = [
            (
                ["industry", "add", "Hydrogen", "--name", "氢能"], 65,
                "industry Hydrogen: must be 1-64 characters of lowercase a-z, 0-9 and -"
            ),
            (["industry", "add", "h2_energy", "--name", "氢能"], 65, "industry h2_energy: must be 1-64 characters"),
            (["industry", "add", String(repeating: "a", count: 65), "--name", "氢能"], 65, "industry '"),
            (["industry", "add", "photovoltaics", "--name", "光伏"], 65, "industry photovoltaics: already exists (光伏)"),
            (["industry", "add", "hydrogen", "--name", " "], 65, "--name ' ': is required"),
            (["service", "add", "patent pools", "--name", "专利池"], 65, "service patent pools: must be 1-64 characters"),
            (["service", "add", "training", "--name", "培训"], 65, "service training: already exists (知识产权培训)"),
            (["service", "add", "patent-pools"], 64, "Missing expected argument '--name <name>'"),
        ]
        for (arguments, status, message) in cases {
            try CenterSupport.expectRefusal(registry, arguments, status: status, message: message)
        }
    }
}
