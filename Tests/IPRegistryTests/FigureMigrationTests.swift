// Migration 0006 (published figures, region names in one language): a registry of schema version 4
// migrates in place and keeps every record; region_name is the Chinese path afterwards. Migration
// 0007 (other clients' figure changes recorded) keeps a version-6 registry's figures and history.
import IPRegistry
import SQLiteDB
import Testing

@Suite struct FigureMigrationTests {
    /// Every row `sql` reads, each as its values joined by `|`.
    private func rows(_ db: Connection, _ sql: String) throws -> [String] {
        let statement = try db.prepare(sql)
        var rows: [String] = []
        while try statement.step() {
            rows.append((0..<statement.columnCount).map { statement.string($0) ?? "NULL" }.joined(separator: "|"))
        }
        return rows
    }

    /// Every row of every table that version 4 has, as text, table by table.
    private func contents(of db: Connection) throws -> [String: [String]] {
        var result: [String: [String]] = [:]
        for table in [
            "centers", "center_industries", "center_services", "case_statistics", "center_history", "saved_reports",
            "divisions", "industries", "services",
        ] {
            // History by the columns version 4 had: later versions add some (0011: actor).
            let columns = table == "center_history" ? "id, center_code, changed_at, change, before, after" : "*"
            result[table] = try rows(db, "SELECT \(columns) FROM \(table) ORDER BY 1, 2")
        }
        return result
    }

    @Test func aVersionFourRegistryMigratesAndKeepsEveryRecord() throws {
        let folder = try TemporaryDirectory()
        let path = folder.path("registry.sqlite")
        let older = try Registry.open(path: path, migrateTo: 4).outsideConnection()
        // As version 4 wrote them (today's repositories read the views of version 6).
        try older.transaction {
            try older.execute(
                """
                INSERT INTO centers (id, code, name, kind, region_code, approved, created_at, updated_at) VALUES
                    (1, 'RPC-BAZHOU', '霸州（家具）知识产权快速维权中心', 'rapid-protection', '131081', '2021', 't1', 't2'),
                    (2, 'PC-BJ', '中国（北京）知识产权保护中心', 'protection', '110000', NULL, 't1', 't1');
                INSERT INTO center_industries VALUES (1, 'photovoltaics');
                INSERT INTO center_services VALUES (1, 'rights-protection');
                INSERT INTO case_statistics (center_id, period, period_start, period_end, pretrial_cases, source)
                    VALUES (2, '2019-04..2022-12', '2019-04-01', '2022-12-31', 29000, 's');
                INSERT INTO center_history (center_code, changed_at, change, before) VALUES
                    ('RPC-BAZHOU', 't1', 'add', NULL), ('PC-BJ', 't1', 'add', NULL),
                    ('RPC-BAZHOU', 't2', 'update', '{"code":"RPC-BAZHOU","name":"霸州","kind":"rapid-protection"}');
                INSERT INTO saved_reports (name, sql, created_at) VALUES ('mine', 'SELECT region_name FROM region_names', 't');
                INSERT INTO divisions (code, name, parent_code, level) VALUES ('131099', '新县', '131000', 3);
                """)
        }
        let before = try contents(of: older)
        #expect(try older.scalarInt("PRAGMA user_version") == 4)

        let registry = try Registry.open(path: path)
        #expect(try registry.outsideConnection().scalarInt("PRAGMA user_version") == Registry.schemaVersion)
        // Every record stays as it was; migration 0015 adds the divisions of the rest of the country.
        var after = try contents(of: registry.outsideConnection())
        let divisionsBefore = Set(before["divisions"] ?? [])
        #expect(divisionsBefore.isSubset(of: Set(after["divisions"] ?? [])))
        after["divisions"] = after["divisions"]?.filter { divisionsBefore.contains($0) }
        #expect(after == before)
        #expect(try registry.outsideConnection().scalarInt("SELECT count(*) FROM figures") == 0)
        #expect(RegistryCheck(registry: registry).run().filter { !$0.passed }.map(\.name) == [])
        let bazhou = try #require(try registry.read { db in try CenterRepository(db).find(code: "RPC-BAZHOU") })
        #expect(bazhou.regionName == "河北省 / 廊坊市 / 霸州市")
        #expect(bazhou.regionNameEnglish == nil)
        // A user's saved report that reads the view still runs.
        var rows = 0
        try registry.read { db in
            let report = try ReportCatalog.prepare("mine", arguments: [:], in: db)
            try report.run { _ in rows += 1 }
        }
        #expect(rows > 0)
    }

    @Test func regionNamesAreOneLanguagePerValue() throws {
        let folder = try TemporaryDirectory()
        let registry = try Registry.open(path: folder.path("registry.sqlite"))
        func names(_ code: String) throws -> [String?] {
            let statement = try registry.outsideConnection().prepare(
                "SELECT region_name, region_name_en FROM region_names WHERE code = ?")
            try statement.bind(code, at: 1)
            guard try statement.step() else { return [] }
            return [statement.string(0), statement.string(1)]
        }
        #expect(try names("131081") == ["河北省 / 廊坊市 / 霸州市", nil])
        #expect(try names("131000") == ["河北省 / 廊坊市", "Hebei Province / Langfang"])
        #expect(try names("110108") == ["北京市 / 海淀区", "Beijing / Haidian District"])
        let codes = try registry.read { db in try ReferenceCodes.load(from: db) }
        #expect(codes.regionName(of: "131081") == "河北省 / 廊坊市 / 霸州市")
        #expect(codes.regionNameEnglish(of: "131081") == nil)
        #expect(codes.regionNameEnglish(of: "131000") == "Hebei Province / Langfang")
    }

    @Test func aVersionSixRegistryKeepsItsFiguresAndTheirHistory() throws {
        let folder = try TemporaryDirectory()
        let path = folder.path("registry.sqlite")
        let older = try Registry.open(path: path, migrateTo: 6).outsideConnection()
        try older.transaction {
            try older.execute(
                """
                INSERT INTO figures (id, code, metric, period, period_start, period_end, value, source, created_at, updated_at)
                    VALUES (1, 'TISC-2022', 'centers', '2022-12', '2022-12-01', '2022-12-31', 19, 's', 't1', 't2');
                INSERT INTO figure_regions VALUES (1, '130000');
                INSERT INTO figure_kinds VALUES (1, 'tisc');
                INSERT INTO figure_history (figure_code, changed_at, change, before, after) VALUES
                    ('TISC-2022', 't1', 'add', NULL, '{"code":"TISC-2022","value":18}'),
                    ('TISC-2022', 't2', 'update', '{"code":"TISC-2022","value":18}', '{"code":"TISC-2022","value":19}');
                """)
        }
        // By the columns version 6 had: later versions add some (0011: actor).
        let history = "SELECT id, figure_code, changed_at, change, before, after FROM figure_history ORDER BY id"
        let figures = "SELECT * FROM figures"
        let before = (try rows(older, history), try rows(older, figures))
        #expect(before.0.count == 2)

        let registry = try Registry.open(path: path)
        #expect(try registry.outsideConnection().scalarInt("PRAGMA user_version") == Registry.schemaVersion)
        #expect(try rows(registry.outsideConnection(), history) == before.0)
        #expect(try rows(registry.outsideConnection(), figures) == before.1)
        #expect(
            try registry.read { db in try FigureRepository(db).history(code: "TISC-2022") }.map(\.change) == [
                .update, .add,
            ])
        #expect(RegistryCheck(registry: registry).run().filter { !$0.passed }.map(\.name) == [])
    }
}
