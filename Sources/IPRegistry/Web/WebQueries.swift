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

/// A provincial-level division with its centers that are not closed, for the national map.
public struct ProvinceCount: Sendable, Equatable {
    public let code: String
    public let name: String
    public let nameEnglish: String?
    public let centers: Int

    public init(code: String, name: String, nameEnglish: String?, centers: Int) {
        self.code = code
        self.name = name
        self.nameEnglish = nameEnglish
        self.centers = centers
    }
}

public enum WebQueries {
    /// The centers `filter` selects from `offset` on, at most `limit` of them, and how many it selects in all.
    public static func centerPage(
        _ filter: CenterFilter, offset: Int, limit: Int,
        in database: Database
    ) throws -> (total: Int, centers: [StoredCenter]) {
        let db = try database.connection
        try filter.registerFunctions(on: db)
        let (whereClause, values) = filter.whereClause()
        // The total is the same for every page of a filter: a pooled reader keeps it until the registry
        // changes. A filter by kind, status and division only counts from report_center_counts
        // (Migrations/0009; its columns have the names the filter's conditions use): a write makes
        // every reader count again, and counting 1M centers takes 12 ms where those few thousand
        // totals take well under one; at 60 writes a second the recounts alone took a core.
        let total = try database.remembered(PageTotal(whereClause: whereClause, values: values)) {
            let counted =
                filter.selectsByDivisionKindAndStatusOnly
                ? "SELECT coalesce(sum(c.centers), 0) FROM report_center_counts c \(whereClause)"
                : "SELECT count(*) FROM centers c \(whereClause)"
            return try db.scalarInt(counted, values) ?? 0
        }
        guard total > 0 else { return (0, []) }
        var ids: (sql: String, values: [SQLiteValue])
        if let merged = try mergedPage(filter, offset: offset, limit: limit, on: db) {
            // The ids as one bound JSON array: one statement text whatever the page's size.
            ids = (
                "SELECT value FROM json_each(?)", [.text("[" + merged.map(String.init).joined(separator: ",") + "]")]
            )
        } else {
            // The page's ids first, then their rows. Sorting every match costs one row read per
            // match, walking the code index until the page is full about (offset + limit) * all /
            // matches: the count says which is less (1M centers, 15,000 matches, 50 a page: 3,300
            // reads, not 15,000).
            var order = filter.orderClause
            if filter.sort == .code && filter.kinds.isEmpty && filter.hasIndexedCondition {
                let all = try db.scalarInt("SELECT max(rowid) FROM centers") ?? 0
                if Double(total) * Double(total) > Double(offset + limit) * Double(all) { order = "ORDER BY c.code" }
            }
            ids = (
                "SELECT c.id FROM centers c \(whereClause) \(order) LIMIT ? OFFSET ?",
                values + [.integer(Int64(limit)), .integer(Int64(offset))]
            )
        }
        let statement = try db.cachedStatement(
            "SELECT \(CenterRepository.selectColumns) FROM centers c WHERE c.id IN (\(ids.sql)) \(filter.orderClause)")
        defer { statement.reset() }
        try statement.bind(ids.values)
        let repository = try CenterRepository(database)
        var centers: [StoredCenter] = []
        while try statement.step() { centers.append(try repository.decode(statement)) }
        return (total, centers)
    }

    /// What a filter's total is kept under (SnapshotMemo).
    private struct PageTotal: Hashable {
        let whereClause: String
        let values: [SQLiteValue]
    }

    /// Most pairs of kind and division one merged page reads at once; past it, sorting the
    /// matches is no dearer.
    static let mergedPageMaxParts = 64

