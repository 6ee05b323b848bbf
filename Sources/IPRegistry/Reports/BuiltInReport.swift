// The six reports every registry has (docs/commands.md): their columns, their parameters,
// and the SQL each one runs. Values are always bound, never spliced into the SQL text.
import SQLiteDB

public struct ReportParameterInfo: Sendable, Equatable {
    public let name: String
    public let help: String
}

public enum BuiltInReport: String, CaseIterable, Sendable {
    case centersByRegion = "centers-by-region"
    case centersByKind = "centers-by-kind"
    case industryCoverage = "industry-coverage"
    case caseTotals = "case-totals"
    case topCenters = "top-centers"
    case reconcile

    public var name: String { rawValue }

    public var summary: String {
        switch self {
        case .centersByRegion:
            return
                "Centers that are not closed, by kind, per provincial-level division (or per division inside --param region)"
        case .centersByKind: return "Centers that are not closed, per kind"
        case .industryCoverage: return "Centers that are not closed serving each industry, by kind"
        case .caseTotals:
            return "Cases accepted per year, centers of any status; a period that spans years is a row of its own"
        case .topCenters: return "Centers with the most cases accepted, centers of any status"
        case .reconcile: return "Each published figure beside the registry's own value for it (see 'ipreg figure list')"
        }
    }

    public var columns: [String] {
        switch self {
        case .centersByRegion:
            return ["region_code", "region_name", "protection", "rapid_protection", "operation", "tisc", "total"]
        case .centersByKind: return ["kind", "centers"]
        case .industryCoverage:
            return ["industry_code", "industry_name", "protection", "rapid_protection", "operation", "tisc", "total"]
        case .caseTotals: return ["year", "centers", "pretrial_cases", "protection_cases"]
        case .topCenters: return ["code", "name", "kind", "region_name", "pretrial_cases", "protection_cases"]
        case .reconcile:
            return [
                "code", "metric", "regions", "kinds", "period", "published", "bound", "registry", "difference",
                "status",
                "partial", "undated", "missing_industries",
            ]
        }
    }

    public var parameters: [ReportParameterInfo] {
        let region = ReportParameterInfo(name: "region", help: "a division code: only centers inside it")
        let from = ReportParameterInfo(
            name: "from", help: "a period: statistics whose period starts on or after its first day")
        let to = ReportParameterInfo(
            name: "to", help: "a period: statistics whose period starts on or before its last day")
        switch self {
        case .centersByRegion, .centersByKind, .industryCoverage: return [region]
        case .reconcile:
            return [
                ReportParameterInfo(
                    name: "region", help: "a division code: only figures about it or a division inside it")
            ]
        case .caseTotals: return [region, from, to]
        case .topCenters:
            return [
                region, from, to,
                ReportParameterInfo(name: "by", help: "protection (default) or pretrial: the cases to rank by"),
                ReportParameterInfo(name: "limit", help: "how many centers (default 10)"),
            ]
        }
    }

