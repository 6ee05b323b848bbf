// The six reports every registry has (SPEC.md section 2): their columns, their parameters,
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
            return (Self.industryCoverageSQL(inRegion), values)
        case .reconcile:
            return (
                (scope == nil ? Self.reconcileSQL : Self.reconcileSQL + Self.reconcileInRegion) + "\nORDER BY code",
                values
            )
        case .caseTotals:
            return (
                Self.caseTotalsSQL(
                    regionJoin: scope == nil ? "" : "JOIN centers AS c ON c.id = s.center_id" + inRegion,
                    periodFilter: periodFilter), values
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
            return (
                Self.topCentersSQL(
                    rankColumn: by == "pretrial" ? "pretrial_cases" : "protection_cases",
                    regionJoin: scope == nil ? "" : "JOIN centers AS c ON c.id = s.center_id" + inRegion,
                    periodFilter: periodFilter), values
            )
        }
    }

    private static func period(_ text: String, field: String) throws(ValidationFailure) -> Period {
        guard let period = Period(text) else { throw ValidationFailure(field: field, value: text, rule: Period.rule) }
        return period
    }

    // MARK: SQL

    private static let countsByKind = """
        count(c.id) FILTER (WHERE c.kind = 'protection') AS protection,
        count(c.id) FILTER (WHERE c.kind = 'rapid-protection') AS rapid_protection,
        count(c.id) FILTER (WHERE c.kind = 'operation') AS operation,
        count(c.id) FILTER (WHERE c.kind = 'tisc') AS tisc,
        count(c.id) AS total
        """

    /// One row per provincial-level division that has centers.
    private static let centersByProvinceSQL = """
        SELECT d.code AS region_code, (SELECT region_name FROM region_names WHERE code = d.code) AS region_name,
        \(countsByKind)
        FROM divisions AS d
        JOIN centers AS c ON c.region_code BETWEEN d.code AND substr(d.code, 1, 2) || '9999' AND c.status <> 'closed'
        WHERE d.level = 1
        GROUP BY d.code
        ORDER BY d.code
        """

    /// One row per division directly inside :region, and one for :region itself when centers sit at its code.
    private static let centersInsideRegionSQL = """
        SELECT d.code AS region_code, (SELECT region_name FROM region_names WHERE code = d.code) AS region_name,
        \(countsByKind)
        FROM divisions AS d
        LEFT JOIN centers AS c ON c.region_code BETWEEN d.code AND \(RegionScope.highestCodeSQL(of: "d.code")) AND c.status <> 'closed'
        WHERE d.parent_code = :region
        GROUP BY d.code
        UNION ALL
        SELECT :region, (SELECT region_name FROM region_names WHERE code = :region),
        \(countsByKind)
        FROM centers AS c
        WHERE c.region_code = :region AND c.status <> 'closed'
        HAVING count(c.id) > 0
        ORDER BY region_code
        """

    /// One pass over the region's range of the (region_code, kind, status) index, then one row per kind.
    private static let centersByKindSQL = """
        WITH counts AS (
        SELECT
        \(countsByKind)
        FROM centers AS c
        WHERE c.region_code BETWEEN :region_lowest AND :region_highest AND c.status <> 'closed')
        SELECT 'protection' AS kind, protection AS centers FROM counts
        UNION ALL SELECT 'rapid-protection', rapid_protection FROM counts
        UNION ALL SELECT 'operation', operation FROM counts
        UNION ALL SELECT 'tisc', tisc FROM counts
        """

    private static func industryCoverageSQL(_ inRegion: String) -> String {
        """
        SELECT i.code AS industry_code, i.name AS industry_name,
        \(countsByKind)
        FROM industries AS i
        LEFT JOIN center_industries AS ci ON ci.industry_code = i.code
        LEFT JOIN centers AS c ON c.id = ci.center_id AND c.status <> 'closed'\(inRegion)
        GROUP BY i.code
        ORDER BY total DESC, i.code
        """
    }

    /// Sums per period start read in index order (no sort), then per year; the centers of a
    /// year are counted over that year's range of the same index. A period that spans years
    /// (`2019-04..2022-12`) is never one year's: its rows are summed under the period itself.
    /// Such rows are few and all in the partial index case_statistics_spanning_years
    /// (Migrations/0006), so they are read from there and taken out of the years they start in,
    /// rather than tested row by row (1M rows: that test made the report 1.7 times slower).
    private static func caseTotalsSQL(regionJoin: String, periodFilter: String) -> String {
        """
        WITH starts AS (
            SELECT s.period_start AS period_start,
                   sum(s.pretrial_cases) AS pretrial_cases, sum(s.protection_cases) AS protection_cases,
                   count(*) AS rows, count(s.pretrial_cases) AS pretrial_rows, count(s.protection_cases) AS protection_rows
            FROM case_statistics AS s \(regionJoin)
            WHERE 1\(periodFilter)
            GROUP BY s.period_start),
        years AS (
            SELECT CAST(substr(period_start, 1, 4) AS INTEGER) AS year,
                   sum(pretrial_cases) AS pretrial_cases, sum(protection_cases) AS protection_cases,
                   sum(rows) AS rows, sum(pretrial_rows) AS pretrial_rows, sum(protection_rows) AS protection_rows
            FROM starts
            GROUP BY year),
        spanning AS (
            SELECT s.center_id AS center_id, s.period AS period, s.period_start AS period_start,
                   s.pretrial_cases AS pretrial_cases, s.protection_cases AS protection_cases
            FROM case_statistics AS s INDEXED BY case_statistics_spanning_years \(regionJoin)
            WHERE substr(s.period_end, 1, 4) <> substr(s.period_start, 1, 4)\(periodFilter)),
        -- What the spanning rows added to the years they start in, and the centers that were in
        -- such a year through a spanning row alone (a center has at most one: periods never overlap).
        spanning_years AS (
            SELECT CAST(substr(sp.period_start, 1, 4) AS INTEGER) AS year,
                   sum(sp.pretrial_cases) AS pretrial_cases, sum(sp.protection_cases) AS protection_cases,
                   count(*) AS rows, count(sp.pretrial_cases) AS pretrial_rows, count(sp.protection_cases) AS protection_rows,
                   count(*) FILTER (WHERE NOT EXISTS (
                       SELECT 1 FROM case_statistics AS o
                       WHERE o.center_id = sp.center_id
                         AND o.period_start BETWEEN substr(sp.period_start, 1, 4) || '-01-01' AND substr(sp.period_start, 1, 4) || '-12-31'
                         AND substr(o.period_end, 1, 4) = substr(o.period_start, 1, 4)\(periodFilter.replacing("s.period_start", with: "o.period_start")))) AS only_spanning
            FROM spanning AS sp
            GROUP BY year)
        SELECT year, centers, pretrial_cases, protection_cases FROM (
            SELECT y.year AS year, printf('%04d', y.year) AS sort_key,
                   (SELECT count(DISTINCT s.center_id)
                    FROM case_statistics AS s \(regionJoin)
                    WHERE s.period_start BETWEEN printf('%04d-01-01', y.year) AND printf('%04d-12-31', y.year)\(periodFilter))
                       - coalesce(p.only_spanning, 0) AS centers,
                   -- sum() of no number is NULL; so is what is left when only spanning rows gave one.
                   CASE WHEN y.pretrial_rows > coalesce(p.pretrial_rows, 0)
                        THEN y.pretrial_cases - coalesce(p.pretrial_cases, 0) END AS pretrial_cases,
                   CASE WHEN y.protection_rows > coalesce(p.protection_rows, 0)
                        THEN y.protection_cases - coalesce(p.protection_cases, 0) END AS protection_cases
            FROM years AS y LEFT JOIN spanning_years AS p ON p.year = y.year
            -- A year whose rows all span years has no row of its own.
            WHERE y.rows > coalesce(p.rows, 0)
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

    private static func topCentersSQL(rankColumn: String, regionJoin: String, periodFilter: String) -> String {
        """
        SELECT c.code AS code, c.name AS name, c.kind AS kind,
               (SELECT region_name FROM region_names WHERE code = c.region_code) AS region_name,
               t.pretrial_cases AS pretrial_cases, t.protection_cases AS protection_cases
        FROM (SELECT s.center_id AS center_id,
                     sum(s.pretrial_cases) AS pretrial_cases, sum(s.protection_cases) AS protection_cases
              FROM case_statistics AS s \(regionJoin)
              WHERE 1\(periodFilter)
              GROUP BY s.center_id
              HAVING sum(s.\(rankColumn)) IS NOT NULL
              ORDER BY \(rankColumn) DESC, s.center_id
              LIMIT :limit) AS t
        JOIN centers AS c ON c.id = t.center_id
        ORDER BY t.\(rankColumn) DESC, c.code
        """
    }
}
