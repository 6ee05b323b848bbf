// `ipreg check` end to end: every check printed by name, exit 1 naming the one a damaged
// registry fails, never a crash on a damaged file, and nothing written.
import Foundation
import IPRegistry
import SQLiteDB
import Testing

@Suite struct ReliabilityCheckTests {
    static let checkNames = [
        "integrity", "foreign-keys", "schema", "migrations", "center-divisions",
        "statistics-overlap", "search-index", "history", "codes", "report-totals",
    ]

    /// A registry holding imported centers T-1 ... T-12.
    private func populatedRegistry() throws -> TestRegistry {
        let registry = try TestRegistry()
        let file = try registry.folder.write("centers.csv", CenterFile.text(rows: 12, prefix: "T"))
        let result = try registry.run(["import", "centers", file])
        #expect(result.status == 0, "\(result.stderr)")
        return registry
    }

    /// The rows `check --format csv` printed: check name → (status, detail).
    private func rows(_ result: CommandResult) -> [String: (status: String, detail: String)] {
        var rows: [String: (String, String)] = [:]
        for record in CSVText.records(result.stdout).dropFirst() where record.count == 3 {
            rows[record[0]] = (record[1], record[2])
        }
        return rows
    }

    @Test func aSoundRegistryPassesEveryCheckByName() throws {
        let registry = try populatedRegistry()
        let result = try registry.run(["check", "--format", "csv"])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        let records = CSVText.records(result.stdout)
        #expect(records.first == ["check", "status", "detail"])
        #expect(records.dropFirst().map { $0[0] } == Self.checkNames)
        #expect(records.dropFirst().allSatisfy { $0[1] == "pass" && $0[2] == "ok" })
        #expect(result.stderr.isEmpty)
    }