    /// The SQL and its bound values for these arguments (raw `--param` texts by name).
    /// Unknown names throw `ParameterError`; bad values `ValidationFailure`.
    public func query(
        arguments: [String: String], in database: Database
    ) throws -> (sql: String, values: [String: SQLiteValue]) {
        let accepted = parameters.map(\.name)
        if let unknown = arguments.keys.sorted().first(where: { !accepted.contains($0) }) {
            let takes =
                "report \(name) takes " + (accepted.isEmpty ? "no parameters" : accepted.joined(separator: ", "))
            throw ParameterError("--param \(unknown): " + takes, web: "unknown query item \(unknown): " + takes)
        }
        var values: [String: SQLiteValue] = [:]
        let scope = try arguments["region"].map { try RegionScope.resolve($0, field: "region", in: database) }
        if let scope {
            values["region"] = .text(scope.code)
            values["region_lowest"] = .text(scope.lowest)
            values["region_highest"] = .text(scope.highest)
        }
        var periodFilter = ""
        if let from = arguments["from"] {
            values["from"] = .text(try Self.period(from, field: "from").firstDay)
            periodFilter += " AND s.period_start >= :from"
        }
        if let to = arguments["to"] {
            values["to"] = .text(try Self.period(to, field: "to").lastDay)
            periodFilter += " AND s.period_start <= :to"
        }
        if case .text(let first)? = values["from"], case .text(let last)? = values["to"], first > last {
            throw ValidationFailure(
                field: "to", value: arguments["to"] ?? "",
                rule: "the period ends before from \(arguments["from"] ?? "") starts")
        }
        let inRegion = scope == nil ? "" : " AND c.region_code BETWEEN :region_lowest AND :region_highest"

        switch self {
        case .centersByRegion:
            return (scope == nil ? Self.centersByProvinceSQL : Self.centersInsideRegionSQL, values)
        case .centersByKind:
            // Every region code lies in 000000-999999: without --param region the whole index is read.
            values["region_lowest"] = values["region_lowest"] ?? .text("000000")
            values["region_highest"] = values["region_highest"] ?? .text("999999")
            return (Self.centersByKindSQL, values)
        case .industryCoverage:
            return (
                Self.industryCoverageSQL(
                    scope == nil ? "" : " AND t.region_code BETWEEN :region_lowest AND :region_highest"), values
            )
        case .reconcile:
            return (
                (scope == nil ? Self.reconcileSQL : Self.reconcileSQL + Self.reconcileInRegion) + "\nORDER BY code",
                values
            )
        case .caseTotals:
            return (
                Self.caseTotalsSQL(
                    regionJoin: scope == nil ? "" : "JOIN centers AS c ON c.id = s.center_id" + inRegion,
                    inRegion: scope == nil ? "" : " AND t.region_code BETWEEN :region_lowest AND :region_highest",
                    periodFilter: periodFilter, from: values["from"] != nil), values
            )
        case .topCenters:
            let by = arguments["by"] ?? "protection"
            guard by == "protection" || by == "pretrial" else {
                throw ValidationFailure(field: "by", value: by, rule: "by is protection or pretrial")
            }
            let limitText = arguments["limit"] ?? "10"
            guard case .integer(let limit) = QueryParameter.value(of: limitText), limit >= 1 else {
                throw ValidationFailure(field: "limit", value: limitText, rule: "limit is a whole number of at least 1")
            }
            values["limit"] = .integer(limit)
            // A period that holds every row of the registry ranks as no period does, from the
            // kept totals: a pass over millions of rows saved. (Rows of a center deleted with
            // foreign keys off are then left out of the ranking too, as they are of the result.)
            var periodFilter = periodFilter
            if !periodFilter.isEmpty, try Self.periodHoldsEveryRow(values, in: database) {
                periodFilter = ""
                values["from"] = nil
                values["to"] = nil
            }
            return (
                Self.topCentersSQL(
                    rankColumn: by == "pretrial" ? "pretrial_cases" : "protection_cases", inRegion: inRegion,
                    periodFilter: periodFilter), values
            )
        }
    }

    /// True when no statistics row starts before `:from` or after `:to` (two index seeks).
    private static func periodHoldsEveryRow(_ values: [String: SQLiteValue], in database: Database) throws -> Bool {
        let statement = try database.connection.prepare(
            "SELECT (SELECT min(period_start) FROM case_statistics), (SELECT max(period_start) FROM case_statistics)")
        guard try statement.step(), let first = statement.string(0), let last = statement.string(1) else {
            return false
        }
        if case .text(let from)? = values["from"], first < from { return false }
        if case .text(let to)? = values["to"], last > to { return false }
        return true
    }

    private static func period(_ text: String, field: String) throws(ValidationFailure) -> Period {
        guard let period = Period(text) else { throw ValidationFailure(field: field, value: text, rule: Period.rule) }
        return period
    }

    // MARK: SQL

    private static let countsByKind = """
        coalesce(sum(t.centers) FILTER (WHERE t.kind = 'protection'), 0) AS protection,
        coalesce(sum(t.centers) FILTER (WHERE t.kind = 'rapid-protection'), 0) AS rapid_protection,
        coalesce(sum(t.centers) FILTER (WHERE t.kind = 'operation'), 0) AS operation,
        coalesce(sum(t.centers) FILTER (WHERE t.kind = 'tisc'), 0) AS tisc,
        coalesce(sum(t.centers), 0) AS total
        """

    // The three reports of centers read report_center_counts (Migrations/0009): centers per
    // division, kind and status, kept by triggers; its rows of zeros count as no centers.

    /// One row per provincial-level division that has centers.
    // The provinces are the divisions without a parent (the table's CHECK ties level 1 to a NULL
    // parent), found in the parent index: `level = 1` read all 3,215 divisions (150 pages), a
    // tenth of the report's time in a new process.
    private static let centersByProvinceSQL = """
        SELECT d.code AS region_code, (SELECT region_name FROM region_names WHERE code = d.code) AS region_name,
        \(countsByKind)
        FROM divisions AS d
        JOIN report_center_counts AS t ON t.region_code BETWEEN d.code AND substr(d.code, 1, 2) || '9999'
            AND t.status <> 'closed' AND t.centers > 0
        WHERE d.parent_code IS NULL
        GROUP BY d.code
        ORDER BY d.code
        """

