// The coordinate systems of the maps people copy coordinates from (docs/geography.md). The
// registry stores WGS-84; GCJ-02 (Amap/Gaode, Tencent, Google Maps in mainland China) and BD-09
// (Baidu) are converted on the way in and out. GCJ-02 is the published transform on the
// Krasovsky 1940 ellipsoid, with no shift outside China's bounding box; its inverse has no closed
// form, so it is found by iteration. BD-09 is a further published shift of GCJ-02.
#if canImport(Glibc)
import Glibc
#endif

public enum CoordinateSystem: String, CaseIterable, Sendable {
    case wgs84, gcj02, bd09

    /// The point given in this system, in WGS-84.
    public func toWGS84(latitude: Double, longitude: Double) -> (latitude: Double, longitude: Double) {
        switch self {
        case .wgs84: return (latitude, longitude)
        case .gcj02: return ChinaCoordinates.gcj02ToWGS84(latitude: latitude, longitude: longitude)
        case .bd09:
            let gcj = ChinaCoordinates.bd09ToGCJ02(latitude: latitude, longitude: longitude)
            return ChinaCoordinates.gcj02ToWGS84(latitude: gcj.latitude, longitude: gcj.longitude)
        }
    }

    /// The WGS-84 point as this system gives it.
    public func fromWGS84(latitude: Double, longitude: Double) -> (latitude: Double, longitude: Double) {
        switch self {
        case .wgs84: return (latitude, longitude)
        case .gcj02: return ChinaCoordinates.wgs84ToGCJ02(latitude: latitude, longitude: longitude)
        case .bd09:
            let gcj = ChinaCoordinates.wgs84ToGCJ02(latitude: latitude, longitude: longitude)
            return ChinaCoordinates.gcj02ToBD09(latitude: gcj.latitude, longitude: gcj.longitude)
        }
    }

    /// `degrees` to 7 decimals (about 1 cm): a converted value carries no more digits than a map
    /// gives, and prints as short as a typed one.
    public static func rounded(_ degrees: Double) -> Double { (degrees * 1e7).rounded() / 1e7 }
}

public enum ChinaCoordinates {
    /// The Krasovsky 1940 ellipsoid: semi-major axis and first eccentricity squared.
    static let semiMajorAxis = 6378245.0
    static let eccentricitySquared = 0.00669342162296594323
    /// BD-09's angle factor.
    static let baiduFactor = Double.pi * 3000.0 / 180.0
    /// The inverses stop when the forward transform of the estimate is this close to the target,
    /// in degrees (1e-9 degrees is about 0.1 mm, far under the 0.5 m asked for) ...
    static let tolerance = 1e-9
    /// ... or after this many steps (each step gains about two orders of magnitude).
    static let maximumSteps = 30

    /// The usual bounding test: outside it, GCJ-02 (and the GCJ-02 part of BD-09) is WGS-84.
    public static func isOutsideChina(latitude: Double, longitude: Double) -> Bool {
        longitude < 72.004 || longitude > 137.8347 || latitude < 0.8293 || latitude > 55.8271
    }

    public static func wgs84ToGCJ02(latitude: Double, longitude: Double) -> (latitude: Double, longitude: Double) {
        guard !isOutsideChina(latitude: latitude, longitude: longitude) else { return (latitude, longitude) }
        let shift = offset(latitude: latitude, longitude: longitude)
        return (latitude + shift.latitude, longitude + shift.longitude)
    }

    /// The WGS-84 point whose GCJ-02 form is the point given: the forward transform's error at
    /// the estimate is taken off again until it is under `tolerance`.
    public static func gcj02ToWGS84(latitude: Double, longitude: Double) -> (latitude: Double, longitude: Double) {
        guard !isOutsideChina(latitude: latitude, longitude: longitude) else { return (latitude, longitude) }
        return inverse(of: wgs84ToGCJ02, latitude: latitude, longitude: longitude)
    }

