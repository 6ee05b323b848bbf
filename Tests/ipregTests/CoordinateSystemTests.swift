// `--coords wgs84|gcj02|bd09` (docs/geography.md): coordinates copied from Chinese web maps are
// converted to WGS-84 on the way in (`center add`, `center update`, `import centers`) and back on
// the way out (`center show`, `center list`, `export centers`, the web's centers JSON); stored
// values print as before when no other system is asked for.
import Foundation
import IPRegistry
import Testing

@Suite struct CoordinateSystemTests {
    /// Great-circle distance in metres between two (latitude, longitude) points.
    static func metres(_ a: (Double, Double), _ b: (Double, Double)) -> Double {
        let radians = Double.pi / 180
        let dLatitude = (b.0 - a.0) * radians
        let dLongitude = (b.1 - a.1) * radians
        let h =
            sin(dLatitude / 2) * sin(dLatitude / 2)
            + cos(a.0 * radians) * cos(b.0 * radians) * sin(dLongitude / 2) * sin(dLongitude / 2)
        return 2 * 6_371_008.8 * asin(min(1, h.squareRoot()))
    }

    static func point(_ object: [String: Any]) -> (Double, Double)? {
        guard let latitude = object["latitude"] as? Double, let longitude = object["longitude"] as? Double else {
            return nil
        }
        return (latitude, longitude)
    }

    /// Beijing in googollee/eviltransform's tests (go/transform_test.go): WGS-84 and its GCJ-02 form,
    /// which is what Amap shows for the place.
    static let beijingWGS = (39.911954, 116.377817)
    static let beijingAmap = ("39.91334545536069", "116.38404722455657")