    @Test func anImportOfNewAndChangedCentersKeepsTheReportTotals() throws {
        // The import counts its new centers once at the end (ReportTotals); the centers it
        // changes go through the triggers. T-1 ... T-12 take the kind, region and industries of
        // the next number; T-13 ... T-20 are new.
        let registry = try populatedRegistry()
        let lines = (1...20).map { number in
            "T-\(number)" + CenterFile.row(number + 1, prefix: "T").dropFirst("T-\(number + 1)".count)
        }
        let file = try registry.folder.write("more.csv", ([CenterFile.header] + lines).joined(separator: "\n") + "\n")
        let imported = try registry.run(["import", "centers", file, "--on-conflict", "update"])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stderr.contains("inserted 8, updated 12"), "\(imported.stderr)")
        let check = try registry.run(["check", "--format", "csv"])
        #expect(rows(check)["report-totals"]?.status == "pass", "\(check.stdout)")
        #expect(check.status == 0, "\(check.stdout)")
    }

    @Test func checkPrintsJSONWithTheSameColumns() throws {
        let registry = try TestRegistry()
        let rows = try #require(try registry.json(["check"]) as? [[String: String]])
        #expect(rows.map { $0["check"] } == Self.checkNames)
        #expect(rows.allSatisfy { Set($0.keys) == ["check", "status", "detail"] && $0["status"] == "pass" })
    }

    struct Damage: CustomTestStringConvertible, Sendable {
        let check: String
        let how: String
        let apply: @Sendable (Connection) throws -> Void
        var testDescription: String { "\(check): \(how)" }
    }

    static let damages: [Damage] = [
        Damage(check: "integrity", how: "a kind that breaks its CHECK constraint") { db in
            try db.execute(
                "PRAGMA ignore_check_constraints = ON; UPDATE centers SET kind = 'embassy' WHERE code = 'T-1'")
        },
        Damage(check: "foreign-keys", how: "an industry link to a missing center") { db in
            try db.execute("PRAGMA foreign_keys = OFF; INSERT INTO center_industries VALUES (99999, 'photovoltaics')")
        },
        Damage(check: "schema", how: "an index dropped") { db in
            try db.execute("DROP INDEX centers_by_region")
        },
        Damage(check: "migrations", how: "an applied migration no longer recorded") { db in
            try db.execute("DELETE FROM schema_migrations WHERE version = 1")
        },
        Damage(check: "center-divisions", how: "a center in a division that does not exist") { db in
            try db.execute("PRAGMA foreign_keys = OFF; UPDATE centers SET region_code = '999999' WHERE code = 'T-2'")
        },
        Damage(check: "statistics-overlap", how: "two periods of one center sharing May") { db in
            let trigger =
                try db.scalarText("SELECT sql FROM sqlite_schema WHERE name = 'case_statistics_no_overlap_insert'")
                ?? ""
            try db.execute(
                """
                DROP TRIGGER case_statistics_no_overlap_insert;
                INSERT INTO case_statistics (center_id, period, period_start, period_end, pretrial_cases)
                SELECT id, '2023', '2023-01-01', '2023-12-31', 4 FROM centers WHERE code = 'T-3';
                INSERT INTO case_statistics (center_id, period, period_start, period_end, protection_cases)
                SELECT id, '2023-05', '2023-05-01', '2023-05-31', 2 FROM centers WHERE code = 'T-3';
                """)
            try db.execute(trigger)
        },
        Damage(check: "search-index", how: "a center taken out of the index") { db in
            try db.execute(
                """
                INSERT INTO centers_search (centers_search, rowid, name, name_en, host, address)
                SELECT 'delete', id, name, name_en, host, address FROM centers WHERE code = 'T-4'
                """)
        },
        Damage(check: "history", how: "a center's history deleted") { db in
            try db.execute("DELETE FROM center_history WHERE center_code = 'T-5'")
        },
        Damage(check: "codes", how: "a center offering a service the registry does not have") { db in
            try db.execute(
                """
                PRAGMA foreign_keys = OFF;
                INSERT INTO center_services (center_id, service_code) SELECT id, 'no-such-service' FROM centers WHERE code = 'T-6'
                """)
        },
        Damage(check: "report-totals", how: "an industry's count raised by hand") { db in
            try db.execute("INSERT INTO report_industry_counts VALUES ('photovoltaics', '110000', 'tisc', 3)")
        },
    ]

    @Test(arguments: damages)
    func checkExits1NamingTheCheckADamagedRegistryFails(_ damage: Damage) throws {
        let registry = try populatedRegistry()
        do {
            let writer = try Connection(path: registry.path, mode: .readWrite)
            try damage.apply(writer)
        }
        let result = try registry.run(["check", "--format", "csv"])
        #expect(result.status == 1)
        let rows = rows(result)
        #expect(rows.count == Self.checkNames.count)
        #expect(rows[damage.check]?.status == "fail", "\(result.stdout)")
        #expect(rows[damage.check]?.detail != "ok")
        #expect(result.errorLines.count == 1)
        #expect(result.stderr.hasPrefix("error: check found"))
    }

    @Test func checkOfAFileWithACorruptPageFailsIntegrityWithoutCrashing() throws {
        let registry = try populatedRegistry()
        let page: Int
        do {
            let reader = try Connection(path: registry.path, mode: .readOnly)
            page = try #require(
                try reader.scalarInt(
                    """
                    SELECT rootpage FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'centers' AND sql IS NOT NULL ORDER BY name LIMIT 1
                    """))
        }
        // Every connection is closed, so the WAL is checkpointed into the file: damage the page there.
        let handle = try FileHandle(forUpdating: URL(fileURLWithPath: registry.path))
        try handle.seek(toOffset: UInt64((page - 1) * 4096))
        try handle.write(contentsOf: Data(repeating: 0xA5, count: 4096))
        try handle.close()
        let outcome = try registry.spawn(["check", "--format", "csv"], timeout: 60)
        #expect(!outcome.crashed && !outcome.timedOut, "\(outcome)")
        #expect(outcome.status == 1)
        #expect(outcome.stdout.contains("integrity,fail,"))
        #expect(!outcome.showsAStackTrace)
    }

    @Test func checkRunsWhileAnotherWriterHoldsTheLock() throws {
        let registry = try populatedRegistry()
        let lock = try WriteLock(path: registry.path)
        let outcome = try registry.spawn(["check", "--busy-timeout", "100"], timeout: 30)
        try lock.release()
        #expect(outcome.status == 0, "\(outcome)")
    }

    @Test func checkChangesNoByteOfTheRegistry() throws {
        let registry = try populatedRegistry()
        let before = try Data(contentsOf: URL(fileURLWithPath: registry.path))
        let result = try registry.run(["check"])
        #expect(result.status == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: registry.path)) == before)
    }

    @Test func checkOfAMissingRegistryExits74AndCreatesNothing() throws {
        let folder = try TemporaryDirectory()
        let path = folder.path("absent.sqlite")
        let result = try CLI.run(["check", "--db", path])
        #expect(result.status == 74)
        #expect(result.errorLines.count == 1)
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test func checkOfAFileThatIsNoRegistryExits74() throws {
        let folder = try TemporaryDirectory()
        let path = try folder.write("notes.sqlite", "these are not the pages you are looking for\n")
        let result = try CLI.run(["check", "--db", path])
        #expect(result.status == 74)
        #expect(result.stderr.hasPrefix("error: "))
    }
}