    /// The page's ids when the filter names kinds and divisions and the list is in code order.
    /// `centers_by_kind` (kind, region_code, code) holds each pair's centers in code order, so the
    /// page is merged from the pairs present, one index step per center up to the page's end,
    /// instead of sorting every match (1M centers, 15,000 matches in 15 divisions, 50 a page:
    /// about 65 index entries read, not 15,000). Nil when the filter is of another shape or spans
    /// too many pairs.
    private static func mergedPage(
        _ filter: CenterFilter, offset: Int, limit: Int, on db: Connection
    ) throws -> [Int64]? {
        guard filter.sort == .code, !filter.kinds.isEmpty, !filter.regions.isEmpty, filter.industries.isEmpty,
            filter.services.isEmpty, filter.search?.isEmpty ?? true, filter.near == nil
        else { return nil }
        // The division codes each kind has centers in, from the index: one seek per code present.
        let first = try db.cachedStatement(
            "SELECT region_code FROM centers WHERE kind = ? AND region_code >= ? AND region_code <= ? ORDER BY region_code LIMIT 1"
        )
        let next = try db.cachedStatement(
            "SELECT region_code FROM centers WHERE kind = ? AND region_code > ? AND region_code <= ? ORDER BY region_code LIMIT 1"
        )
        func firstRegion(_ statement: Statement, _ kind: String, _ bound: String, _ upper: String) throws -> String? {
            defer { statement.reset() }
            try statement.bind([.text(kind), .text(bound), .text(upper)])
            return try statement.step() ? statement.text(0) : nil
        }
        var pairs: [(kind: String, region: String)] = []
        var seen: Set<[String]> = []
        for kind in Set(filter.kinds.map(\.rawValue)).sorted() {
            for range in filter.regions.map(ReferenceCodes.containedRange(of:)) {
                var found = try firstRegion(first, kind, range.lowerBound, range.upperBound)
                while let region = found {
                    if seen.insert([kind, region]).inserted { pairs.append((kind, region)) }
                    guard pairs.count <= mergedPageMaxParts else { return nil }
                    found = try firstRegion(next, kind, region, range.upperBound)
                }
            }
        }
        let statuses = Set(filter.statuses.map(\.rawValue)).sorted()
        let statusCondition =
            statuses.isEmpty ? "" : " AND c.status IN (" + statuses.map { _ in "?" }.joined(separator: ", ") + ")"
        // One open statement per pair. The statement cache keeps one statement per text, so each
        // pair's text carries its number.
        var heads: [(key: [UInt8], id: Int64, statement: Statement)] = []
        var opened: [Statement] = []
        defer { for statement in opened { statement.reset() } }
        for (number, pair) in pairs.enumerated() {
            let statement = try db.cachedStatement(
                "SELECT c.id, c.code FROM centers c WHERE c.kind = ? AND c.region_code = ?" + statusCondition
                    + " ORDER BY c.code /* pair \(number) */")
            opened.append(statement)
            try statement.bind([.text(pair.kind), .text(pair.region)] + statuses.map { .text($0) })
            if try statement.step() {
                heads.append((collationKey(statement.text(1)), statement.int64(0), statement))
            }
        }
        var ids: [Int64] = []
        var skipped = 0
        while ids.count < limit,
            let smallest = heads.indices.min(by: { heads[$0].key.lexicographicallyPrecedes(heads[$1].key) })
        {
            if skipped < offset {
                skipped += 1
            } else {
                ids.append(heads[smallest].id)
            }
            let statement = heads[smallest].statement
            if try statement.step() {
                heads[smallest] = (collationKey(statement.text(1)), statement.int64(0), statement)
            } else {
                heads.remove(at: smallest)
            }
        }
        return ids
    }

