// The web view's trends (docs/web.md, "Trends"): cases accepted per year for the whole registry
// and per provincial-level division, per month where the statistics are monthly, and centers
// approved and opened per year by kind. Cases come from report_case_totals (Migrations/0009), a
// few thousand rows kept by triggers, so that 5M statistics rows are never read; a period that
// spans years belongs to no year and is left out, as case-totals gives it a row of its own.
import SQLiteDB

public struct Trends: Sendable, Equatable {
    /// One year's (or one month's) cases in one place: nil where no row gave a number.
    public struct Cases: Sendable, Equatable {
        /// A provincial-level division's code, or "" for the whole registry.
        public var regionCode: String
        /// `2023` or `2023-05`.
        public var period: String
        public var pretrial: Int?
        public var protection: Int?
    }

    /// Centers of one kind approved and opened in one year (a date's first four digits).
    public struct Centers: Sendable, Equatable {
        public var year: Int
        public var kind: String
        public var approved: Int
        public var opened: Int
    }

    public struct Province: Sendable, Equatable {
        public var code: String
        public var name: String
        public var nameEnglish: String?
    }

    /// The provincial-level divisions that have cases, in code order.
    public var provinces: [Province]
    /// Per year: the whole registry's rows (regionCode "") then each province's.
    public var years: [Cases]
    /// Per month of the whole registry, over the years whose statistics are monthly.
    public var months: [Cases]
    public var centers: [Centers]

    /// Whether the rows of a period start are one month's: report_case_totals keeps period
    /// starts, not ends, so a year is monthly when its rows start in more months than a
    /// quarterly year can (January, April, July and October).
    static let monthlyAfterStarts = 4

    public static func read(in database: Database) throws -> Trends {
        let connection = try database.connection
        var trends = Trends(provinces: [], years: [], months: [], centers: [])
        // Sums per province and year; a division code's first two digits name its province.
        let byProvince = try connection.prepare(
            """
            SELECT substr(t.region_code, 1, 2) || '0000' AS province, substr(t.period_start, 1, 4) AS year,
                   sum(t.pretrial_cases), sum(t.pretrial_rows), sum(t.protection_cases), sum(t.protection_rows)
            FROM report_case_totals AS t
            WHERE t.row_count > 0 AND t.region_code <> ''
            GROUP BY 1, 2
            ORDER BY 1, 2
            """)
        var region: [String: (pretrial: Int?, protection: Int?)] = [:]
        func add(_ a: Int?, _ b: Int?) -> Int? { a == nil && b == nil ? nil : (a ?? 0) + (b ?? 0) }
        var provinceCodes: [String] = []
        while try byProvince.step() {
            let pretrial = byProvince.int(3) > 0 ? byProvince.int(2) : nil
            let protection = byProvince.int(5) > 0 ? byProvince.int(4) : nil
            let cases = Cases(
                regionCode: byProvince.text(0), period: byProvince.text(1), pretrial: pretrial, protection: protection)
            trends.years.append(cases)
            if provinceCodes.last != cases.regionCode { provinceCodes.append(cases.regionCode) }
            let sum = region[cases.period] ?? (nil, nil)
            region[cases.period] = (add(sum.pretrial, pretrial), add(sum.protection, protection))
        }
        // Rows whose center is missing (region '') count for the registry, not for a province.
        let orphans = try connection.prepare(
            """
            SELECT substr(period_start, 1, 4), sum(pretrial_cases), sum(pretrial_rows), sum(protection_cases),
                   sum(protection_rows)
            FROM report_case_totals WHERE region_code = '' AND row_count > 0 GROUP BY 1
            """)
        while try orphans.step() {
            let sum = region[orphans.text(0)] ?? (nil, nil)
            region[orphans.text(0)] = (
                add(sum.pretrial, orphans.int(2) > 0 ? orphans.int(1) : nil),
                add(sum.protection, orphans.int(4) > 0 ? orphans.int(3) : nil)
            )
        }
        trends.years.insert(
            contentsOf: region.keys.sorted().map { year in
                Cases(
                    regionCode: "", period: year, pretrial: region[year]?.pretrial, protection: region[year]?.protection
                )
            }, at: 0)
        let names = try connection.prepare("SELECT name, name_en FROM divisions WHERE code = ?")
        for code in provinceCodes {
            names.reset()
            try names.bind(.text(code), at: 1)
            let found = try names.step()
            trends.provinces.append(
                Province(code: code, name: found ? names.text(0) : code, nameEnglish: found ? names.string(1) : nil))
        }
        let months = try connection.prepare(
            """
            WITH m AS (
                SELECT substr(period_start, 1, 7) AS month, sum(pretrial_cases) AS pretrial,
                       sum(pretrial_rows) AS pretrial_rows, sum(protection_cases) AS protection,
                       sum(protection_rows) AS protection_rows
                FROM report_case_totals WHERE row_count > 0 GROUP BY 1)
            SELECT month, pretrial, pretrial_rows, protection, protection_rows FROM m
            WHERE substr(month, 1, 4) IN (SELECT substr(month, 1, 4) FROM m GROUP BY 1 HAVING count(*) > ?)
            ORDER BY month
            """)
        try months.bind(.integer(Int64(Self.monthlyAfterStarts)), at: 1)
        while try months.step() {
            trends.months.append(
                Cases(
                    regionCode: "", period: months.text(0), pretrial: months.int(2) > 0 ? months.int(1) : nil,
                    protection: months.int(4) > 0 ? months.int(3) : nil))
        }
        // Every center's two dates, once: at 1M centers a scan of the table, which the web view
        // keeps per registry state (SnapshotMemo) rather than repeating per request.
        let centers = try connection.prepare(
            """
            SELECT year, kind, sum(approved), sum(opened) FROM (
                SELECT CAST(substr(approved, 1, 4) AS INTEGER) AS year, kind, 1 AS approved, 0 AS opened
                FROM centers WHERE approved IS NOT NULL
                UNION ALL
                SELECT CAST(substr(opened, 1, 4) AS INTEGER), kind, 0, 1 FROM centers WHERE opened IS NOT NULL)
            GROUP BY year, kind
            ORDER BY year, kind
            """)
        while try centers.step() {
            trends.centers.append(
                Centers(year: centers.int(0), kind: centers.text(1), approved: centers.int(2), opened: centers.int(3)))
        }
        return trends
    }
}
