// Queries only the web view asks: a page of centers with the total behind it, centers per
// division of the map, and the centers that carry their own coordinates. Kept apart from the
// repositories so that the web view's needs never reshape them.
import SQLiteDB

/// A center drawn on the map at its own coordinates.
public struct MapPoint: Sendable, Equatable {
    public let code: String
    public let name: String
    public let latitude: Double
    public let longitude: Double
}

public enum WebQueries {
    /// The centers `filter` selects from `offset` on, at most `limit` of them, and how many it selects in all.
    public static func centerPage(
        _ filter: CenterFilter, offset: Int, limit: Int,
        in database: Database
    ) throws -> (total: Int, centers: [StoredCenter]) {
        let db = try database.connection
        if filter.search != nil { try SearchText.register(on: db) }
        let (whereClause, values) = filter.whereClause()
        let total = try db.scalarInt("SELECT count(*) FROM centers c \(whereClause)", values) ?? 0
        // The page's ids first, then their rows: with a kind (and region) filter centers_by_kind
        // holds the codes (Migrations/0008), so the ids are sorted from the index alone and only
        // the page's rows are read. Otherwise sorting every match costs one row read per match,
        // and walking the code index until the page is full about (offset + limit) * all / matches:
        // the count says which is less (1M centers, 15,000 matches, 50 a page: 3,300 reads, not 15,000).
        var order = filter.orderClause
        if filter.sort == .code && filter.kinds.isEmpty && filter.hasIndexedCondition && total > 0 {
            let all = try db.scalarInt("SELECT max(rowid) FROM centers") ?? 0
            if Double(total) * Double(total) > Double(offset + limit) * Double(all) { order = "ORDER BY c.code" }
        }
        let statement = try db.cachedStatement(
            """
            SELECT \(CenterRepository.selectColumns) FROM centers c
            WHERE c.id IN (SELECT c.id FROM centers c \(whereClause) \(order) LIMIT ? OFFSET ?) \(filter.orderClause)
            """)
        defer { statement.reset() }
        try statement.bind(values + [.integer(Int64(limit)), .integer(Int64(offset))])
        let repository = try CenterRepository(database)
        var centers: [StoredCenter] = []
        while try statement.step() { centers.append(repository.decode(statement)) }
        return (total, centers)
    }

    /// Centers that are not closed per division of the map: Beijing and Tianjin whole, Hebei by
    /// prefecture-level city; a center registered at the province itself counts under `130000`.
    public static func mapCounts(inside region: String?, in database: Database) throws -> [String: Int] {
        let range = region.map(ReferenceCodes.containedRange(of:)) ?? "110000"..."139999"
        let statement = try database.connection.cachedStatement(
            """
            SELECT CASE WHEN region_code < '130000' THEN substr(region_code, 1, 2) || '0000'
                        ELSE substr(region_code, 1, 4) || '00' END, count(*)
            FROM centers WHERE status <> 'closed' AND region_code BETWEEN ? AND ? AND region_code BETWEEN '110000' AND '139999'
            GROUP BY 1
            """)
        defer { statement.reset() }
        try statement.bind([.text(range.lowerBound), .text(range.upperBound)])
        var counts: [String: Int] = [:]
        while try statement.step() { counts[statement.text(0)] = Int(statement.int64(1)) }
        return counts
    }

    /// Up to `limit` centers that are not closed and have coordinates, inside `region` when given.
    public static func mapPoints(inside region: String?, limit: Int, in database: Database) throws -> [MapPoint] {
        let range = region.map(ReferenceCodes.containedRange(of:)) ?? "000000"..."999999"
        let statement = try database.connection.cachedStatement(
            """
            SELECT code, name, latitude, longitude FROM centers
            WHERE latitude IS NOT NULL AND longitude IS NOT NULL AND status <> 'closed' AND region_code BETWEEN ? AND ?
            ORDER BY code LIMIT ?
            """)
        defer { statement.reset() }
        try statement.bind([.text(range.lowerBound), .text(range.upperBound), .integer(Int64(limit))])
        var points: [MapPoint] = []
        while try statement.step() {
            points.append(
                MapPoint(
                    code: statement.text(0), name: statement.text(1),
                    latitude: statement.double(2), longitude: statement.double(3)))
        }
        return points
    }
}

extension Database {
    /// Runs `body` with its statements interrupted once `milliseconds` have passed (the web view's
    /// SQL page): what `body` returned or threw, and whether the time limit cut it short.
    public func withTimeLimit<Result>(
        milliseconds: Int, _ body: () throws -> Result
    ) throws
        -> (result: Swift.Result<Result, any Error>, timedOut: Bool)
    {
        try connection.withDeadline(milliseconds: milliseconds, body)
    }
}
