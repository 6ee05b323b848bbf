// Centers as GeoJSON (RFC 7946; docs/files.md): `center list --format geojson`, `export centers
// --format geojson` and the web's `/centers.geojson` write a FeatureCollection that an independent
// reader (Python's json module) accepts under the RFC's rules, and `import centers` reads it back
// into the same centers; a file that is no such collection is refused, naming the feature.
import Foundation
import HTTPTypes
import IPRegistry
import Testing

@Suite struct GeoJSONTests {
    /// Checks a GeoJSON file with Python's json module against RFC 7946's rules for what ipreg
    /// writes; prints the problems found and a few counts as JSON.
    static let validator = """
        import decimal, json, sys
        with open(sys.argv[1], encoding="utf-8") as f:
            doc = json.load(f, parse_float=decimal.Decimal)
        problems = []
        def check(ok, message):
            if not ok:
                problems.append(message)
        def number(x):
            return isinstance(x, (int, decimal.Decimal)) and not isinstance(x, bool)
        check(isinstance(doc, dict), "the top level is not an object")
        check(doc.get("type") == "FeatureCollection", "type is not FeatureCollection")
        check("crs" not in doc, "a crs member (RFC 7946 removed it)")
        features = doc.get("features")
        check(isinstance(features, list), "features is not an array")
        points = nulls = 0
        keys = None
        for i, f in enumerate(features or []):
            check(isinstance(f, dict) and f.get("type") == "Feature", f"{i}: not a Feature")
            check("crs" not in f, f"{i}: crs")
            check("geometry" in f, f"{i}: no geometry member")
            check(isinstance(f.get("properties"), dict), f"{i}: properties is not an object")
            g = f.get("geometry")
            if g is None:
                nulls += 1
            else:
                points += 1
                check(isinstance(g, dict) and g.get("type") == "Point", f"{i}: geometry is not a Point")
                c = g.get("coordinates")
                check(isinstance(c, list) and len(c) == 2 and all(number(x) for x in c), f"{i}: coordinates {c}")
                if isinstance(c, list) and len(c) == 2 and all(number(x) for x in c):
                    lon, lat = c
                    check(-180 <= lon <= 180, f"{i}: longitude {lon}")
                    check(-90 <= lat <= 90, f"{i}: latitude {lat}")
                    for x in c:
                        if isinstance(x, decimal.Decimal):
                            check(-x.as_tuple().exponent <= 7, f"{i}: more than 7 decimals: {x}")
            p = f.get("properties") or {}
            check("latitude" not in p and "longitude" not in p, f"{i}: latitude or longitude among the properties")
            if keys is None:
                keys = list(p.keys())
        json.dump({"problems": problems, "count": len(features or []), "points": points, "nulls": nulls,
                   "keys": keys or []}, sys.stdout, ensure_ascii=False)
        """

    struct Verdict {
        let problems: [String]
        let count: Int
        let points: Int
        let nulls: Int
        let keys: [String]
    }

