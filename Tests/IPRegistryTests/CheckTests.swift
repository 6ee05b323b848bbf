// `RegistryCheck`: a sound registry passes every check; each way of breaking one is caught by name.
// Registries are broken with direct SQL, foreign keys off or a trigger set aside, as a bug or
// another tool could break them.
import Foundation
import SQLiteDB
import Testing

@testable import IPRegistry

@Suite struct CheckTests {
    @Test func aSoundRegistryPassesEveryCheckInOrder() throws {
        let scratch = try CheckScratch()
        try scratch.addCenter("BJ-1", region: "110105", name: "北京知识产权保护中心")
        try scratch.addCenter("TJ-1", region: "120000", name: "天津市知识产权保护中心")
        try scratch.addStatistic(center: "BJ-1", period: "2023", start: "2023-01-01", end: "2023-12-31")
        try scratch.addStatistic(center: "BJ-1", period: "2024-01", start: "2024-01-01", end: "2024-01-31")
        let results = scratch.check()
        #expect(results.map(\.name) == RegistryCheck.names)
        #expect(results.allSatisfy { $0.passed && $0.detail == "ok" }, "\(results.filter { !$0.passed })")
    }

    @Test func anEmptyRegistryPassesEveryCheck() throws {
        let scratch = try CheckScratch()
        #expect(scratch.failedChecks() == [])
    }

    @Test func integrityFailsOnARowThatBreaksACheckConstraint() throws {
        let scratch = try CheckScratch()
        try scratch.addCenter("BJ-1", region: "110000")
        try scratch.db.execute(
            """
            PRAGMA ignore_check_constraints = ON;
            UPDATE centers SET status = 'dormant' WHERE code = 'BJ-1';
            PRAGMA ignore_check_constraints = OFF;
            """)
        #expect(scratch.failedChecks() == ["integrity"])
        #expect(scratch.detail("integrity").contains("CHECK constraint failed in centers"))
    }

    @Test func foreignKeysFailOnStatisticsOfAMissingCenter() throws {
        let scratch = try CheckScratch()
        try scratch.db.execute(
            """
            PRAGMA foreign_keys = OFF;
            INSERT INTO case_statistics (center_id, period, period_start, period_end, pretrial_cases)
            VALUES (999, '2023', '2023-01-01', '2023-12-31', 5);
            """)
        #expect(scratch.failedChecks() == ["foreign-keys"])
        #expect(scratch.detail("foreign-keys").contains("case_statistics row"))
    }

    @Test func centerDivisionsFailForACenterInAnUnknownDivision() throws {
        let scratch = try CheckScratch()
        try scratch.addCenter("BJ-1", region: "110000")
        try scratch.db.execute(
            "PRAGMA foreign_keys = OFF; UPDATE centers SET region_code = '990000' WHERE code = 'BJ-1'")
        #expect(scratch.failedChecks() == ["foreign-keys", "center-divisions"])
        #expect(scratch.detail("center-divisions") == "center BJ-1: region_code 990000 is no division of the registry")
    }

    @Test func statisticsOverlapFailsForTwoPeriodsThatShareDays() throws {
        let scratch = try CheckScratch()
        try scratch.addCenter("BJ-1", region: "110000")
        try scratch.addStatistic(center: "BJ-1", period: "2023", start: "2023-01-01", end: "2023-12-31")
        try scratch.withoutTrigger("case_statistics_no_overlap_insert") {
            try scratch.addStatistic(center: "BJ-1", period: "2023-05", start: "2023-05-01", end: "2023-05-31")
        }
        #expect(scratch.failedChecks() == ["statistics-overlap"])
        #expect(scratch.detail("statistics-overlap") == "center BJ-1: periods 2023 and 2023-05 overlap")
    }

