// The totals industry-coverage, case-totals and top-centers read (Migrations/0009): after every
// kind of write another client may make, each table equals what its `_expected` view computes
// from the rows, the reports answer what the rows say, and `ipreg check` sees a total gone stale.
import IPRegistry
import SQLiteDB
import Testing

@Suite struct ReportTotalsTests {
    static let tables = [
        ("report_center_counts", "centers <> 0"),
        ("report_industry_counts", "centers <> 0"),
        ("report_case_totals", "row_count <> 0 OR centers <> 0"),
        ("report_center_totals", "pretrial_rows <> 0 OR protection_rows <> 0"),
    ]

    /// The tables that hold rows their view does not compute, or lack some it does.
    private func differences(_ fixture: ReportFixture) throws -> [String] {
        var found: [String] = []
        for (table, kept) in Self.tables {
            let rows = try fixture.query(
                """
                SELECT count(*) FROM (
                    SELECT * FROM (SELECT * FROM \(table) WHERE \(kept)
                                   EXCEPT SELECT * FROM \(table)_expected WHERE \(kept))
                    UNION ALL
                    SELECT * FROM (SELECT * FROM \(table)_expected WHERE \(kept)
                                   EXCEPT SELECT * FROM \(table) WHERE \(kept)))
                """)
            if rows.first?.first != .integer(0) { found.append(table) }
        }
        return found
    }

    private func count(_ fixture: ReportFixture, _ sql: String) throws -> Cell? { try fixture.query(sql).first?.first }

    @Test func theMigrationFillsTheTotalsFromTheRowsAlreadyThere() throws {
        let fixture = try ReportFixture()
        #expect(try differences(fixture).isEmpty)
        #expect(try count(fixture, "SELECT count(*) FROM report_industry_counts WHERE centers > 0") == .integer(4))
        #expect(try count(fixture, "SELECT sum(row_count) FROM report_case_totals") == .integer(7))
    }

    /// Each write another client may make, with foreign keys on and off, one after the other:
    /// the totals stay equal to their views after every one.
    @Test(arguments: [true, false])
    func everyWriteKeepsTheTotalsEqualToTheRows(foreignKeys: Bool) throws {
        let fixture = try ReportFixture()
        let db = try fixture.registry.outsideConnection()
        try db.execute("PRAGMA foreign_keys = \(foreignKeys ? "ON" : "OFF")")
        let writes = [
            // a center's industries and statistics come and go
            "INSERT INTO center_industries VALUES (1, 'photovoltaics'), (8, 'cybersecurity')",
            "DELETE FROM center_industries WHERE center_id = 4 AND industry_code = 'cybersecurity'",
            "UPDATE center_industries SET industry_code = 'biomedicine' "
                + "WHERE center_id = 8 AND industry_code = 'photovoltaics'",
            """
            INSERT INTO case_statistics (center_id, period, period_start, period_end, pretrial_cases, protection_cases)
            VALUES (1, '2023-08', '2023-08-01', '2023-08-31', 1, 1)
            """,
            // a row earlier in the year than the center's first: it becomes the first
            """
            INSERT INTO case_statistics (center_id, period, period_start, period_end, pretrial_cases, protection_cases)
            VALUES (4, '2024-01', '2024-01-01', '2024-01-31', NULL, 9)
            """,
            "UPDATE case_statistics SET period = '2023-Q4', period_start = '2023-10-01', period_end = '2023-12-31' "
                + "WHERE center_id = 1 AND period = '2023-Q1'",
            "UPDATE case_statistics SET center_id = 2, pretrial_cases = 50 WHERE center_id = 1 AND period = '2022'",
            "DELETE FROM case_statistics WHERE center_id = 4 AND period = '2024-01'",
            // a period that spans years counts in no year, then in one
            "UPDATE case_statistics SET period_end = '2025-02-28' WHERE center_id = 4 AND period = '2024-05'",
            "UPDATE case_statistics SET period_end = '2024-05-31' WHERE center_id = 4 AND period = '2024-05'",
            // a center moves, changes kind, closes, reopens, changes its id, goes away
            "UPDATE centers SET region_code = '110108' WHERE id = 1",
            "UPDATE centers SET kind = 'tisc', status = 'closed' WHERE id = 8",
            "UPDATE centers SET status = 'operating' WHERE id = 5",
            "UPDATE centers SET id = 40 WHERE id = 6",
            "DELETE FROM centers WHERE id = 1",
            "DELETE FROM centers WHERE id = 4",
            // a new center takes the id a deleted one left rows under (foreign keys off)
            """
            INSERT INTO centers (id, code, name, kind, status, region_code, created_at, updated_at)
            VALUES (4, 'NEW', '新中心', 'protection', 'operating', '120116', 't', 't')
            """,
            "DELETE FROM case_statistics",
            "DELETE FROM center_industries",
        ]
        for sql in writes {
            do {
                try db.execute(sql)
            } catch {
                // Foreign keys refuse an id change under statistics; nothing changed then.
                #expect(foreignKeys && sql.contains("SET id"), "\(sql): \(error)")
            }
            #expect(try differences(fixture).isEmpty, "after \(sql)")
        }
    }