    public static func gcj02ToBD09(latitude: Double, longitude: Double) -> (latitude: Double, longitude: Double) {
        let (x, y) = (longitude, latitude)
        let z = (x * x + y * y).squareRoot() + 0.00002 * sin(y * baiduFactor)
        let theta = atan2(y, x) + 0.000003 * cos(x * baiduFactor)
        return (z * sin(theta) + 0.006, z * cos(theta) + 0.0065)
    }

    /// The published inverse (`x_pi` formulas), which is off by up to about a metre, refined by
    /// the same iteration as GCJ-02's so that a round trip comes back to the point.
    public static func bd09ToGCJ02(latitude: Double, longitude: Double) -> (latitude: Double, longitude: Double) {
        let (x, y) = (longitude - 0.0065, latitude - 0.006)
        let z = (x * x + y * y).squareRoot() - 0.00002 * sin(y * baiduFactor)
        let theta = atan2(y, x) - 0.000003 * cos(x * baiduFactor)
        let start = (latitude: z * sin(theta), longitude: z * cos(theta))
        return inverse(of: gcj02ToBD09, latitude: latitude, longitude: longitude, from: start)
    }

    /// The point `forward` takes to (latitude, longitude), starting from `start` (default: the
    /// target itself): each step moves the estimate by the forward transform's miss.
    static func inverse(
        of forward: (Double, Double) -> (latitude: Double, longitude: Double), latitude: Double, longitude: Double,
        from start: (latitude: Double, longitude: Double)? = nil
    ) -> (latitude: Double, longitude: Double) {
        var estimate = start ?? (latitude, longitude)
        for _ in 0..<maximumSteps {
            let image = forward(estimate.latitude, estimate.longitude)
            let miss = (latitude: image.latitude - latitude, longitude: image.longitude - longitude)
            if abs(miss.latitude) < tolerance && abs(miss.longitude) < tolerance { break }
            estimate = (estimate.latitude - miss.latitude, estimate.longitude - miss.longitude)
        }
        return estimate
    }

    /// GCJ-02's shift at a WGS-84 point, in degrees.
    static func offset(latitude: Double, longitude: Double) -> (latitude: Double, longitude: Double) {
        let x = longitude - 105.0
        let y = latitude - 35.0
        let radians = latitude / 180.0 * Double.pi
        var magic = sin(radians)
        magic = 1 - eccentricitySquared * magic * magic
        let root = magic.squareRoot()
        let dLatitude =
            shiftOfLatitude(x, y) * 180.0
            / ((semiMajorAxis * (1 - eccentricitySquared)) / (magic * root) * Double.pi)
        let dLongitude = shiftOfLongitude(x, y) * 180.0 / (semiMajorAxis / root * cos(radians) * Double.pi)
        return (dLatitude, dLongitude)
    }

    private static func shiftOfLatitude(_ x: Double, _ y: Double) -> Double {
        var value = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * abs(x).squareRoot()
        value += (20.0 * sin(6.0 * x * Double.pi) + 20.0 * sin(2.0 * x * Double.pi)) * 2.0 / 3.0
        value += (20.0 * sin(y * Double.pi) + 40.0 * sin(y / 3.0 * Double.pi)) * 2.0 / 3.0
        value += (160.0 * sin(y / 12.0 * Double.pi) + 320.0 * sin(y * Double.pi / 30.0)) * 2.0 / 3.0
        return value
    }

    private static func shiftOfLongitude(_ x: Double, _ y: Double) -> Double {
        var value = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * abs(x).squareRoot()
        value += (20.0 * sin(6.0 * x * Double.pi) + 20.0 * sin(2.0 * x * Double.pi)) * 2.0 / 3.0
        value += (20.0 * sin(x * Double.pi) + 40.0 * sin(x / 3.0 * Double.pi)) * 2.0 / 3.0
        value += (150.0 * sin(x / 12.0 * Double.pi) + 300.0 * sin(x / 30.0 * Double.pi)) * 2.0 / 3.0
        return value
    }
}