    /// A code as the column's NOCASE collation orders it: SQLite folds ASCII letters only, byte by byte.
    private static func collationKey(_ code: String) -> [UInt8] {
        code.utf8.map { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") ? $0 + 32 : $0 }
    }

    /// Centers that are not closed per division of the map: Beijing and Tianjin whole, Hebei by
    /// prefecture-level city; a center registered at the province itself counts under `130000`.
    /// Read from report_center_counts (Migrations/0009), whose rows of zeros count as no centers.
    public static func mapCounts(inside region: String?, in database: Database) throws -> [String: Int] {
        let range = region.map(ReferenceCodes.containedRange(of:)) ?? "110000"..."139999"
        let statement = try database.connection.cachedStatement(
            """
            SELECT CASE WHEN region_code < '130000' THEN substr(region_code, 1, 2) || '0000'
                        ELSE substr(region_code, 1, 4) || '00' END, sum(centers)
            FROM report_center_counts
            WHERE status <> 'closed' AND region_code BETWEEN ? AND ? AND region_code BETWEEN '110000' AND '139999'
            GROUP BY 1
            HAVING sum(centers) > 0
            """)
        defer { statement.reset() }
        try statement.bind([.text(range.lowerBound), .text(range.upperBound)])
        var counts: [String: Int] = [:]
        while try statement.step() { counts[statement.text(0)] = Int(statement.int64(1)) }
        return counts
    }

    /// Centers that are not closed per provincial-level division, for the national map, with each
    /// province's names (Chinese, English where the registry has one), from report_center_counts
    /// (Migrations/0009) and the divisions of level 1: a province without centers is there with 0.
    public static func provinceCounts(in database: Database) throws -> [ProvinceCount] {
        let statement = try database.connection.cachedStatement(
            """
            SELECT d.code, d.name, d.name_en, coalesce(t.centers, 0)
            FROM divisions AS d
            LEFT JOIN (SELECT substr(region_code, 1, 2) || '0000' AS province, sum(centers) AS centers
                       FROM report_center_counts WHERE status <> 'closed' GROUP BY 1) AS t ON t.province = d.code
            WHERE d.parent_code IS NULL ORDER BY d.code
            """)
        defer { statement.reset() }
        var provinces: [ProvinceCount] = []
        while try statement.step() {
            provinces.append(
                ProvinceCount(
                    code: statement.text(0), name: statement.text(1), nameEnglish: statement.string(2),
                    centers: Int(statement.int64(3))))
        }
        return provinces
    }

    /// Up to `limit` centers that are not closed and have coordinates, inside `region` when given,
    /// read in code order from the partial index centers_with_coordinates (Migrations/0009): the
    /// `+` keeps SQLite from reading every center of the range through centers_by_region instead
    /// (1M centers without coordinates: 2.9 s against 0.04 s).
    public static func mapPoints(inside region: String?, limit: Int, in database: Database) throws -> [MapPoint] {
        let range = region.map(ReferenceCodes.containedRange(of:)) ?? "000000"..."999999"
        let statement = try database.connection.cachedStatement(
            """
            SELECT code, name, latitude, longitude FROM centers
            WHERE latitude IS NOT NULL AND longitude IS NOT NULL AND status <> 'closed' AND +region_code BETWEEN ? AND ?
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
    /// Runs `body` with its statements interrupted once the monotonic clock (`DeadlineClock`)
    /// reaches `end`, or once `stopWhen` answers true (the client went away): what `body` returned
    /// or threw, and which of the two cut it short.
    public func withTimeLimit<Result>(
        endingAt end: UInt64, stopWhen: (() -> Bool)?, _ body: () throws -> Result
    ) throws -> (result: Swift.Result<Result, any Error>, timedOut: Bool, stopped: Bool) {
        try connection.withDeadline(endingAt: end, stopWhen: stopWhen, body)
    }
}

extension WebQueries {
    /// The English names (`Hebei Province / Shijiazhuang`) of `codes` where every level has one,
    /// read code by code from the view region_names: the overview names a few divisions, and
    /// loading every division's names (ReferenceCodes) would cost it more than its reports.
    public static func regionNamesEnglish(of codes: [String], in database: Database) throws -> [String: String] {
        let statement = try database.connection.cachedStatement(
            "SELECT region_name_en FROM region_names WHERE code = ?")
        var names: [String: String] = [:]
        for code in codes {
            defer { statement.reset() }
            try statement.bind([.text(code)])
            if try statement.step(), let name = statement.string(0) { names[code] = name }
        }
        return names
    }
}
