// How far each county's seat is from its nearest center of some kinds (protection centers by
// default): the "which counties are far from every center" question. Seats are division_seats
// (Migrations/0013, 0015); each is answered by the nearest-centers query, so the R*Tree does the
// work and the answer is exact.
import SQLiteDB

/// A county-level division's seat and the nearest center that serves it, if any has coordinates.
public struct SeatDistance: Sendable {
    public let code: String
    /// `河北省 / 廊坊市 / 三河市`.
    public let regionName: String
    public let regionNameEnglish: String?
    public let latitude: Double
    public let longitude: Double
    public let nearest: NearbyCenter?
}

extension CenterRepository {
    /// Every county-level division inside any of `regions` that has a seat, farthest from its
    /// nearest center first (ties and seats without any center by code), each with the nearest
    /// center the filter selects (its kinds; closed centers never count).
    public func seatDistances(inside regions: [String], filter given: CenterFilter) throws -> [SeatDistance] {
        var filter = given
        if filter.statuses.isEmpty { filter.statuses = CenterStatus.allCases.filter { $0 != .closed } }
        let db = try self.db
        let containment = ReferenceCodes.containmentCondition(regions, column: "d.code")
        let statement = try db.prepare(
            """
            SELECT s.code, s.latitude, s.longitude FROM division_seats AS s JOIN divisions AS d USING (code)
            WHERE d.level = 3 AND \(containment.sql) ORDER BY s.code
            """)
        try statement.bind(containment.values)
        var seats: [(code: String, latitude: Double, longitude: Double)] = []
        while try statement.step() { seats.append((statement.text(0), statement.double(1), statement.double(2))) }
        let names = try ReferenceCodes.load(from: database)
        var distances: [SeatDistance] = []
        distances.reserveCapacity(seats.count)
        for seat in seats {
            let answer = try nearest(latitude: seat.latitude, longitude: seat.longitude, limit: 1, filter: filter)
            distances.append(
                SeatDistance(
                    code: seat.code, regionName: names.regionName(of: seat.code),
                    regionNameEnglish: names.regionNameEnglish(of: seat.code), latitude: seat.latitude,
                    longitude: seat.longitude, nearest: answer.centers.first))
        }
        // Farthest first; a seat with no center at all is the farthest of all.
        return distances.sorted { left, right in
            let l = left.nearest?.distanceKm ?? .infinity
            let r = right.nearest?.distanceKm ?? .infinity
            return l != r ? l > r : left.code < right.code
        }
    }
}
