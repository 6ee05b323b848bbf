// `center nearest`: the centers nearest a point, nearest first, ties by code, each with its
// great-circle distance. The locations index (Migrations/0014) gives the centers in a box around
// the point; their exact distances are computed here from the centers' own coordinates, and the
// box widens until the centers found are provably the nearest: every center within the radius the
// box is sure to hold has been seen. The answer is therefore the one a full scan gives.
import SQLiteDB

/// A center and its distance from the point asked about.
public struct NearbyCenter: Sendable {
    public let stored: StoredCenter
    public let distanceKm: Double
}

/// The centers nearest a point, and how many centers the filter selects that have no coordinates.
public struct NearestAnswer: Sendable {
    public let centers: [NearbyCenter]
    public let leftOut: Int
}

public enum NearestCenters {
    /// Calls `distance_km(lat1, lon1, lat2, lon2)` in SQL; the same haversine as `center nearest`,
    /// so that `--near ... --within` and `center nearest --within` agree to the last bit.
    static let distanceFunction = "ipreg_distance_km"

    /// The box condition on the index, as the `--near` filter and the nearest query ask it. An
    /// entry's stored box holds its exact point (the R*Tree rounds outward), so a point inside the
    /// search box is never missed.
    static func boxCondition(_ table: String = "") -> String {
        let t = table.isEmpty ? "" : table + "."
        return "\(t)max_latitude >= ? AND \(t)min_latitude <= ? AND \(t)max_longitude >= ? AND \(t)min_longitude <= ?"
    }

    static func boxValues(_ box: GreatCircle.Box) -> [SQLiteValue] {
        [.real(box.minLatitude), .real(box.maxLatitude), .real(box.minLongitude), .real(box.maxLongitude)]
    }

    /// The centers in a box, the index first (CROSS JOIN keeps SQLite from starting at a filter's
    /// index instead), then the filter's conditions. Scripts/bench-nearest runs the same text.
    static let candidatesSQL =
        "SELECT c.id, c.code, c.latitude, c.longitude FROM center_locations AS l CROSS JOIN centers AS c ON c.id = l.id"
        + " WHERE " + boxCondition("l")

    /// How many centers the filter selects that have no coordinates (the partial index
    /// centers_without_coordinates, Migrations/0014, holds them), then the filter's conditions.
    static let leftOutSQL = "SELECT count(*) FROM centers c WHERE c.latitude IS NULL"

    /// How many centers in all have no coordinates, as the triggers of Migrations/0014 keep it.
    static let allLeftOutSQL = "SELECT centers FROM center_locations_missing WHERE id = 1"

    /// One chosen center's row, as a center is read everywhere.
    static var rowSQL: String { "SELECT \(CenterRepository.selectColumns) FROM centers c WHERE c.id = ?" }

    /// The first box's radius. At 1M centers over China the 10 nearest lie within about 10 km;
    /// in a small registry the box grows fourfold a round, a handful of cheap rounds.
    static let firstRadiusKm = 16.0

    /// How much a box grows when it did not even hold `limit` centers.
    static let growth = 4.0

    static func registerDistance(on db: Connection) throws(SQLiteError) {
        try db.createFunction(distanceFunction, argumentCount: 4) { arguments in
            guard let latitude1 = arguments[0].number, let longitude1 = arguments[1].number,
                let latitude2 = arguments[2].number, let longitude2 = arguments[3].number
            else { return .null }
            return .real(GreatCircle.distanceKm(latitude1, longitude1, latitude2, longitude2))
        }
    }

    /// Why a latitude or longitude is refused, or nil: the ranges the centers table allows.
    public static func problem(latitude: Double, longitude: Double) -> String? {
        if !latitude.isFinite || !(-90...90).contains(latitude) {
            return "latitude \(latitude) is not a number from -90 to 90"
        }
        if !longitude.isFinite || !(-180...180).contains(longitude) {
            return "longitude \(longitude) is not a number from -180 to 180"
        }
        return nil
    }

