// `center nearest`, `--near ... --within` on `center list` and `export centers`, and
// `/centers/nearest` end to end: the built binary on temporary registries, the locations index
// right after an import (which sets triggers and indexes aside while it loads).
import Foundation
import IPRegistry
import Testing

@Suite struct CenterNearestTests {
    /// Centers around Beijing and Tianjin; two without coordinates.
    static let file = """
        code,name,kind,status,region_code,industries,latitude,longitude
        BJ-A,北京甲中心,protection,operating,110000,photovoltaics,39.9042,116.4074
        BJ-B,北京乙中心,tisc,operating,110108,,39.98,116.31
        TJ-A,天津甲中心,protection,operating,120000,,39.3434,117.3616
        LF-A,廊坊甲中心,rapid-protection,preparing,131000,photovoltaics,39.5380,116.6837
        SJZ-A,石家庄甲中心,operation,closed,130100,,38.0428,114.5149
        NO-1,无坐标中心一,protection,operating,110000,,,
        NO-2,无坐标中心二,tisc,operating,110000,,,

        """

    static func registry() throws -> TestRegistry {
        let registry = try TestRegistry()
        let path = try registry.folder.write("centers.csv", file)
        let result = try registry.run(["import", "centers", path])
        #expect(result.status == 0, "\(result.stderr)")
        return registry
    }

    /// Langfang, where the company asks.
    static let langfang = ["--lat", "39.52", "--lon", "116.70"]

