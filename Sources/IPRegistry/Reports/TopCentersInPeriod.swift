// top-centers with a period, computed by merging instead of sorting. SQL sums the period's rows
// per center through a temporary B-tree: at 1M centers and 2M rows in two years, 0.8-1.0 s,
// at the web view's time limit. The index `case_statistics_by_start` already lists each
// period start's rows in center order, so merging those runs sums every center in one pass
// with nothing to sort, and only a center that would enter the top :limit is looked up (for
// its region). The result is the report's SQL's to the row: the last step is that SQL's own
// outer query, over the centers found, and `ReportTotalsTests` compares the two.
import SQLiteDB

struct TopCentersInPeriod {
    let database: Database
    /// `pretrial_cases` or `protection_cases`.
    let rankColumn: String
    let from: String?
    let to: String?
    let regionLowest: String?
    let regionHighest: String?
    let limit: Int64

    /// More period starts than this in the range (daily statistics over years): the SQL's way.
    static let maxRuns = 64
    /// A larger :limit puts most centers in the top anyway: the SQL's way.
    static let maxLimit: Int64 = 10_000

    /// The outer query of the report's SQL, over `:ranked`, a JSON array of [center_id,
    /// pretrial_cases, protection_cases] in rank order.
    static func outerSQL(rankColumn: String) -> String {
        """
        SELECT c.code AS code, c.name AS name, c.kind AS kind,
               (SELECT region_name FROM region_names WHERE code = c.region_code) AS region_name,
               t.pretrial_cases AS pretrial_cases, t.protection_cases AS protection_cases
        FROM (SELECT value ->> 0 AS center_id, value ->> 1 AS pretrial_cases, value ->> 2 AS protection_cases
              FROM json_each(:ranked)) AS t
        JOIN centers AS c ON c.id = t.center_id
        ORDER BY t.\(rankColumn) DESC, c.code
        """
    }

    /// One center's sums over the period: nil where every row's value is NULL, as SQL's sum().
    private struct Sums {
        var id: Int64
        var pretrial: Int64?
        var protection: Int64?
    }

    /// The rows, or nil when this way does not apply (too many period starts, a large limit,
    /// a sum past Int64) and the report's SQL must run instead.
    func rows(_ body: ([Cell]) throws -> Void) throws -> Bool {
        guard limit <= Self.maxLimit else { return false }
        let connection = try database.connection
        let starts = try periodStarts(connection)
        guard starts.count <= Self.maxRuns else { return false }
        var runs: [Statement] = []
        for start in starts {
            let run = try connection.prepare(
                """
                SELECT center_id, pretrial_cases, protection_cases
                FROM case_statistics INDEXED BY case_statistics_by_start
                WHERE period_start = ? ORDER BY center_id
                """)
            try run.bind(.text(start), at: 1)
            if try run.step() { runs.append(run) }
        }
        let regionOf = try connection.prepare("SELECT region_code FROM centers WHERE id = ?")
        var top: [Sums] = []
        let byPretrial = rankColumn == "pretrial_cases"
        func rank(_ sums: Sums) -> Int64? { byPretrial ? sums.pretrial : sums.protection }
        /// (rank desc, id asc): the inner ORDER BY of the report's SQL.
        func before(_ left: Sums, _ right: Sums) -> Bool {
            let a = rank(left) ?? 0
            let b = rank(right) ?? 0
            return a != b ? a > b : left.id < right.id
        }
        func inRegion(_ id: Int64) throws -> Bool {
            guard let lowest = regionLowest, let highest = regionHighest else { return true }
            regionOf.reset()
            try regionOf.bind(.integer(id), at: 1)
            guard try regionOf.step(), let code = regionOf.string(0) else { return false }
            return !code.utf8.lexicographicallyPrecedes(lowest.utf8)
                && !highest.utf8.lexicographicallyPrecedes(code.utf8)
        }
        var overflow = false
        func add(_ total: Int64?, _ run: Statement, _ column: Int32) -> Int64? {
            guard !run.isNull(column) else { return total }
            let (sum, overflowed) = (total ?? 0).addingReportingOverflow(run.int64(column))
            if overflowed { overflow = true }
            return sum
        }
        func offer(_ sums: Sums) throws {
            guard rank(sums) != nil else { return }
            if top.count == Int(limit), let last = top.last, !before(sums, last) { return }
            guard try inRegion(sums.id) else { return }
            let index = top.firstIndex { before(sums, $0) } ?? top.count
            top.insert(sums, at: index)
            if top.count > Int(limit) { top.removeLast() }
        }
        // Each run's current center, read once a row: the merge compares these, not the columns.
        var heads = runs.map { $0.int64(0) }
        var current: Sums?
        while !heads.isEmpty {
            var lowest = 0
            for index in 1..<heads.count where heads[index] < heads[lowest] { lowest = index }
            let id = heads[lowest]
            let run = runs[lowest]
            var sums = Sums(id: id, pretrial: nil, protection: nil)
            if let previous = current {
                if previous.id == id { sums = previous } else { try offer(previous) }
            }
            sums.pretrial = add(sums.pretrial, run, 1)
            sums.protection = add(sums.protection, run, 2)
            current = sums
            if try run.step() {
                heads[lowest] = run.int64(0)
            } else {
                runs.remove(at: lowest)
                heads.remove(at: lowest)
            }
        }
        if let finished = current { try offer(finished) }
        guard !overflow else { return false }
        let entries = top.map { sums in
            "[\(sums.id),\(sums.pretrial.map(String.init) ?? "null"),\(sums.protection.map(String.init) ?? "null")]"
        }
        let ranked = "[" + entries.joined(separator: ",") + "]"
        let outer = try connection.prepare(Self.outerSQL(rankColumn: rankColumn))
        try outer.bind(.text(ranked), at: 1)
        let count = outer.columnCount
        while try outer.step() { try body((0..<count).map { Cell(outer.value($0)) }) }
        return true
    }

    /// The distinct period starts in the range, one index seek each.
    private func periodStarts(_ connection: Connection) throws -> [String] {
        let first = try connection.prepare(
            "SELECT min(period_start) FROM case_statistics WHERE period_start >= ? AND period_start <= ?")
        let next = try connection.prepare(
            "SELECT min(period_start) FROM case_statistics WHERE period_start > ? AND period_start <= ?")
        let last = to ?? "9999-12-31"
        var starts: [String] = []
        var seek = first
        var after = from ?? ""
        while starts.count <= Self.maxRuns {
            seek.reset()
            try seek.bind(.text(after), at: 1)
            try seek.bind(.text(last), at: 2)
            guard try seek.step(), let start = seek.string(0) else { break }
            starts.append(start)
            after = start
            seek = next
        }
        return starts
    }
}
