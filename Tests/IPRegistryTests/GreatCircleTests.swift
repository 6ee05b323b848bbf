// Great-circle distances against values computed independently, and the search box: every point
// within the radius lies in it, near the poles and the antimeridian too.
import Testing

@testable import IPRegistry

@Suite struct GreatCircleTests {
    @Test func beijingToTianjinIsAbout103Kilometres() {
        // Tiananmen to Tianjin's centre; 102.79748 km by the same formula in Python's math module.
        let km = GreatCircle.distanceKm(39.9042, 116.4074, 39.3434, 117.3616)
        #expect(abs(km - 102.797_478) < 0.001)
        #expect(GreatCircle.distanceKm(39.3434, 117.3616, 39.9042, 116.4074) == km)
    }

    @Test func aPoleToTheEquatorIsAQuarterCircleAndOppositePointsHalfOfOne() {
        #expect(abs(GreatCircle.distanceKm(90, 0, 0, 0) - 10_007.557_221) < 0.000_01)
        #expect(abs(GreatCircle.distanceKm(90, 0, 0, 123) - 10_007.557_221) < 0.000_01)
        #expect(abs(GreatCircle.distanceKm(0, 0, 0, 180) - GreatCircle.farthestKm) < 0.000_01)
        #expect(abs(GreatCircle.distanceKm(-90, 0, 90, 0) - 20_015.114_442) < 0.000_01)
        // Across the pole: one degree of latitude apart, 111.195 km.
        #expect(abs(GreatCircle.distanceKm(89.5, 10, 89.5, -170) - 111.195_080) < 0.000_01)
        #expect(GreatCircle.distanceKm(31.2, 121.5, 31.2, 121.5) == 0)
    }

    @Test func theBoxNearAPoleTakesEveryLongitudeAndStopsAtThePole() {
        let box = GreatCircle.box(around: 89.9, 0, radiusKm: 50)
        #expect(box.maxLatitude == 90)
        #expect(box.minLongitude == -180 && box.maxLongitude == 180)
        #expect(box.contains(latitude: 89.8, longitude: 180))
        let south = GreatCircle.box(around: -89.95, 45, radiusKm: 20)
        #expect(south.minLatitude == -90 && south.minLongitude == -180 && south.maxLongitude == 180)
    }

    @Test func theBoxAcrossTheAntimeridianTakesEveryLongitude() {
        let box = GreatCircle.box(around: 10, 179.9, radiusKm: 50)
        #expect(box.minLongitude == -180 && box.maxLongitude == 180)
        #expect(box.maxLatitude < 11 && box.minLatitude > 9)
        #expect(GreatCircle.box(around: 0, 0, radiusKm: 30_000) == .world)
    }

    @Test func everyPointWithinTheRadiusIsInTheBox() {
        var random = SplitMix(seed: 23)
        for _ in 0..<20_000 {
            let latitude = random.uniform(-90, 90)
            let longitude = random.uniform(-180, 180)
            let radius = [1.0, 10, 100, 1_000, 5_000][Int(random.next() % 5)]
            let box = GreatCircle.box(around: latitude, longitude, radiusKm: radius)
            // A point at a random bearing, just inside or on the circle.
            let other = (random.uniform(-90, 90), random.uniform(-180, 180))
            let near = (
                min(90, max(-90, latitude + random.uniform(-1, 1) * radius / 111)),
                longitude + random.uniform(-1, 1) * radius / 20
            )
            for (lat, lon) in [other, near] where (-180...180).contains(lon) {
                if GreatCircle.distanceKm(latitude, longitude, lat, lon) <= radius {
                    #expect(
                        box.contains(latitude: lat, longitude: lon),
                        "\(latitude),\(longitude) r \(radius): \(lat),\(lon)")
                }
            }
        }
    }
}

extension SplitMix {
    /// A number from `low` up to `high`, evenly spread.
    mutating func uniform(_ low: Double, _ high: Double) -> Double {
        low + (high - low) * Double(next() >> 11) / Double(UInt64(1) << 53)
    }
}