    @Test func nearestFirstWithDistancesAndTheLeftOutCounted() throws {
        let registry = try Self.registry()
        let result = try registry.run(["center", "nearest"] + Self.langfang + ["--format", "csv"])
        #expect(result.status == 0, "\(result.stderr)")
        let records = CSVText.records(result.stdout)
        #expect(records.first?.last == "distance_km")
        #expect(records.dropFirst().map { $0[0] } == ["LF-A", "BJ-A", "TJ-A", "BJ-B", "SJZ-A"])
        #expect(result.stderr == "note: 2 centers without coordinates left out\n")
        // Every key of the center object, then the distance, in metres' precision.
        let objects = try #require(
            try registry.json(["center", "nearest"] + Self.langfang + ["--limit", "2"]) as? [[String: Any]])
        #expect(objects.count == 2)
        let distance = try #require(objects[1]["distance_km"] as? Double)
        #expect(abs(distance - 49.513) < 0.002)
        #expect(distance == (distance * 1000).rounded() / 1000)
        #expect(objects[0]["latitude"] as? Double == 39.538)
        #expect(objects[0]["region_name"] != nil)
    }

    @Test func filtersAndWithinAndEveryFormat() throws {
        let registry = try Self.registry()
        let codes = { (arguments: [String]) throws -> [String] in
            let objects = try registry.json(["center", "nearest"] + Self.langfang + arguments) as? [[String: Any]]
            return (objects ?? []).compactMap { $0["code"] as? String }
        }
        #expect(try codes(["--kind", "protection"]) == ["BJ-A", "TJ-A"])
        #expect(try codes(["--status", "closed"]) == ["SJZ-A"])
        #expect(try codes(["--industry", "photovoltaics"]) == ["LF-A", "BJ-A"])
        #expect(try codes(["--region", "110000"]) == ["BJ-A", "BJ-B"])
        #expect(try codes(["--within", "60"]) == ["LF-A", "BJ-A"])
        #expect(try codes(["--within", "61"]) == ["LF-A", "BJ-A", "TJ-A"])
        let onlyProtection = try registry.run(["center", "nearest"] + Self.langfang + ["--kind", "protection"])
        #expect(onlyProtection.stderr == "note: 1 center without coordinates left out\n")
        let none = try registry.run(["center", "nearest"] + Self.langfang + ["--kind", "tisc", "--within", "1"])
        #expect(none.status == 0 && none.stderr == "note: 1 center without coordinates left out\n")
        for format in ["table", "csv", "tsv", "json", "ndjson", "markdown"] {
            let result = try registry.run(
                ["center", "nearest"] + Self.langfang + ["--format", format, "--limit", "1"])
            #expect(result.status == 0, "\(format): \(result.stderr)")
            #expect(result.stdout.contains("LF-A") && result.stdout.contains("distance_km"), "\(format)")
        }
    }

    @Test func geojsonAndAnotherCoordinateSystem() throws {
        let registry = try Self.registry()
        // GeoJSON: the same centers in the same order, each with distance_km after its own properties.
        let geojson = try registry.run(
            ["center", "nearest"] + Self.langfang + ["--limit", "2", "--format", "geojson"])
        #expect(geojson.status == 0, "\(geojson.stderr)")
        let collection = try #require(
            try JSONSerialization.jsonObject(with: Data(geojson.stdout.utf8)) as? [String: Any])
        #expect(collection["type"] as? String == "FeatureCollection")
        let features = try #require(collection["features"] as? [[String: Any]])
        let properties = features.compactMap { $0["properties"] as? [String: Any] }
        #expect(properties.compactMap { $0["code"] as? String } == ["LF-A", "BJ-A"])
        #expect(properties.allSatisfy { $0["distance_km"] is Double && $0["latitude"] == nil })
        let point = try #require((features[0]["geometry"] as? [String: Any])?["coordinates"] as? [Double])
        #expect(point == [116.6837, 39.538])

        // The point given in GCJ-02 (as Amap shows LF-A) is LF-A itself; what is printed is GCJ-02 too.
        let amap = ChinaCoordinates.wgs84ToGCJ02(latitude: 39.5380, longitude: 116.6837)
        let shifted = try registry.run([
            "center", "nearest", "--lat", String(amap.latitude), "--lon", String(amap.longitude), "--coords", "gcj02",
            "--limit", "1", "--format", "json",
        ])
        #expect(shifted.status == 0, "\(shifted.stderr)")
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(shifted.stdout.utf8)) as? [[String: Any]])
        #expect(rows.first?["code"] as? String == "LF-A")
        #expect((rows.first?["distance_km"] as? Double).map { $0 < 0.001 } == true)
        let latitude = try #require(rows.first?["latitude"] as? Double)
        #expect(abs(latitude - amap.latitude) < 1e-6)
        // Given as WGS-84, the same numbers are a few hundred metres from LF-A.
        let unshifted = try registry.run([
            "center", "nearest", "--lat", String(amap.latitude), "--lon", String(amap.longitude), "--limit", "1",
            "--format", "json",
        ])
        let plain = try #require(
            try JSONSerialization.jsonObject(with: Data(unshifted.stdout.utf8)) as? [[String: Any]])
        #expect((plain.first?["distance_km"] as? Double).map { $0 > 0.1 } == true)
    }

    @Test func badInputIsAUsageErrorOnOneLine() throws {
        let registry = try Self.registry()
        for arguments in [
            ["--lat", "91", "--lon", "116"], ["--lat", "-90.5", "--lon", "116"], ["--lat", "39", "--lon", "181"],
            ["--lat", "nan", "--lon", "116"], ["--lat", "39", "--lon", "nan"], ["--lat", "39"],
            ["--lat", "39", "--lon", "116", "--limit", "0"], ["--lat", "39", "--lon", "116", "--within", "0"],
            ["--lat", "39", "--lon", "116", "--within", "-5"], ["--lat", "x", "--lon", "116"],
        ] {
            let result = try registry.run(["center", "nearest"] + arguments)
            #expect(result.status == 64, "\(arguments): \(result.stderr)")
            #expect(result.errorLines.count == 1 && result.errorLines[0].hasPrefix("error: "), "\(result.stderr)")
            #expect(result.stdout.isEmpty)
        }
        let kind = try registry.run(["center", "nearest"] + Self.langfang + ["--kind", "museum"])
        #expect(kind.status == 65, "\(kind.stderr)")
    }

    @Test func nearFiltersTheListAndTheExportInTheirOwnOrder() throws {
        let registry = try Self.registry()
        let listed = try CenterSupport.listedCodes(registry, ["--near", "39.52,116.70", "--within", "60"])
        #expect(listed == ["BJ-A", "LF-A"])
        // With --coords the point is read in that system: LF-A as Amap shows it is LF-A itself.
        let amap = ChinaCoordinates.wgs84ToGCJ02(latitude: 39.5380, longitude: 116.6837)
        let point = "\(amap.latitude),\(amap.longitude)"
        #expect(
            try CenterSupport.listedCodes(registry, ["--near", point, "--within", "0.01", "--coords", "gcj02"])
                == ["LF-A"])
        #expect(try CenterSupport.listedCodes(registry, ["--near", point, "--within", "0.01"]).isEmpty)
        #expect(
            try CenterSupport.listedCodes(registry, ["--near", "39.52,116.70", "--within", "60", "--sort", "name"])
                .count == 2)
        let exported = try registry.run(["export", "centers", "--near", "39.52, 116.70", "--within", "60"])
        #expect(exported.status == 0, "\(exported.stderr)")
        #expect(CSVText.records(exported.stdout).dropFirst().map { $0[0] } == ["BJ-A", "LF-A"])
        for arguments in [
            ["center", "list", "--near", "39.5,116.7"], ["center", "list", "--within", "5"],
            ["center", "list", "--near", "39.5", "--within", "5"],
            ["center", "list", "--near", "95,116", "--within", "5"],
            ["center", "list", "--near", "39.5,116.7", "--within", "0"],
            ["export", "stats", "--near", "39.5,116.7", "--within", "5"],
        ] {
            let result = try registry.run(arguments)
            #expect(result.status == 64, "\(arguments): \(result.stderr)")
            #expect(result.errorLines.count == 1 && result.errorLines[0].hasPrefix("error: "), "\(result.stderr)")
        }
    }

    /// An import sets the registry's insert triggers and indexes aside while it loads; the
    /// locations index is right after it, and `check` agrees.
    @Test func theIndexIsRightAfterAnImportAndCheckComparesIt() throws {
        let registry = try Self.registry()
        let more = try registry.folder.write(
            "more.csv",
            "code,name,kind,region_code,latitude,longitude\nBD-A,保定甲中心,tisc,130600,38.8739,115.4646\n"
                + "BJ-A,北京甲中心,protection,110000,39.0,117.0\n")
        let imported = try registry.run(["import", "centers", more, "--on-conflict", "update"])
        #expect(imported.status == 0, "\(imported.stderr)")
        let nearest = try registry.run([
            "center", "nearest", "--lat", "38.9", "--lon", "115.5", "--limit", "1", "--format", "csv",
        ])
        #expect(CSVText.records(nearest.stdout).dropFirst().map { $0[0] } == ["BD-A"])
        let moved = try registry.run([
            "center", "nearest", "--lat", "39.0", "--lon", "117.0", "--limit", "1", "--format", "csv",
        ])
        #expect(CSVText.records(moved.stdout).dropFirst().map { $0[0] } == ["BJ-A"])
        let check = try registry.run(["check"])
        #expect(check.status == 0, "\(check.stdout)")
        let entries = try registry.run(["sql", "SELECT count(*) AS entries FROM center_locations", "--format", "csv"])
        #expect(CSVText.records(entries.stdout) == [["entries"], ["6"]], "\(entries.stdout)\(entries.stderr)")
    }

    @Test func theWebPageAndItsJSON() throws {
        let registry = try Self.registry()
        let server = try WebServer(registry: registry.path)
        let page = try server.get("/centers/nearest?lat=39.52&lon=116.70&limit=3&lang=zh")
        #expect(page.status == 200)
        #expect(page.body.contains("最近的服务中心") && page.body.contains("纬度") && page.body.contains("经度"))
        #expect(page.body.contains("距离（公里）"))
        let order = ["LF-A", "BJ-A", "TJ-A"].compactMap { page.body.range(of: ">\($0)</a>")?.lowerBound }
        #expect(order.count == 3 && order == order.sorted())
        #expect(!page.body.contains(">BJ-B</a>"))
        #expect(page.body.contains("<a href=\"/centers/nearest.geojson?lat=39.52&amp;lon=116.70"))
        let english = try server.get("/centers/nearest?lat=39.52&lon=116.70&lang=en")
        #expect(english.body.contains("Nearest centers") && english.body.contains("Latitude"))
        let form = try server.get("/centers/nearest")
        #expect(form.status == 200 && form.body.contains("name=\"lat\""))
        let json = try server.get("/centers/nearest.json?lat=39.52&lon=116.70&kind=protection&within=50")
        #expect(json.status == 200)
        let object = try #require(json.json as? [String: Any])
        let centers = try #require(object["centers"] as? [[String: Any]])
        #expect(centers.compactMap { $0["code"] as? String } == ["BJ-A"])
        #expect(centers.first?["distance_km"] as? Double != nil)
        #expect(object["left_out"] as? Int == 1)
        for target in [
            "/centers/nearest?lat=91&lon=116", "/centers/nearest?lat=abc&lon=116", "/centers/nearest?lat=39",
        ] {
            let refused = try server.get(target)
            #expect(refused.status == 400, "\(target)")
            #expect(refused.body.contains("name=\"lat\"") && refused.body.contains("role=\"alert\""), "\(target)")
        }
        #expect(try server.get("/centers/nearest.json?lat=39&lon=200").status == 400)
        // The same centers as GeoJSON, each with its distance among its properties.
        let geojson = try server.get("/centers/nearest.geojson?lat=39.52&lon=116.70&limit=2")
        #expect(geojson.status == 200)
        let collection = try #require(geojson.json as? [String: Any])
        #expect(collection["type"] as? String == "FeatureCollection")
        let features = try #require(collection["features"] as? [[String: Any]])
        let properties = features.compactMap { $0["properties"] as? [String: Any] }
        #expect(properties.compactMap { $0["code"] as? String } == ["LF-A", "BJ-A"])
        #expect(properties.allSatisfy { $0["distance_km"] is Double })
        #expect(try server.get("/centers/nearest.geojson").status == 400)
        #expect(try server.get("/centers/nearest.csv?lat=39.52&lon=116.70").status == 200)
        #expect(try server.get("/centers/nearest.json").status == 400)
        let near = try server.get("/centers.json?near=39.52,116.70&within=60")
        let listed = (near.json as? [String: Any])?["centers"] as? [[String: Any]] ?? []
        #expect(listed.compactMap { $0["code"] as? String } == ["BJ-A", "LF-A"])
        #expect((near.json as? [String: Any])?["total"] as? Int == 2)
        #expect(try server.get("/centers.csv?near=39.52,116.70&within=60").body.contains("LF-A"))
        #expect(try server.get("/centers.json?near=39.52,116.70").status == 400)
        #expect(try server.get("/centers?near=39.52,116.70&within=-1").status == 400)
    }
}
