// The GCJ-02 and BD-09 conversions (docs/geography.md) against test points other implementations
// publish, their round trips over the whole of China, and no shift outside it.
import IPRegistry
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite struct ChinaCoordinatesTests {
    /// Great-circle distance in metres (haversine, mean Earth radius).
    static func metres(_ a: (latitude: Double, longitude: Double), _ b: (latitude: Double, longitude: Double)) -> Double
    {
        let radians = Double.pi / 180
        let dLatitude = (b.latitude - a.latitude) * radians
        let dLongitude = (b.longitude - a.longitude) * radians
        let h =
            sin(dLatitude / 2) * sin(dLatitude / 2)
            + cos(a.latitude * radians) * cos(b.latitude * radians) * sin(dLongitude / 2) * sin(dLongitude / 2)
        return 2 * 6_371_008.8 * asin(min(1, h.squareRoot()))
    }

    /// WGS-84 points and their GCJ-02 form, from googollee/eviltransform's tests
    /// (go/transform_test.go and javascript/test.js: Shanghai, Shenzhen, Beijing).
    static let eviltransform: [(wgs: (Double, Double), gcj: (Double, Double))] = [
        ((31.1774276, 121.5272106), (31.17530398364597, 121.531541859215)),
        ((22.543847, 113.912316), (22.540796131694766, 113.9171764808363)),
        ((39.911954, 116.377817), (39.91334545536069, 116.38404722455657)),
    ]

    @Test func wgs84ToGCJ02GivesEviltransformsPublishedPoints() {
        for (wgs, gcj) in Self.eviltransform {
            let got = ChinaCoordinates.wgs84ToGCJ02(latitude: wgs.0, longitude: wgs.1)
            #expect(abs(got.latitude - gcj.0) < 1e-9, "\(wgs)")
            #expect(abs(got.longitude - gcj.1) < 1e-9, "\(wgs)")
        }
    }

    @Test func gcj02ToWGS84ComesBackWithinHalfAMetreOfEviltransformsPoints() {
        // eviltransform's own exact inverse is held to 0.5 m on these points.
        for (wgs, gcj) in Self.eviltransform {
            let got = ChinaCoordinates.gcj02ToWGS84(latitude: gcj.0, longitude: gcj.1)
            #expect(Self.metres(got, (wgs.0, wgs.1)) < 0.5, "\(gcj)")
            // Far closer in fact: the iteration stops under 1e-9 degrees.
            #expect(Self.metres(got, (wgs.0, wgs.1)) < 0.01, "\(gcj)")
        }
    }

    /// wandergis/coordtransform's README and test (116.404, 39.915: Tiananmen, in each system).
    @Test func theConversionsGiveCoordtransformsPublishedPoints() {
        let gcj = ChinaCoordinates.wgs84ToGCJ02(latitude: 39.915, longitude: 116.404)
        #expect(abs(gcj.latitude - 39.91640428150164) < 1e-9)
        #expect(abs(gcj.longitude - 116.41024449916938) < 1e-9)
        let bd = ChinaCoordinates.gcj02ToBD09(latitude: 39.915, longitude: 116.404)
        #expect(abs(bd.latitude - 39.92133699351021) < 1e-9)
        #expect(abs(bd.longitude - 116.41036949371029) < 1e-9)
        // coordtransform's BD-09 to GCJ-02 is the one-step formula; ours refines it, so it lands
        // within a metre of that answer and exactly where the forward formula goes back to the point.
        let back = ChinaCoordinates.bd09ToGCJ02(latitude: 39.915, longitude: 116.404)
        #expect(Self.metres(back, (39.90865673957631, 116.39762729119315)) < 1)
        let again = ChinaCoordinates.gcj02ToBD09(latitude: back.latitude, longitude: back.longitude)
        #expect(Self.metres(again, (39.915, 116.404)) < 0.001)
        // geocraft's wgs84_to_bd09(116.404, 39.915), the two published steps composed.
        let wgsToBD = CoordinateSystem.bd09.fromWGS84(latitude: 39.915, longitude: 116.404)
        #expect(abs(wgsToBD.latitude - 39.922699552216216) < 1e-9)
        #expect(abs(wgsToBD.longitude - 116.41662724378733) < 1e-9)
    }

    /// A grid over China's bounding box, inside the transform's own bounds.
    static var pointsOverChina: [(latitude: Double, longitude: Double)] {
        var points: [(Double, Double)] = []
        var latitude = 18.1
        while latitude < 53.5 {
            var longitude = 73.7
            while longitude < 134.9 {
                points.append((latitude, longitude))
                longitude += 0.73
            }
            latitude += 0.61
        }
        return points
    }

    @Test func everySystemsRoundTripComesBackWithinHalfAMetreOverChina() {
        let points = Self.pointsOverChina
        #expect(points.count > 4000)
        var worst = 0.0
        for point in points {
            for system in [CoordinateSystem.gcj02, .bd09] {
                let there = system.fromWGS84(latitude: point.latitude, longitude: point.longitude)
                let back = system.toWGS84(latitude: there.latitude, longitude: there.longitude)
                worst = max(worst, Self.metres(back, point))
                // And the other way: a map's coordinate, to WGS-84 and back to the map.
                let wgs = system.toWGS84(latitude: point.latitude, longitude: point.longitude)
                let map = system.fromWGS84(latitude: wgs.latitude, longitude: wgs.longitude)
                worst = max(worst, Self.metres(map, point))
            }
        }
        #expect(worst < 0.5)
        #expect(worst < 0.01, "the iterations stop under 1e-9 degrees: \(worst) m")
    }

    @Test func theShiftIsHundredsOfMetresInChina() {
        // What the conversion is for: pasting a map's coordinate as WGS-84 puts the point 100-700 m off.
        for point in Self.pointsOverChina where point.latitude < 45 && point.longitude > 100 {
            let gcj = ChinaCoordinates.wgs84ToGCJ02(latitude: point.latitude, longitude: point.longitude)
            let shift = Self.metres(gcj, point)
            #expect(shift > 50 && shift < 1000, "\(point): \(shift) m")
        }
    }

    @Test func gcj02IsWGS84OutsideChina() {
        let outside: [(Double, Double)] = [
            (51.5007, -0.1246), (-33.8568, 151.2153), (40.6892, -74.0445), (0, 0), (35.6586, 139.7454),
            (-90, -180), (90, 180), (60.0, 100.0), (0.5, 110.0),
        ]
        for (latitude, longitude) in outside {
            #expect(ChinaCoordinates.isOutsideChina(latitude: latitude, longitude: longitude))
            let gcj = CoordinateSystem.gcj02.fromWGS84(latitude: latitude, longitude: longitude)
            #expect(gcj.latitude == latitude && gcj.longitude == longitude)
            let wgs = CoordinateSystem.gcj02.toWGS84(latitude: latitude, longitude: longitude)
            #expect(wgs.latitude == latitude && wgs.longitude == longitude)
        }
        #expect(!ChinaCoordinates.isOutsideChina(latitude: 39.9, longitude: 116.4))
    }

    @Test func wgs84IsTheIdentityAndConvertedValuesKeepSevenDecimals() {
        let point = CoordinateSystem.wgs84.toWGS84(latitude: 39.123456789, longitude: 116.987654321)
        #expect(point.latitude == 39.123456789 && point.longitude == 116.987654321)
        #expect(CoordinateSystem.rounded(39.123456789) == 39.1234568)
        #expect(CoordinateSystem.rounded(-0.00000004) == 0)
        var center = Center(code: "X", name: "x", kind: .tisc, regionCode: "110000")
        center.latitude = 39.911954
        center.longitude = 116.377817
        #expect(center.convertingCoordinates(from: .wgs84) == center)
        #expect(center.expressingCoordinates(in: .wgs84) == center)
        let shown = center.expressingCoordinates(in: .gcj02)
        #expect(shown.latitude == 39.9133455 && shown.longitude == 116.3840472)
        let stored = shown.convertingCoordinates(from: .gcj02)
        #expect(abs((stored.latitude ?? 0) - 39.911954) < 1e-6 && abs((stored.longitude ?? 0) - 116.377817) < 1e-6)
    }
}