    /// Why a distance cap is refused, or nil.
    public static func problem(withinKm: Double) -> String? {
        withinKm.isFinite && withinKm > 0 ? nil : "\(withinKm) is not a distance in km greater than 0"
    }

    /// One center the index found, with its exact distance.
    struct Candidate {
        let id: Int64
        let code: String
        let distanceKm: Double

        /// Nearest first; at the same distance by code as `center list` orders codes (NOCASE:
        /// ASCII letters folded, codes being ASCII).
        static func isOrdered(_ a: Candidate, _ b: Candidate) -> Bool {
            if a.distanceKm != b.distanceKm { return a.distanceKm < b.distanceKm }
            let left = a.code.lowercased()
            let right = b.code.lowercased()
            return left != right ? left < right : a.id < b.id
        }
    }
}

extension SQLiteValue {
    fileprivate var number: Double? {
        switch self {
        case .real(let value): return value
        case .integer(let value): return Double(value)
        default: return nil
        }
    }
}

extension CenterRepository {
    /// The `limit` centers the filter selects that are nearest the point (degrees), within
    /// `withinKm` when given, nearest first and by code at the same distance; and how many centers
    /// the filter selects that have no coordinates. The filter's own `near`, `sort` and `limit`
    /// are not used.
    public func nearest(
        latitude: Double, longitude: Double, limit: Int, withinKm: Double? = nil, filter: CenterFilter = CenterFilter()
    ) throws -> NearestAnswer {
        var filter = filter
        filter.near = nil
        let db = try self.db
        try filter.registerFunctions(on: db)
        let (conditions, values) = filter.conditions()
        let extra = conditions.map { " AND " + $0 }.joined()
        let candidates = try db.cachedStatement(NearestCenters.candidatesSQL + extra)
        let point = GreatCircle.Point(latitude: latitude, longitude: longitude)
        let cap = withinKm ?? GreatCircle.farthestKm
        var radius = min(NearestCenters.firstRadiusKm, cap)
        var chosen: [NearestCenters.Candidate] = []
        while limit > 0 {
            let box = GreatCircle.box(around: latitude, longitude, radiusKm: radius)
            try candidates.bind(NearestCenters.boxValues(box) + values)
            var found: [NearestCenters.Candidate] = []
            while try candidates.step() {
                let distance = GreatCircle.distanceKm(
                    point, GreatCircle.Point(latitude: candidates.double(2), longitude: candidates.double(3)))
                found.append(
                    NearestCenters.Candidate(id: candidates.int64(0), code: candidates.text(1), distanceKm: distance))
            }
            candidates.reset()
            found.sort(by: NearestCenters.Candidate.isOrdered)
            // Every center within `radius` is in the box; farther ones may be missing from it.
            let isLast = radius >= cap
            let everything = withinKm == nil && isLast
            let sure = everything ? found : found.filter { $0.distanceKm <= radius }
            if sure.count >= limit || isLast {
                chosen = Array(sure.prefix(limit))
                break
            }
            // The box holds `limit` centers, the farthest of them at found[limit - 1]: a box of that
            // radius holds at least these, so the next round is the last. Otherwise grow.
            let next = found.count >= limit ? found[limit - 1].distanceKm : radius * NearestCenters.growth
            radius = min(max(next, radius), cap)
        }
        var centers: [NearbyCenter] = []
        centers.reserveCapacity(chosen.count)
        let row = try db.cachedStatement(NearestCenters.rowSQL)
        for candidate in chosen {
            try row.bind(candidate.id, at: 1)
            defer { row.reset() }
            guard try row.step() else { continue }
            centers.append(NearbyCenter(stored: try decode(row), distanceKm: candidate.distanceKm))
        }
        let leftOut =
            try conditions.isEmpty
            ? db.scalarInt(NearestCenters.allLeftOutSQL) ?? 0
            : db.scalarInt(NearestCenters.leftOutSQL + extra, values) ?? 0
        return NearestAnswer(centers: centers, leftOut: leftOut)
    }
}