    @Test func searchIndexFailsWhenACenterWasNeverIndexed() throws {
        let scratch = try CheckScratch()
        try scratch.addCenter("BJ-1", region: "110000")
        try scratch.withoutTrigger("centers_search_after_insert") {
            try scratch.addCenter("BJ-2", region: "110000", name: "北京市海淀区知识产权运营中心")
        }
        #expect(scratch.failedChecks() == ["search-index"])
        #expect(
            scratch.detail("search-index")
                == "center BJ-2 (row 2): the index does not match its name, name_en, host, address; "
                + "rebuild the index: INSERT INTO centers_search (centers_search) VALUES ('rebuild')")
    }

    @Test func searchIndexFailsWhenAnIndexedNameIsStale() throws {
        let scratch = try CheckScratch()
        try scratch.addCenter("BJ-1", region: "110000", name: "北京知识产权保护中心")
        try scratch.withoutTrigger("centers_search_after_update") {
            try scratch.db.execute("UPDATE centers SET name = '中国（北京）知识产权保护中心' WHERE code = 'BJ-1'")
        }
        #expect(scratch.failedChecks() == ["search-index"])
        #expect(scratch.detail("search-index").hasPrefix("center BJ-1 (row 1): the index does not match"))
    }

    @Test func searchIndexFailsWhenTheIndexHoldsARowThatIsNoCenter() throws {
        let scratch = try CheckScratch()
        try scratch.addCenter("BJ-1", region: "110000")
        try scratch.db.execute("INSERT INTO centers_search (rowid, name) VALUES (4242, 'a ghost of a center')")
        #expect(scratch.failedChecks() == ["search-index"])
        #expect(scratch.detail("search-index").contains("row 4242 is in the index but is no center"))
    }

    @Test func searchIndexPassesAgainAfterARebuild() throws {
        let scratch = try CheckScratch()
        try scratch.withoutTrigger("centers_search_after_insert") {
            try scratch.addCenter("BJ-1", region: "110000")
        }
        #expect(scratch.failedChecks() == ["search-index"])
        try scratch.db.execute("INSERT INTO centers_search (centers_search) VALUES ('rebuild')")
        #expect(scratch.failedChecks() == [])
    }

    @Test func historyFailsForACenterWithoutHistory() throws {
        let scratch = try CheckScratch()
        try scratch.addCenter("BJ-1", region: "110000")
        try scratch.db.execute("DELETE FROM center_history WHERE center_code = 'BJ-1'")
        #expect(scratch.failedChecks() == ["history"])
        #expect(scratch.detail("history") == "center BJ-1 has no history")
    }

    @Test func historyFailsForARemovalThatWasNotRecorded() throws {
        let scratch = try CheckScratch()
        try scratch.addCenter("BJ-1", region: "110000")
        // Inside an ipreg write the triggers are quiet, and this write records nothing itself.
        try scratch.registry.write { db in try db.connection.execute("DELETE FROM centers WHERE code = 'BJ-1'") }
        #expect(scratch.failedChecks() == ["history"])
        #expect(scratch.detail("history").contains("center BJ-1 is missing, yet its latest history entry"))
    }

    @Test func historyPassesForARemovalByAnotherClient() throws {
        let scratch = try CheckScratch()
        try scratch.addCenter("BJ-1", region: "110000")
        try scratch.db.execute("PRAGMA foreign_keys = OFF; DELETE FROM centers WHERE code = 'BJ-1'")
        #expect(scratch.failedChecks() == [])
        #expect(try scratch.db.scalarText("SELECT change FROM center_history ORDER BY id DESC LIMIT 1") == "external")
    }

    @Test func historyFailsWhileARowOfIpregWritingSilencesTheTriggers() throws {
        let scratch = try CheckScratch()
        try scratch.db.execute("INSERT INTO ipreg_writing (writer) VALUES (1)")
        #expect(scratch.failedChecks() == ["history"])
        #expect(scratch.detail("history").hasPrefix("ipreg_writing holds a row outside any ipreg write"))
    }

    @Test func historyFailsForACenterWhoseLatestEntryRemovedIt() throws {
        let scratch = try CheckScratch()
        try scratch.addCenter("BJ-1", region: "110000")
        try scratch.db.execute(
            """
            INSERT INTO center_history (center_code, changed_at, change, before, after)
            VALUES ('BJ-1', '2024-01-01T00:00:00Z', 'remove', '{"code":"BJ-1"}', NULL)
            """)
        #expect(scratch.failedChecks() == ["history"])
        #expect(scratch.detail("history").contains("records it as removed"))
    }

    @Test func historyFailsWhenAnEntryRecordsAnotherCenter() throws {
        let scratch = try CheckScratch()
        try scratch.addCenter("BJ-1", region: "110000")
        try scratch.db.execute("UPDATE center_history SET after = json_set(after, '$.code', 'BJ-2')")
        #expect(scratch.failedChecks() == ["history"])
        #expect(scratch.detail("history") == "history entry #1 (add) of center BJ-1 records another code, BJ-2")
    }

    @Test func historyFailsWhenARecordBeforeAChangeIsOfAnotherCenter() throws {
        let scratch = try CheckScratch()
        try scratch.addCenter("BJ-1", region: "110000")
        try scratch.db.execute(
            """
            INSERT INTO center_history (center_code, changed_at, change, before)
            VALUES ('BJ-1', '2024-01-02T00:00:00Z', 'update', json_object('code', 'TJ-9', 'name', 'x'))
            """)
        #expect(scratch.failedChecks() == ["history"])
        #expect(scratch.detail("history") == "history entry #2 (update) of center BJ-1 records another code, TJ-9")
    }

    @Test func historyAcceptsACodeWhoseCaseChanged() throws {
        let scratch = try CheckScratch()
        try scratch.addCenter("bj-1", region: "110000")
        try scratch.db.execute("UPDATE centers SET code = 'BJ-1'")
        #expect(scratch.failedChecks() == [])
    }

    @Test func historyFailsForAnEntryThatIsNotJSON() throws {
        let scratch = try CheckScratch()
        try scratch.addCenter("BJ-1", region: "110000")
        try scratch.db.execute("UPDATE center_history SET after = '{\"code\": \"BJ-1\"' WHERE center_code = 'BJ-1'")
        #expect(scratch.failedChecks() == ["history"])
        #expect(scratch.detail("history").contains("is not valid JSON"))
    }

    @Test func migrationsFailWhenAnAppliedMigrationIsNotRecorded() throws {
        let scratch = try CheckScratch()
        try scratch.db.execute("DELETE FROM schema_migrations WHERE version = 2")
        #expect(scratch.failedChecks() == ["migrations"])
        #expect(scratch.detail("migrations").contains("migration 2 (reference_data) is not recorded"))
    }

    @Test func migrationsFailWhenUserVersionFallsBehindTheRecords() throws {
        let scratch = try CheckScratch()
        try scratch.db.execute("PRAGMA user_version = 1")
        #expect(scratch.failedChecks().contains("migrations"))
    }

    @Test func schemaFailsWhenATriggerIsMissing() throws {
        let scratch = try CheckScratch()
        try scratch.db.execute("DROP TRIGGER case_statistics_no_overlap_update")
        #expect(scratch.failedChecks() == ["schema"])
        #expect(scratch.detail("schema") == "trigger case_statistics_no_overlap_update is missing")
    }

    @Test func schemaAllowsObjectsAUserAdded() throws {
        let scratch = try CheckScratch()
        try scratch.db.execute("CREATE VIEW my_centers AS SELECT code, name FROM centers")
        #expect(scratch.failedChecks() == [])
    }

    @Test func codesFailForAnIndustryCodeThatBreaksTheRule() throws {
        let scratch = try CheckScratch()
        try scratch.db.execute(
            """
            PRAGMA ignore_check_constraints = ON;
            INSERT INTO industries (code, name) VALUES ('Solar Power', 'Solar power');
            PRAGMA ignore_check_constraints = OFF;
            """)
        #expect(scratch.failedChecks() == ["integrity", "codes"])
        #expect(scratch.detail("codes") == "industry code Solar Power is not 1-64 characters of a-z 0-9 -")
    }

    @Test func codesFailForAServiceACenterListsThatIsNotInTheRegistry() throws {
        let scratch = try CheckScratch()
        try scratch.addCenter("BJ-1", region: "110000")
        try scratch.db.execute(
            """
            PRAGMA foreign_keys = OFF;
            INSERT INTO center_services (center_id, service_code)
            SELECT id, 'patent-translation' FROM centers WHERE code = 'BJ-1';
            """)
        #expect(scratch.failedChecks() == ["foreign-keys", "codes"])
        #expect(scratch.detail("codes") == "center BJ-1: service patent-translation is not in the registry")
    }

    @Test func manyProblemsAreCountedBeyondTheFirstFew() throws {
        let scratch = try CheckScratch()
        for number in 1...8 { try scratch.addCenter("C-\(number)", region: "110000") }
        try scratch.db.execute("DELETE FROM center_history")
        let detail = scratch.detail("history")
        #expect(detail.hasSuffix("; and 3 more"))
        #expect(detail.split(separator: ";").count == RegistryCheck.problemLimit + 1)
    }

    @Test func checkChangesNothingInTheRegistryFile() throws {
        let scratch = try CheckScratch()
        try scratch.addCenter("BJ-1", region: "110000")
        try scratch.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        let before = try Data(contentsOf: URL(fileURLWithPath: scratch.path))
        _ = scratch.check()
        #expect(try Data(contentsOf: URL(fileURLWithPath: scratch.path)) == before)
    }
}