    static func validate(_ text: String, in folder: TemporaryDirectory) throws -> Verdict {
        let file = try folder.write("checked-\(UUID().uuidString).geojson", text)
        let script = try folder.write("validate.py", validator)
        let python = try #require(Workbooks.python)
        let outcome = try Spawned([script, file], executable: python, outputFolder: folder.url).wait(timeout: 300)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any] ?? [:]
        return Verdict(
            problems: object["problems"] as? [String] ?? ["no verdict: \(outcome.stdout)"],
            count: object["count"] as? Int ?? -1, points: object["points"] as? Int ?? -1,
            nulls: object["nulls"] as? Int ?? -1, keys: object["keys"] as? [String] ?? [])
    }

    /// The example centers plus generated ones with coordinates, line breaks, quotes and Chinese text.
    static func registry() throws -> TestRegistry {
        let registry = try CenterSupport.registry()
        let path = try registry.folder.write(
            "generated.csv", ImportSupport.csv([ImportSupport.centerHeader] + ImportSupport.generatedCenters(60)))
        try ImportSupport.expectImport(
            registry, ["centers", path], ImportSupport.Summary(read: 60, inserted: 60))
        return registry
    }

    @Test(.enabled(if: Workbooks.python != nil, "needs python3"))
    func everyGeoJSONOutputPassesAnIndependentReadersCheckOfRFC7946() throws {
        let registry = try Self.registry()
        let total = CenterSupport.centers.count + 60
        let withPoints = 1 + 30
        for arguments in [
            ["center", "list", "--format", "geojson"], ["export", "centers", "--format", "geojson"],
            ["center", "list", "--format", "geojson", "--coords", "gcj02"],
            ["export", "centers", "--format", "geojson", "--coords", "bd09"],
            ["center", "list", "--format", "geojson", "--kind", "tisc"],
        ] {
            let result = try registry.run(arguments)
            #expect(result.status == 0, "\(arguments): \(result.stderr)")
            let verdict = try Self.validate(result.stdout, in: registry.folder)
            #expect(verdict.problems.isEmpty, "\(arguments): \(verdict.problems)")
            if !arguments.contains("--kind") {
                #expect(verdict.count == total && verdict.points == withPoints, "\(arguments)")
                #expect(verdict.nulls == total - withPoints, "\(arguments)")
            }
            #expect(verdict.keys == CenterSnapshot.keys.filter { $0 != "latitude" && $0 != "longitude" })
        }
        // An empty registry is an empty collection, still valid.
        let empty = try TestRegistry()
        let verdict = try Self.validate(
            try empty.run(["export", "centers", "--format", "geojson"]).stdout, in: empty.folder)
        #expect(verdict.problems.isEmpty && verdict.count == 0)
    }

    @Test func propertiesAreTheJSONObjectWithoutCoordinatesAndTheGeometryIsLongitudeFirst() throws {
        let registry = try CenterSupport.registry()
        let listed = try registry.run(["center", "list", "--format", "geojson"])
        #expect(listed.status == 0, "\(listed.stderr)")
        let exported = try registry.run(["export", "centers", "--format", "geojson"])
        #expect(exported.stdout == listed.stdout)
        let collection = try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [String: Any] ?? [:]
        let features = collection["features"] as? [[String: Any]] ?? []
        let objects = try registry.json(["center", "list"]) as? [[String: Any]] ?? []
        #expect(features.count == objects.count && !objects.isEmpty)
        for (feature, object) in zip(features, objects) {
            let properties = feature["properties"] as? [String: Any] ?? [:]
            var expected = object
            expected["latitude"] = nil
            expected["longitude"] = nil
            #expect(Set(properties.keys) == Set(expected.keys))
            for (key, value) in expected { #expect(CenterSupport.same(properties[key], value), "\(key)") }
            if let latitude = object["latitude"] as? Double, let longitude = object["longitude"] as? Double {
                let geometry = feature["geometry"] as? [String: Any] ?? [:]
                #expect(geometry["type"] as? String == "Point")
                #expect(geometry["coordinates"] as? [Double] == [longitude, latitude])
            } else {
                #expect(feature["geometry"] is NSNull)
            }
        }
        // --coords applies to the geometry.
        let gcj = try registry.run([
            "center", "list", "--format", "geojson", "--coords", "gcj02", "--kind", "protection",
        ])
        let point = CoordinateSystem.gcj02.fromWGS84(latitude: 39.98, longitude: 116.31)
        #expect(
            gcj.stdout.contains(
                "[\(NumberText.plain(CoordinateSystem.rounded(point.longitude))),"
                    + "\(NumberText.plain(CoordinateSystem.rounded(point.latitude)))]"), "\(gcj.stdout)")
    }

    @Test func anExportImportsBackIntoTheSameCenters() throws {
        let registry = try Self.registry()
        let geojson = try ImportSupport.export(registry, format: "geojson")
        let copy = try TestRegistry()
        let path = try copy.folder.write("centers.geojson", geojson)
        let count = CenterSupport.centers.count + 60
        try ImportSupport.expectImport(copy, ["centers", path], ImportSupport.Summary(read: count, inserted: count))
        #expect(try ImportSupport.export(copy) == ImportSupport.export(registry))
        // The GeoJSON again, but for the times the import stamped anew.
        func unstamped(_ text: String) -> String {
            text.replacing(#/"created_at":"[^"]*","updated_at":"[^"]*"/#, with: "")
        }
        let again = try ImportSupport.export(copy, format: "geojson")
        #expect(unstamped(again) == unstamped(geojson))
        #expect(unstamped(again) != again, "the times were there to take out")
        // Recognised by content too, whatever the file is called.
        let other = try TestRegistry()
        let named = try other.folder.write("centers.txt", geojson)
        try ImportSupport.expectImport(other, ["centers", named], ImportSupport.Summary(read: count, inserted: count))
        #expect(try ImportSupport.export(other) == ImportSupport.export(registry))
        // In another system and back: the same places, to within a few centimetres.
        let gcj = try registry.run(["export", "centers", "--format", "geojson", "--coords", "gcj02"]).stdout
        let third = try TestRegistry()
        let gcjPath = try third.folder.write("gcj.geojson", gcj)
        try ImportSupport.expectImport(
            third, ["centers", gcjPath, "--coords", "gcj02"], ImportSupport.Summary(read: count, inserted: count))
        let original = try CenterSupport.shown(registry, "PC-BJ")
        let back = try CenterSupport.shown(third, "PC-BJ")
        let a = try #require(CoordinateSystemTests.point(original))
        let b = try #require(CoordinateSystemTests.point(back))
        #expect(CoordinateSystemTests.metres(a, b) < 0.05)
    }

    @Test func malformedGeoJSONIsRefusedInOneLineNamingTheFeatureAndNothingIsWritten() throws {
        let registry = try CenterSupport.registry()
        let good =
            #"{"type":"Feature","geometry":null,"properties":{"code":"G-1","name":"好","kind":"tisc","region_code":"110108"}}"#
        func collection(_ features: String...) -> String {
            #"{"type":"FeatureCollection","features":["# + ([good] + features).joined(separator: ",") + "]}"
        }
        let cases: [(String, String)] = [
            (#"{"type":"Feature","geometry":null,"properties":{}}"#, "not a GeoJSON FeatureCollection"),
            (#"[1,2]"#, "not a GeoJSON FeatureCollection"),
            (#"{"type":"FeatureCollection"}"#, "features"),
            (#"{"type":"FeatureCollection","features":[1,2"#, "not valid JSON"),
            (
                collection(
                    #"{"type":"Feature","geometry":{"type":"LineString","coordinates":[[1,2],[3,4]]},"properties":{"code":"G-2","name":"x","kind":"tisc","region_code":"110108"}}"#
                ), "features[1]: the geometry is a LineString, not a Point"
            ),
            (
                collection(
                    #"{"type":"Feature","geometry":{"type":"Point","coordinates":[116.4,95]},"properties":{"code":"G-2","name":"x","kind":"tisc","region_code":"110108"}}"#
                ), "features[1]: coordinates [116.4, 95] out of range"
            ),
            (
                collection(
                    #"{"type":"Feature","geometry":{"type":"Point","coordinates":[200,39.9]},"properties":{"code":"G-2","name":"x","kind":"tisc","region_code":"110108"}}"#
                ), "features[1]: coordinates"
            ),
            (
                collection(#"{"type":"Feature","geometry":null,"properties":{"name":"x","kind":"tisc"}}"#),
                "features[1]: properties lack required keys: code, region_code"
            ),
            (
                collection(
                    #"{"type":"Feature","geometry":{"type":"Point","coordinates":["116.4","39.9"]},"properties":{"code":"G-2","name":"x","kind":"tisc","region_code":"110108"}}"#
                ), "features[1]: a Point's coordinates"
            ),
            (
                collection(#"{"type":"Feature","properties":{"code":"G-2"}}"#),
                "features[1]: a Feature needs a \"geometry\""
            ),
            (collection(#"{"geometry":null}"#), "features[1]: not a Feature"),
            (
                collection(
                    #"{"type":"Feature","geometry":null,"properties":{"code":"G-2","name":"x","kind":"tisc","region_code":"110108","adress":"x"}}"#
                ), "features[1]: unknown property 'adress'"
            ),
            (
                collection(
                    #"{"type":"Feature","geometry":null,"properties":{"code":"G-2","name":"x","kind":"tisc","region_code":"110108","latitude":39}}"#
                ), "features[1]: the property latitude"
            ),
            // A row the registry's rules refuse is a row error, named the same way.
            (
                collection(
                    #"{"type":"Feature","geometry":null,"properties":{"code":"G-2","name":"x","kind":"museum","region_code":"110108"}}"#
                ), "features[1]: error:"
            ),
        ]
        for (index, (text, message)) in cases.enumerated() {
            let path = try registry.folder.write("bad-\(index).geojson", text)
            let result = try ImportSupport.expectRefusedImport(registry, ["centers", path])
            #expect(result.stderr.contains(message), "\(text): \(result.stderr)")
            // A refused shape is one line; a refused row is its line and the summary's.
            #expect(result.errorLines.count == (message.hasSuffix("error:") ? 2 : 1), "\(text): \(result.stderr)")
            #expect(result.stderr.hasPrefix(path) || result.stderr.hasPrefix("error: "), "\(result.stderr)")
        }
        // GeoJSON holds centers only.
        let path = try registry.folder.write("stats.geojson", collection())
        let result = try ImportSupport.expectRefusedImport(registry, ["stats", path])
        #expect(result.stderr.contains("import centers"), "\(result.stderr)")
        #expect(result.errorLines.count == 1)
    }

    @Test func theWebServesCentersAsGeoJSONWithThePagesFiltersAndLinksToIt() async throws {
        let registry = try WebRoutesTests.registry()
        let replies = try await WebRoutesTests.get(
            registry,
            [
                "/centers.geojson", "/centers.geojson?kind=protection&coords=gcj02", "/centers",
                "/centers.geojson?coords=x",
                "/reports.geojson", "/centers/PC-BJ.geojson",
            ])
        #expect(replies[0].status == 200 && replies[0].type == "application/geo+json")
        let all = try JSONSerialization.jsonObject(with: Data(replies[0].bytes)) as? [String: Any] ?? [:]
        #expect(all["type"] as? String == "FeatureCollection")
        #expect((all["features"] as? [Any])?.count == CenterSupport.centers.count)
        let filtered = try JSONSerialization.jsonObject(with: Data(replies[1].bytes)) as? [String: Any] ?? [:]
        let features = filtered["features"] as? [[String: Any]] ?? []
        #expect(features.count == 2)
        let point = CoordinateSystem.gcj02.fromWGS84(latitude: 39.98, longitude: 116.31)
        let beijing = features.first { ($0["properties"] as? [String: Any])?["code"] as? String == "PC-BJ" }
        #expect(
            (beijing?["geometry"] as? [String: Any])?["coordinates"] as? [Double] == [
                CoordinateSystem.rounded(point.longitude), CoordinateSystem.rounded(point.latitude),
            ])
        #expect(replies[2].body.contains("href=\"/centers.geojson?"), "the page links its GeoJSON download")
        #expect(replies[3].status == 400 && replies[3].body.contains("coords x"))
        #expect(replies[4].status == 404)
        #expect(replies[5].status == 200 && replies[5].type == "application/geo+json")
    }

    @Test func theWebsCentersJSONAcceptsCoords() async throws {
        let registry = try WebRoutesTests.registry()
        let replies = try await WebRoutesTests.get(
            registry,
            [
                "/centers.json?coords=gcj02", "/centers/PC-BJ.json?coords=bd09", "/centers/PC-BJ.json",
                "/centers/PC-BJ.json?coords=wgs", "/centers?coords=gcj02",
            ])
        let list = try JSONSerialization.jsonObject(with: Data(replies[0].bytes)) as? [String: Any] ?? [:]
        let centers = list["centers"] as? [[String: Any]] ?? []
        let gcj = CoordinateSystem.gcj02.fromWGS84(latitude: 39.98, longitude: 116.31)
        let beijing = centers.first { $0["code"] as? String == "PC-BJ" }
        #expect(beijing?["latitude"] as? Double == CoordinateSystem.rounded(gcj.latitude))
        #expect(beijing?["longitude"] as? Double == CoordinateSystem.rounded(gcj.longitude))
        let bd = CoordinateSystem.bd09.fromWGS84(latitude: 39.98, longitude: 116.31)
        let one = try JSONSerialization.jsonObject(with: Data(replies[1].bytes)) as? [String: Any] ?? [:]
        #expect(one["latitude"] as? Double == CoordinateSystem.rounded(bd.latitude))
        #expect(one["longitude"] as? Double == CoordinateSystem.rounded(bd.longitude))
        let stored = try JSONSerialization.jsonObject(with: Data(replies[2].bytes)) as? [String: Any] ?? [:]
        #expect(stored["latitude"] as? Double == 39.98 && stored["longitude"] as? Double == 116.31)
        #expect(replies[3].status == 400)
        // The page itself shows no coordinates and takes no coords.
        #expect(replies[4].status == 400)
    }
}