    @Test func caseTotalsCountsTheCentersOfAYearTakenAfterItsFirstDayFromItsRows() throws {
        // PB has 2023-Q1 and 2023-Q2: from 2023-Q2, its first row of 2023 is left out, yet it
        // is one of 2023's centers; OX and OH start 2023 on 1 January, before from.
        let fixture = try ReportFixture()
        #expect(
            try fixture.rows("case-totals", ["from": "2023-Q2"])
                == [
                    [.integer(2023), .integer(1), .integer(20), .null],
                    [.integer(2024), .integer(1), .integer(3), .integer(4)],
                ])
        #expect(
            try fixture.rows("case-totals", ["from": "2023-Q2", "to": "2023-Q2", "region": "110000"])
                == [[.integer(2023), .integer(1), .integer(20), .null]])
    }

    @Test func topCentersInsideARegionIsTheSameWhicheverWayItIsFound() throws {
        // Up to :limit from the head of the whole ranking, or else from the region's own centers.
        let fixture = try ReportFixture()
        let all = try fixture.rows("top-centers", ["region": "130000"])
        #expect(all.map { $0.first } == [.text("OX"), .text("OH")])
        for limit in 1...all.count {
            #expect(
                try fixture.rows("top-centers", ["region": "130000", "limit": "\(limit)"]) == Array(all.prefix(limit)))
        }
    }

    @Test func theReportsReadTheTotalsNotTheRows() throws {
        // A total changed by hand shows in the reports (and `check` names it): proof that the
        // reports read the totals, so that the tests of their answers test the totals too.
        let fixture = try ReportFixture()
        let before = try fixture.rows("industry-coverage")
        try fixture.registry.outsideConnection().execute(
            """
            UPDATE report_industry_counts SET centers = centers + 10 WHERE industry_code = 'photovoltaics';
            UPDATE report_center_totals SET protection_cases = 1000 WHERE center_id = 6;
            UPDATE report_case_totals SET pretrial_cases = pretrial_cases + 1000 WHERE period_start = '2021-01-01';
            """)
        #expect(try fixture.rows("industry-coverage") != before)
        #expect(try fixture.rows("top-centers").first?.first == .text("TT"))
        #expect(try fixture.rows("case-totals").first == [.integer(2021), .integer(1), .integer(1001), .integer(2)])
        let results = RegistryCheck(registry: fixture.registry).run()
        let totals = try #require(results.first { $0.name == "report-totals" })
        #expect(!totals.passed)
        #expect(totals.problemCount == 3)
        #expect(totals.detail.contains("rebuild them in one transaction: DELETE FROM report_industry_counts;"))
    }

    @Test func theRebuildTheCheckSuggestsMakesTheTotalsRightAgain() throws {
        let fixture = try ReportFixture()
        let db = try fixture.registry.outsideConnection()
        try db.execute("DELETE FROM report_case_totals; DELETE FROM report_industry_counts")
        #expect(try differences(fixture) == ["report_industry_counts", "report_case_totals"])
        try db.execute(
            """
            BEGIN;
            DELETE FROM report_industry_counts;
            INSERT INTO report_industry_counts SELECT * FROM report_industry_counts_expected;
            DELETE FROM report_case_totals; INSERT INTO report_case_totals SELECT * FROM report_case_totals_expected;
            COMMIT;
            """)
        #expect(try differences(fixture).isEmpty)
        #expect(RegistryCheck(registry: fixture.registry).run().first { $0.name == "report-totals" }?.passed == true)
    }
}
