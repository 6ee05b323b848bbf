// Changes made by other SQLite clients (the sqlite3 shell, Python's sqlite3 module) are kept in
// `center history` as kind `external`, never credited to an ipreg command (docs/commands.md,
// History), and `check` and `center restore` still work after them.
import Foundation
import Testing

@Suite(.enabled(if: SQLiteShell.executable != nil, "the sqlite3 shell is not installed"))
struct ExternalChangeTests {
    let registry: TestRegistry

    init() throws { registry = try CenterSupport.registry() }

    func succeed(_ arguments: String...) throws {
        let result = try registry.run(arguments)
        #expect(result.status == 0, "\(arguments): \(result.stderr)")
    }

    func history(_ code: String) throws -> [[String: Any]] {
        try #require(try registry.json(["center", "history", code]) as? [[String: Any]])
    }

    /// One value of the view center_changes, read through `ipreg sql`.
    func changes(_ code: String, _ expression: String) throws -> [String] {
        let result = try registry.run([
            "sql", "SELECT \(expression) FROM center_changes WHERE center_code = :code ORDER BY id",
            "--param", "code=\(code)", "--format", "csv",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        return Array(CenterSupport.csvRecords(result.stdout).dropFirst().map { $0.first ?? "" })
    }

    func expectCheckPasses() throws {
        let check = try registry.run(["check"])
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
    }

    @Test func anOutsideUpdateAfterIpregsIsRecordedAsExternalAndLeavesIpregsChangeAsItWas() throws {
        try succeed("center", "update", "PC-TJ", "--notes", "by ipreg")
        try sqlite3(registry.path, "UPDATE centers SET notes='x', status='closed' WHERE code='PC-TJ'")
        try expectCheckPasses()
        let entries = try history("PC-TJ")
        #expect(entries.map { $0["change"] as? String } == ["external", "update", "add"])
        #expect(entries[0]["fields"] as? [String] == ["status", "notes"])
        #expect(entries[1]["fields"] as? [String] == ["notes"])
        // ipreg's update left "by ipreg"; the outside change started from it and left "x".
        #expect(try changes("PC-TJ", "json_extract(after, '$.notes')") == ["", "by ipreg", "x"])
        #expect(try changes("PC-TJ", "json_extract(before, '$.notes')") == ["", "", "by ipreg"])
        #expect(try changes("PC-TJ", "json_extract(after, '$.status')") == ["operating", "operating", "closed"])
    }

    @Test func ipregsOwnWritesRecordNoExternalChange() throws {
        try succeed("center", "update", "PC-BJ", "--add-industry", "cybersecurity", "--notes", "n")
        try succeed("stats", "add", "--center", "PC-BJ", "--period", "2023", "--pretrial", "5")
        try succeed("center", "remove", "OC-HB-PV")
        try succeed("center", "restore", "OC-HB-PV")
        let csv = "code,name,kind,region_code,industries\nNEW-1,新中心,tisc,130100,photovoltaics\n"
        #expect(try registry.run(["import", "centers", "-"], stdin: csv).status == 0)
        #expect(try changes("PC-BJ", "change") == ["add", "update", "update"])
        let all = try registry.run([
            "sql", "SELECT count(*) FROM center_history WHERE change = 'external'", "--format", "csv",
        ])
        #expect(all.stdout == "count(*)\n0\n")
    }

    @Test func anOutsideInsertIsRecordedAsANewCenterWithNothingBefore() throws {
        try sqlite3(
            registry.path,
            """
            INSERT INTO centers (code, name, kind, region_code, created_at, updated_at)
            VALUES ('OUT-1', '外来中心', 'tisc', '130100', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z');
            INSERT INTO center_industries (center_id, industry_code) SELECT id, 'photovoltaics' FROM centers WHERE code = 'OUT-1';
            """)
        try expectCheckPasses()
        let entries = try history("OUT-1")
        #expect(entries.map { $0["change"] as? String } == ["external", "external"])
        #expect(entries[0]["fields"] as? [String] == ["industries"])
        #expect(entries[1]["fields"] as? [String] == ["code", "name", "kind", "status", "region_code"])
        #expect(try changes("OUT-1", "before IS NULL") == ["1", "0"])
    }

    @Test func anOutsideDeleteIsRecordedAndTheCenterCanBeRestored() throws {
        try succeed("stats", "add", "--center", "PC-BJ", "--period", "2023", "--pretrial", "5000")
        let before = try CenterSupport.shown(registry, "PC-BJ")
        // The sqlite3 shell leaves foreign keys off: nothing of the center may stay behind.
        try sqlite3(registry.path, "DELETE FROM centers WHERE code = 'PC-BJ'")
        try expectCheckPasses()
        let entries = try history("PC-BJ")
        #expect(entries.map { $0["change"] as? String } == ["external", "update", "add"])
        #expect(try changes("PC-BJ", "after IS NULL") == ["0", "0", "1"])

        let restore = try registry.run(["center", "restore", "PC-BJ"])
        #expect(restore.status == 0, "\(restore.stderr)")
        var after = try CenterSupport.shown(registry, "PC-BJ")
        var expected = before
        expected.removeValue(forKey: "updated_at")
        after.removeValue(forKey: "updated_at")
        #expect(CenterSupport.same(after, expected), "\(after)\n\(expected)")
        let statistics = try #require(try registry.json(["stats", "list", "--center", "PC-BJ"]) as? [[String: Any]])
        #expect(statistics.map { $0["pretrial_cases"] as? Int } == [5000])
        try expectCheckPasses()
    }

    @Test func restoreAfterAnOutsideUpdateBringsBackTheCenterAsTheOutsideChangeLeftIt() throws {
        try sqlite3(registry.path, "UPDATE centers SET notes = 'edited in Datasette' WHERE code = 'TISC-TJU'")
        try succeed("center", "remove", "TISC-TJU")
        try succeed("center", "restore", "TISC-TJU")
        #expect(try CenterSupport.shown(registry, "TISC-TJU")["notes"] as? String == "edited in Datasette")
        #expect(try history("TISC-TJU").map { $0["change"] as? String } == ["restore", "remove", "external", "add"])
        try expectCheckPasses()
    }

    @Test func anOutsideChangeToStatisticsOrServicesIsAChangeOfTheCenter() throws {
        try succeed("stats", "add", "--center", "RPC-BAZHOU", "--period", "2023", "--protection", "12")
        try sqlite3(
            registry.path,
            """
            UPDATE case_statistics SET protection_cases = 13;
            DELETE FROM center_services WHERE service_code = 'rights-protection'
                AND center_id = (SELECT id FROM centers WHERE code = 'RPC-BAZHOU');
            """)
        try expectCheckPasses()
        let entries = try history("RPC-BAZHOU")
        #expect(entries.map { $0["change"] as? String } == ["external", "external", "update", "add"])
        #expect(entries[0]["fields"] as? [String] == ["services"])
        #expect(entries[1]["fields"] as? [String] == ["statistics"])
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/python3"), "no /usr/bin/python3"))
    func anEditThroughPythonsSqlite3ModuleIsRecordedAsExternal() throws {
        let script = """
            import sqlite3, sys
            db = sqlite3.connect(sys.argv[1])
            db.execute("UPDATE centers SET host = ? WHERE code = ?", ("河北省知识产权局", "OC-SJZ-CYBER"))
            db.commit()
            """
        let result = try CLI.run(["-c", script, registry.path], executable: URL(fileURLWithPath: "/usr/bin/python3"))
        #expect(result.status == 0, "\(result.stderr)")
        try expectCheckPasses()
        let entries = try history("OC-SJZ-CYBER")
        #expect(entries.map { $0["change"] as? String } == ["external", "add"])
        #expect(entries[0]["fields"] as? [String] == ["host"])
    }
}