    @Test func anAmapCoordinateEnteredWithCoordsGCJ02LandsWithinOneMetreOfTheWGS84Truth() throws {
        let registry = try TestRegistry()
        let added = try registry.run(
            CenterSupport.newCenter([("--lat", Self.beijingAmap.0), ("--lon", Self.beijingAmap.1)]) + [
                "--coords", "gcj02",
            ])
        #expect(added.status == 0, "\(added.stderr)")
        let stored = try #require(Self.point(try CenterSupport.shown(registry, "NEW-1")))
        #expect(Self.metres(stored, Self.beijingWGS) < 1, "\(stored)")
        // Entered as WGS-84 the same numbers would be hundreds of metres off: the conversion matters.
        #expect(Self.metres((39.91334545536069, 116.38404722455657), Self.beijingWGS) > 100)
        // Stored to 7 decimals.
        let text = try registry.run(["center", "show", "NEW-1", "--format", "csv"]).stdout
        #expect(!text.contains("39.91334545536069"))
        // Shown again in GCJ-02, it is the map's coordinate to 7 decimals (give or take the stored rounding).
        let shown = try #require(
            Self.point(
                try JSONSerialization.jsonObject(
                    with: Data(
                        registry.run(["center", "show", "NEW-1", "--format", "json", "--coords", "gcj02"]).stdout.utf8))
                    as? [String: Any] ?? [:]))
        #expect(Self.metres(shown, (39.91334545536069, 116.38404722455657)) < 0.05)
    }

    @Test func aBaiduCoordinateEnteredWithCoordsBD09IsTheSamePlace() throws {
        // wandergis/coordtransform: GCJ-02 (39.915, 116.404) is BD-09 (39.92133699351021, 116.41036949371029).
        let registry = try TestRegistry()
        let added = try registry.run(
            CenterSupport.newCenter([("--lat", "39.92133699351021"), ("--lon", "116.41036949371029")]) + [
                "--coords", "bd09",
            ])
        #expect(added.status == 0, "\(added.stderr)")
        let result = try registry.run(["center", "show", "NEW-1", "--format", "json", "--coords", "gcj02"])
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any] ?? [:]
        let shown = try #require(Self.point(object))
        #expect(Self.metres(shown, (39.915, 116.404)) < 1)
        let stored = try #require(Self.point(try CenterSupport.shown(registry, "NEW-1")))
        #expect(Self.metres(stored, (39.915, 116.404)) > 100, "stored as WGS-84, not as the map gave it")
    }

    @Test func updateConvertsAPointAndRefusesHalfOfOne() throws {
        let registry = try CenterSupport.registry()
        let updated = try registry.run([
            "center", "update", "PC-TJ", "--lat", Self.beijingAmap.0, "--lon", Self.beijingAmap.1, "--coords", "gcj02",
        ])
        #expect(updated.status == 0, "\(updated.stderr)")
        let stored = try #require(Self.point(try CenterSupport.shown(registry, "PC-TJ")))
        #expect(Self.metres(stored, Self.beijingWGS) < 1)
        let before = try registry.fingerprint()
        let half = try registry.run(["center", "update", "PC-TJ", "--lat", "39.1", "--coords", "gcj02"])
        #expect(half.status == 64)
        #expect(half.errorLines.count == 1 && half.stderr.hasPrefix("error: "), "\(half.stderr)")
        #expect(half.stderr.contains("--lat and --lon"))
        #expect(try registry.fingerprint() == before)
        // Without --coords, --lat alone still works as before.
        #expect(try registry.run(["center", "update", "PC-TJ", "--lat", "39.1"]).status == 0)
    }

    @Test func outputIsConvertedToSevenDecimalsAndWGS84PrintsAsStored() throws {
        let registry = try CenterSupport.registry()
        let gcj = CoordinateSystem.gcj02.fromWGS84(latitude: 39.98, longitude: 116.31)
        let (latitude, longitude) = (CoordinateSystem.rounded(gcj.latitude), CoordinateSystem.rounded(gcj.longitude))
        let latitudeText = NumberText.plain(latitude)
        let longitudeText = NumberText.plain(longitude)
        #expect(latitudeText.split(separator: ".").last.map(\.count) ?? 0 <= 7)
        // Stored values, unconverted, exactly as typed.
        for arguments in [
            ["center", "show", "PC-BJ", "--format", "csv"], ["center", "list", "--format", "csv"],
            ["export", "centers"], ["center", "show", "PC-BJ", "--format", "csv", "--coords", "wgs84"],
        ] {
            let result = try registry.run(arguments)
            #expect(result.status == 0, "\(arguments): \(result.stderr)")
            #expect(result.stdout.contains("39.98,116.31"), "\(arguments): \(result.stdout)")
        }
        for arguments in [
            ["center", "show", "PC-BJ", "--format", "csv"], ["center", "list", "--format", "csv"],
            ["center", "list", "--format", "tsv"], ["export", "centers"], ["export", "centers", "--format", "tsv"],
        ] {
            let result = try registry.run(arguments + ["--coords", "gcj02"])
            #expect(result.status == 0, "\(arguments): \(result.stderr)")
            let separator = arguments.contains("tsv") ? "\t" : ","
            #expect(
                result.stdout.contains(latitudeText + separator + longitudeText), "\(arguments): \(result.stdout)")
        }
        for arguments in [
            ["center", "list", "--format", "json"], ["export", "centers", "--format", "json"],
            ["center", "list", "--format", "ndjson"], ["export", "centers", "--format", "ndjson"],
        ] {
            let result = try registry.run(arguments + ["--coords", "gcj02"])
            #expect(result.status == 0, "\(arguments): \(result.stderr)")
            let lines = arguments.contains("ndjson") ? result.stdout.split(separator: "\n").map(String.init) : []
            let objects =
                arguments.contains("ndjson")
                ? lines.compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
                : (try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]] ?? [])
            let beijing = try #require(objects.first { $0["code"] as? String == "PC-BJ" }, "\(arguments)")
            #expect(beijing["latitude"] as? Double == latitude, "\(arguments)")
            #expect(beijing["longitude"] as? Double == longitude, "\(arguments)")
            #expect(objects.first { $0["code"] as? String == "PC-TJ" }?["latitude"] is NSNull)
        }
        let bd = try registry.run(["center", "show", "PC-BJ", "--format", "json", "--coords", "bd09"])
        let shown = try #require(
            Self.point(try JSONSerialization.jsonObject(with: Data(bd.stdout.utf8)) as? [String: Any] ?? [:]))
        let expected = CoordinateSystem.bd09.fromWGS84(latitude: 39.98, longitude: 116.31)
        #expect(shown.0 == CoordinateSystem.rounded(expected.latitude))
        #expect(shown.1 == CoordinateSystem.rounded(expected.longitude))
    }

    @Test(.enabled(if: Workbooks.openpyxlAvailable, Comment(rawValue: Workbooks.needsOpenpyxl)))
    func anExcelExportCarriesTheConvertedCoordinates() throws {
        let registry = try CenterSupport.registry()
        let path = registry.folder.path("centers.xlsx")
        let result = try registry.run(["export", "centers", "--format", "xlsx", "--coords", "gcj02", "--output", path])
        #expect(result.status == 0, "\(result.stderr)")
        let rows = try Workbooks.read(path, in: registry.folder)
        let header = try #require(rows.first)
        let row = try #require(rows.first { $0.first == "PC-BJ" })
        let gcj = CoordinateSystem.gcj02.fromWGS84(latitude: 39.98, longitude: 116.31)
        let latitude = try #require(header.firstIndex(of: "latitude"))
        let longitude = try #require(header.firstIndex(of: "longitude"))
        #expect(Double(row[latitude]) == CoordinateSystem.rounded(gcj.latitude), "\(row)")
        #expect(Double(row[longitude]) == CoordinateSystem.rounded(gcj.longitude), "\(row)")
    }

    @Test func importConvertsAWholeFileOfCenters() throws {
        let registry = try TestRegistry()
        let csv = ImportSupport.csv([
            ["code", "name", "kind", "region_code", "latitude", "longitude"],
            ["A-1", "甲", "tisc", "110108", Self.beijingAmap.0, Self.beijingAmap.1],
            ["A-2", "乙", "tisc", "110108", "", ""],
        ])
        let path = try registry.folder.write("amap.csv", csv)
        try ImportSupport.expectImport(
            registry, ["centers", path, "--coords", "gcj02"], ImportSupport.Summary(read: 2, inserted: 2))
        let stored = try #require(Self.point(try CenterSupport.shown(registry, "A-1")))
        #expect(Self.metres(stored, Self.beijingWGS) < 1)
        #expect(Self.point(try CenterSupport.shown(registry, "A-2")) == nil)
    }

    @Test func coordsIsRefusedWhereThereAreNoCoordinatesAndABadSystemIsAUsageError() throws {
        let registry = try CenterSupport.registry()
        let statistics = try registry.folder.write("stats.csv", "center_code,period\nPC-BJ,2024\n")
        let refused: [[String]] = [
            ["import", "stats", statistics, "--coords", "gcj02"],
            ["export", "stats", "--coords", "bd09"],
            ["export", "figures", "--coords", "gcj02"],
            ["export", "stats", "--format", "geojson"],
            ["center", "add", "--code", "X", "--name", "x", "--kind", "tisc", "--region", "110108", "--coords", "gps"],
            ["center", "update", "PC-BJ", "--lat", "1", "--lon", "2", "--coords", "WGS-84"],
            ["center", "show", "PC-BJ", "--coords", "gcj"],
            ["center", "list", "--coords", "baidu"],
            ["center", "list", "--format", "kml"],
            ["export", "centers", "--coords", "mars"],
            ["import", "centers", statistics, "--coords", ""],
        ]
        let before = try registry.fingerprint()
        for arguments in refused {
            let result = try registry.run(arguments)
            #expect(result.status == 64, "\(arguments): \(result.stderr)")
            #expect(result.stdout.isEmpty, "\(arguments)")
            #expect(result.stderr.hasPrefix("error: "), "\(arguments): \(result.stderr)")
            #expect(result.errorLines.count == 1, "\(arguments): \(result.stderr)")
        }
        #expect(try registry.fingerprint() == before)
    }
}
