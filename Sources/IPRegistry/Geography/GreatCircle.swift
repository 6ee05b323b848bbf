// Distances on the Earth as `center nearest` measures them (docs/commands.md): the great circle
// on a sphere of the mean radius, by the haversine formula, and the latitude/longitude box that
// holds every point within a distance of a point, which is what the locations index is asked.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

public enum GreatCircle {
    /// The mean Earth radius (IUGG), in kilometres.
    public static let earthRadiusKm = 6371.0088

    /// Half the circumference: no two points on the sphere are farther apart.
    public static let farthestKm = Double.pi * earthRadiusKm

    /// A point's latitude and longitude in radians with the cosine of its latitude, computed once
    /// for a point measured against many.
    public struct Point: Sendable, Equatable {
        public let latitude: Double
        public let longitude: Double
        let cosLatitude: Double

        public init(latitude: Double, longitude: Double) {
            self.latitude = latitude * .pi / 180
            self.longitude = longitude * .pi / 180
            cosLatitude = cos(self.latitude)
        }
    }

    /// The great-circle distance in kilometres between two points given in degrees.
    public static func distanceKm(
        _ latitude1: Double, _ longitude1: Double, _ latitude2: Double, _ longitude2: Double
    )
        -> Double
    {
        distanceKm(Point(latitude: latitude1, longitude: longitude1), Point(latitude: latitude2, longitude: longitude2))
    }

    /// The haversine formula; `min(1, ...)` keeps rounding from taking asin past its domain for
    /// points nearly opposite each other.
    public static func distanceKm(_ a: Point, _ b: Point) -> Double {
        let sinHalfLatitude = sin((b.latitude - a.latitude) / 2)
        let sinHalfLongitude = sin((b.longitude - a.longitude) / 2)
        let h = sinHalfLatitude * sinHalfLatitude + a.cosLatitude * b.cosLatitude * sinHalfLongitude * sinHalfLongitude
        return 2 * earthRadiusKm * asin(min(1, h.squareRoot()))
    }

    /// A box of latitudes and longitudes in degrees; it never crosses the antimeridian.
    public struct Box: Sendable, Equatable {
        public var minLatitude: Double
        public var maxLatitude: Double
        public var minLongitude: Double
        public var maxLongitude: Double

        public static let world = Box(minLatitude: -90, maxLatitude: 90, minLongitude: -180, maxLongitude: 180)

        public func contains(latitude: Double, longitude: Double) -> Bool {
            (minLatitude...maxLatitude).contains(latitude) && (minLongitude...maxLongitude).contains(longitude)
        }
    }

    /// A box that holds every point within `radiusKm` of the point (in degrees). Near a pole, or
    /// where the longitudes would cross the antimeridian, it takes every longitude: larger than
    /// needed, never too small. The radius is widened by a hair so that rounding in the formula
    /// never leaves out a point the haversine distance puts exactly on the circle.
    public static func box(around latitude: Double, _ longitude: Double, radiusKm: Double) -> Box {
        guard radiusKm < farthestKm else { return .world }
        let angle = max(0, radiusKm) / earthRadiusKm * (1 + 1e-9) + 1e-12
        let degrees = angle * 180 / .pi
        let minLatitude = latitude - degrees
        let maxLatitude = latitude + degrees
        guard minLatitude > -90, maxLatitude < 90 else {
            return Box(
                minLatitude: max(-90, minLatitude), maxLatitude: min(90, maxLatitude), minLongitude: -180,
                maxLongitude: 180)
        }
        // The widest longitude reached by the circle (its tangent meridians), from the spherical
        // right triangle: sin(Δlon) = sin(angle) / cos(latitude).
        let ratio = sin(angle) / cos(latitude * .pi / 180)
        guard ratio < 1 else {
            return Box(minLatitude: minLatitude, maxLatitude: maxLatitude, minLongitude: -180, maxLongitude: 180)
        }
        let longitudeDegrees = asin(ratio) * 180 / .pi * (1 + 1e-9) + 1e-9
        let minLongitude = longitude - longitudeDegrees
        let maxLongitude = longitude + longitudeDegrees
        guard minLongitude >= -180, maxLongitude <= 180 else {
            return Box(minLatitude: minLatitude, maxLatitude: maxLatitude, minLongitude: -180, maxLongitude: 180)
        }
        return Box(
            minLatitude: minLatitude, maxLatitude: maxLatitude, minLongitude: minLongitude, maxLongitude: maxLongitude)
    }
}