    /// One row per division directly inside :region, and one for :region itself when centers sit at its code.
    private static let centersInsideRegionSQL = """
        SELECT d.code AS region_code, (SELECT region_name FROM region_names WHERE code = d.code) AS region_name,
        \(countsByKind)
        FROM divisions AS d
        LEFT JOIN report_center_counts AS t
            ON t.region_code BETWEEN d.code AND \(RegionScope.highestCodeSQL(of: "d.code")) AND t.status <> 'closed'
        WHERE d.parent_code = :region
        GROUP BY d.code
        UNION ALL
        SELECT :region, (SELECT region_name FROM region_names WHERE code = :region),
        \(countsByKind)
        FROM report_center_counts AS t
        WHERE t.region_code = :region AND t.status <> 'closed'
        HAVING coalesce(sum(t.centers), 0) > 0
        ORDER BY region_code
        """

    /// One pass over the region's counts, then one row per kind.
    private static let centersByKindSQL = """
        WITH counts AS (
        SELECT
        \(countsByKind)
        FROM report_center_counts AS t
        WHERE t.region_code BETWEEN :region_lowest AND :region_highest AND t.status <> 'closed')
        SELECT 'protection' AS kind, protection AS centers FROM counts
        UNION ALL SELECT 'rapid-protection', rapid_protection FROM counts
        UNION ALL SELECT 'operation', operation FROM counts
        UNION ALL SELECT 'tisc', tisc FROM counts
        """

    /// Reads report_industry_counts (Migrations/0009): centers per industry, division and kind,
    /// kept by triggers, a few thousand rows instead of every center's industries.
    private static func industryCoverageSQL(_ inRegion: String) -> String {
        """
        SELECT i.code AS industry_code, i.name AS industry_name,
        \(countsByKind)
        FROM industries AS i
        LEFT JOIN report_industry_counts AS t ON t.industry_code = i.code\(inRegion)
        GROUP BY i.code
        ORDER BY total DESC, i.code
        """
    }

    /// Sums and centers per year from report_case_totals (Migrations/0009): rows within one year,
    /// per division and period start, kept by triggers. A year's centers are the rows that are
    /// their center's first of the year, summed over the starts taken; that holds when the year
    /// is taken from its first day, so the year `from` falls inside (after its 1 January) counts
    /// its centers from its own rows. A period that spans years (`2019-04..2022-12`) is never one
    /// year's: such rows are few, all in the partial index case_statistics_spanning_years
    /// (Migrations/0006), and summed under the period itself.
    private static func caseTotalsSQL(regionJoin: String, inRegion: String, periodFilter: String, from: Bool) -> String
    {
        let centers =
            from
            ? """
            CASE WHEN :from <= printf('%04d-01-01', y.year) THEN y.centers
                        ELSE (SELECT count(DISTINCT s.center_id)
                              FROM case_statistics AS s \(regionJoin)
                              WHERE s.period_start <= printf('%04d-12-31', y.year)\(periodFilter)
                                AND substr(s.period_end, 1, 4) = substr(s.period_start, 1, 4)) END
            """ : "y.centers"
        return """
            WITH years AS (
                SELECT CAST(substr(t.period_start, 1, 4) AS INTEGER) AS year,
                       sum(t.row_count) AS row_count, sum(t.centers) AS centers,
                       sum(t.pretrial_cases) AS pretrial_cases, sum(t.pretrial_rows) AS pretrial_rows,
                       sum(t.protection_cases) AS protection_cases, sum(t.protection_rows) AS protection_rows
                FROM report_case_totals AS t
                WHERE 1\(inRegion)\(periodFilter.replacing("s.period_start", with: "t.period_start"))
                GROUP BY year),
            spanning AS (
                SELECT s.center_id AS center_id, s.period AS period,
                       s.pretrial_cases AS pretrial_cases, s.protection_cases AS protection_cases
                FROM case_statistics AS s INDEXED BY case_statistics_spanning_years \(regionJoin)
                WHERE substr(s.period_end, 1, 4) <> substr(s.period_start, 1, 4)\(periodFilter))
            SELECT year, centers, pretrial_cases, protection_cases FROM (
                SELECT y.year AS year, printf('%04d', y.year) AS sort_key,
                       \(centers) AS centers,
                       -- sum() of no number is NULL.
                       CASE WHEN y.pretrial_rows > 0 THEN y.pretrial_cases END AS pretrial_cases,
                       CASE WHEN y.protection_rows > 0 THEN y.protection_cases END AS protection_cases
                FROM years AS y
                WHERE y.row_count > 0
                UNION ALL
                SELECT period, period, count(DISTINCT center_id), sum(pretrial_cases), sum(protection_cases)
                FROM spanning
                GROUP BY period)
            ORDER BY sort_key
            """
    }