/// A registry in a temporary folder, written to with SQL as a test needs.
final class CheckScratch {
    let folder: URL
    let path: String
    let registry: Registry
    /// Another client's connection: direct SQL, with foreign keys off as SQLite leaves them.
    let db: Connection

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("ipreg-check-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        path = folder.appendingPathComponent("registry.sqlite").path
        registry = try Registry.open(path: path)
        db = try registry.outsideConnection()
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    /// A center with an industry, a service and its `add` history entry, as `center add` leaves it
    /// (in an ipreg write: the triggers that record other clients' changes stay quiet).
    func addCenter(_ code: String, region: String, name: String = "知识产权保护中心") throws {
        try registry.write { database in
            let db = try database.connection
            try db.execute(
                """
                INSERT INTO centers (code, name, kind, region_code, host, created_at, updated_at)
                VALUES (?, ?, 'protection', ?, 'Intellectual Property Office', '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z')
                """, [.text(code), .text(name), .text(region)])
            let id = SQLiteValue.integer(db.lastInsertRowID)
            try db.execute("INSERT INTO center_industries (center_id, industry_code) VALUES (?, 'photovoltaics')", [id])
            try db.execute(
                "INSERT INTO center_services (center_id, service_code) VALUES (?, 'rights-protection')", [id])
            try db.execute(
                """
                INSERT INTO center_history (center_code, changed_at, change, before, after)
                VALUES (?, '2024-01-01T00:00:00Z', 'add', NULL, json_object('code', ?, 'name', ?, 'region_code', ?))
                """, [.text(code), .text(code), .text(name), .text(region)])
        }
    }

    func addStatistic(center: String, period: String, start: String, end: String) throws {
        try db.execute(
            """
            INSERT INTO case_statistics (center_id, period, period_start, period_end, pretrial_cases)
            SELECT id, ?, ?, ?, 10 FROM centers WHERE code = ?
            """, [.text(period), .text(start), .text(end), .text(center)])
    }

    /// Runs `body` with a trigger dropped, then puts the trigger back as it was.
    func withoutTrigger(_ name: String, _ body: () throws -> Void) throws {
        let sql = try #require(
            try db.scalarText("SELECT sql FROM sqlite_schema WHERE type = 'trigger' AND name = ?", [.text(name)]))
        try db.execute("DROP TRIGGER \(name)")
        try body()
        try db.execute(sql)
    }

    /// Runs every check as `ipreg check` does: on its own read-only connection.
    func check() -> [CheckResult] {
        do {
            return RegistryCheck(registry: try Registry.open(path: path, readOnly: true)).run()
        } catch {
            Issue.record("cannot open \(path) read-only: \(error)")
            return []
        }
    }

    func failedChecks() -> [String] { check().filter { !$0.passed }.map(\.name) }

    func detail(_ name: String) -> String {
        check().first { $0.name == name }?.detail ?? "no check named \(name)"
    }
}
