// The report totals (Migrations/0009) during a bulk import of centers: the triggers that count
// each new center and each of its industries one row at a time cost a third of the import's
// time (100k centers: 4.7 s of CPU against 3.5 s), so they are set aside and every center above
// the last id before the import is counted at the end, one grouped statement per table.
import SQLiteDB

enum ReportTotals {
    static let centerInsertTriggers = [
        "report_center_counts_insert", "report_totals_center_insert", "report_industry_counts_insert",
    ]

    /// Runs `body` (inside the caller's transaction: a rollback restores everything) with the
    /// triggers set aside, then counts the centers above `lastIDBefore`. An industry linked
    /// meanwhile to a center that was there before is counted as the trigger counts it.
    static func deferringNewCenters<Result>(
        in db: Connection, lastIDBefore: Int64, _ body: () throws -> Result
    ) throws -> Result {
        try db.withoutTriggers(centerInsertTriggers) {
            try db.execute(
                """
                CREATE TEMP TABLE ipreg_bulk_last_id (id INTEGER NOT NULL);
                CREATE TEMP TRIGGER ipreg_bulk_industry_insert AFTER INSERT ON main.center_industries
                WHEN NEW.center_id <= (SELECT id FROM temp.ipreg_bulk_last_id)
                BEGIN
                    INSERT INTO report_industry_counts (industry_code, region_code, kind, centers)
                    SELECT NEW.industry_code, region_code, kind, 1 FROM centers
                    WHERE id = NEW.center_id AND status <> 'closed'
                    ON CONFLICT DO UPDATE SET centers = centers + 1;
                END;
                """)
            try db.execute("INSERT INTO temp.ipreg_bulk_last_id (id) VALUES (?)", [.integer(lastIDBefore)])
            let result = try body()
            try db.execute("DROP TRIGGER temp.ipreg_bulk_industry_insert; DROP TABLE temp.ipreg_bulk_last_id")
            try countCenters(after: lastIDBefore, in: db)
            return result
        }
    }

    /// What the set-aside triggers would have done for each center above `lastID`: count it, count
    /// its industries, and move statistics already linked to its id (left by a delete with
    /// foreign keys off; an import of centers writes none) from no division ('') to its own.
    private static func countCenters(after lastID: Int64, in db: Connection) throws {
        let id = SQLiteValue.integer(lastID)
        try db.execute(
            """
            INSERT INTO report_center_counts (region_code, kind, status, centers)
            SELECT region_code, kind, status, count(*) FROM centers WHERE id > ? GROUP BY region_code, kind, status
            ON CONFLICT DO UPDATE SET centers = centers + excluded.centers
            """, [id])
        try db.execute(
            """
            INSERT INTO report_industry_counts (industry_code, region_code, kind, centers)
            SELECT ci.industry_code, c.region_code, c.kind, count(*)
            FROM centers AS c JOIN center_industries AS ci ON ci.center_id = c.id
            WHERE c.id > ? AND c.status <> 'closed'
            GROUP BY ci.industry_code, c.region_code, c.kind
            ON CONFLICT DO UPDATE SET centers = centers + excluded.centers
            """, [id])
        for (region, sign) in [("''", "-"), ("c.region_code", "")] {
            try db.execute(
                """
                INSERT INTO report_case_totals
                SELECT \(region), s.period_start, \(sign)count(*), \(sign)coalesce(sum(s.pretrial_cases), 0),
                       \(sign)count(s.pretrial_cases), \(sign)coalesce(sum(s.protection_cases), 0),
                       \(sign)count(s.protection_cases),
                       \(sign)count(*) FILTER (WHERE NOT EXISTS (
                           SELECT 1 FROM case_statistics AS e
                           WHERE e.center_id = s.center_id
                             AND e.period_start >= substr(s.period_start, 1, 4) || '-01-01'
                             AND e.period_start < s.period_start
                             AND substr(e.period_end, 1, 4) = substr(e.period_start, 1, 4)))
                FROM centers AS c JOIN case_statistics AS s ON s.center_id = c.id
                WHERE c.id > ? AND substr(s.period_end, 1, 4) = substr(s.period_start, 1, 4)
                GROUP BY 1, 2
                ON CONFLICT DO UPDATE SET
                    row_count = row_count + excluded.row_count, pretrial_cases = pretrial_cases + excluded.pretrial_cases,
                    pretrial_rows = pretrial_rows + excluded.pretrial_rows,
                    protection_cases = protection_cases + excluded.protection_cases,
                    protection_rows = protection_rows + excluded.protection_rows, centers = centers + excluded.centers
                """, [id])
        }
    }
}