    /// Reads the view that holds the rules (Migrations/0006), so `ipreg sql` and Datasette see the same rows.
    private static let reconcileSQL = """
        SELECT code, metric, regions, kinds, period, published, bound, registry, difference, status,
               partial, undated, missing_industries
        FROM figure_reconciliation
        """

    private static let reconcileInRegion = """

        WHERE code IN (SELECT f.code FROM figures AS f JOIN figure_regions AS r ON r.figure_id = f.id
                       WHERE r.region_code BETWEEN :region_lowest AND :region_highest)
        """

    /// Without a period the ranking is read in order from report_center_totals (Migrations/0009):
    /// the first :limit entries of its index. Inside a region, its best centers are looked for
    /// among the first 2,000 of the whole ranking (at 1M centers, a province with 73% of them:
    /// 0.04 s instead of 1.8 s over its centers); when fewer than :limit are there, over the
    /// region's own centers, then few: both ways are exact. With a period, its rows are summed.
    private static func topCentersSQL(rankColumn: String, inRegion: String, periodFilter: String) -> String {
        let ranked: String
        if periodFilter.isEmpty {
            let rows = rankColumn == "pretrial_cases" ? "pretrial_rows" : "protection_rows"
            let columns = """
                r.center_id AS center_id,
                       CASE WHEN r.pretrial_rows > 0 THEN r.pretrial_cases END AS pretrial_cases,
                       CASE WHEN r.protection_rows > 0 THEN r.protection_cases END AS protection_cases
                """
            let order = "ORDER BY r.\(rankColumn) DESC, r.center_id"
            if inRegion.isEmpty {
                ranked = """
                    SELECT \(columns)
                          FROM report_center_totals AS r
                          WHERE r.\(rows) > 0
                          \(order)
                          LIMIT :limit
                    """
            } else {
                ranked = """
                    WITH head AS (
                              SELECT \(columns) FROM report_center_totals AS r
                              WHERE r.\(rows) > 0 \(order) LIMIT 2000),
                          found AS (
                              SELECT head.* FROM head CROSS JOIN centers AS c ON c.id = head.center_id
                              WHERE 1\(inRegion)
                              ORDER BY head.\(rankColumn) DESC, head.center_id
                              LIMIT :limit)
                          SELECT * FROM found WHERE (SELECT count(*) FROM found) >= :limit
                          UNION ALL
                          SELECT * FROM (
                              SELECT \(columns)
                              FROM centers AS c CROSS JOIN report_center_totals AS r ON r.center_id = c.id
                              -- A condition on no row: checked once, before any center is read.
                              WHERE (SELECT count(*) FROM found) < :limit AND r.\(rows) > 0\(inRegion)
                              \(order)
                              LIMIT :limit)
                    """
            }
        } else {
            ranked = """
                SELECT s.center_id AS center_id,
                             sum(s.pretrial_cases) AS pretrial_cases, sum(s.protection_cases) AS protection_cases
                      FROM case_statistics AS s\(inRegion.isEmpty ? "" : " JOIN centers AS c ON c.id = s.center_id")
                      WHERE 1\(inRegion)\(periodFilter)
                      GROUP BY s.center_id
                      HAVING sum(s.\(rankColumn)) IS NOT NULL
                      ORDER BY \(rankColumn) DESC, s.center_id
                      LIMIT :limit
                """
        }
        return """
            SELECT c.code AS code, c.name AS name, c.kind AS kind,
                   (SELECT region_name FROM region_names WHERE code = c.region_code) AS region_name,
                   t.pretrial_cases AS pretrial_cases, t.protection_cases AS protection_cases
            FROM (\(ranked)) AS t
            JOIN centers AS c ON c.id = t.center_id
            ORDER BY t.\(rankColumn) DESC, c.code
            """
    }
}
