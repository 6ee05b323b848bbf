// Changes other SQLite clients make to published figures are kept in `figure history` as kind
// `external` (Migrations/0007), never credited to an ipreg command, as for centers.
import Foundation
import Testing

@Suite(.enabled(if: SQLiteShell.executable != nil, "the sqlite3 shell is not installed"))
struct ExternalFigureChangeTests {
    let registry: TestRegistry

    init() throws {
        registry = try TestRegistry()
        let result = try registry.run([
            "import", "figures", ImportSupport.examples.appendingPathComponent("figures.csv").path,
        ])
        #expect(result.status == 0, "\(result.stderr)")
    }

    func history(_ code: String) throws -> [[String: Any]] {
        try #require(try registry.json(["figure", "history", code]) as? [[String: Any]])
    }

    /// One JSON value of each entry's before or after, oldest first, read with `ipreg sql`.
    func recorded(_ code: String, _ expression: String) throws -> [String] {
        let result = try registry.run([
            "sql", "SELECT \(expression) FROM figure_history WHERE figure_code = :code ORDER BY id",
            "--param", "code=\(code)", "--format", "csv",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        return Array(CenterSupport.csvRecords(result.stdout).dropFirst().map { $0.first ?? "" })
    }

    @Test func anOutsideUpdateAfterIpregsIsRecordedAsExternalWithBothRecords() throws {
        let code = "BTH-TISC-END-2022"
        let csv =
            "code,metric,regions,kinds,period,value,source\n\(code),centers,110000;120000;130000,tisc,2022-12,20,by ipreg\n"
        let update = try registry.run(["import", "figures", "-", "--on-conflict", "update"], stdin: csv)
        try #require(update.status == 0, "\(update.stderr)")
        try sqlite3(registry.path, "UPDATE figures SET value = 21, bound = 'at-least' WHERE code = '\(code)'")
        let entries = try history(code)
        #expect(entries.map { $0["change"] as? String } == ["external", "import", "import"])
        #expect(entries[0]["fields"] as? [String] == ["value", "bound"])
        #expect(try recorded(code, "json_extract(before, '$.value')") == ["", "19", "20"])
        #expect(try recorded(code, "json_extract(after, '$.value')") == ["19", "20", "21"])
        #expect(try recorded(code, "json_extract(after, '$.source')").dropFirst() == ["by ipreg", "by ipreg"])
        #expect(try registry.run(["check"]).status == 0)
    }

    @Test func outsideChangesToAFiguresListsAndItsDeletionAreRecorded() throws {
        let code = "BTH-PROTECTION-CENTERS-2023"
        try sqlite3(
            registry.path,
            "DELETE FROM figure_kinds WHERE kind = 'rapid-protection' AND figure_id = (SELECT id FROM figures WHERE code = '\(code)')"
        )
        try sqlite3(registry.path, "DELETE FROM figures WHERE code = '\(code)'")
        #expect(try history(code).map { $0["change"] as? String } == ["external", "external", "import"])
        #expect(
            try recorded(code, "json_extract(after, '$.kinds')") == [
                #"["protection","rapid-protection"]"#, #"["protection"]"#, "",
            ])
        let leftover = try registry.run([
            "sql", "SELECT count(*) FROM figure_regions WHERE figure_id NOT IN (SELECT id FROM figures)",
            "--format", "csv",
        ])
        #expect(leftover.stdout == "count(*)\n0\n", "the shell's delete leaves no lists behind")
        #expect(try registry.run(["check"]).status == 0)
    }

    @Test func anOutsideUpdateThatChangesNothingRecordsNothing() throws {
        try sqlite3(registry.path, "UPDATE figures SET notes = notes")
        let count = try registry.run([
            "sql", "SELECT count(*) FROM figure_history WHERE change = 'external'", "--format", "csv",
        ])
        #expect(count.stdout == "count(*)\n0\n")
    }

    @Test func ipregsOwnFigureWritesRecordNoExternalChange() throws {
        #expect(try registry.run(["figure", "remove", "BTH-TISC-END-2022"]).status == 0)
        let again = try registry.run([
            "import", "figures", ImportSupport.examples.appendingPathComponent("figures.csv").path,
            "--on-conflict", "skip",
        ])
        #expect(again.status == 0, "\(again.stderr)")
        let count = try registry.run([
            "sql", "SELECT count(*) FROM figure_history WHERE change = 'external'", "--format", "csv",
        ])
        #expect(count.stdout == "count(*)\n0\n")
        #expect(try history("BTH-TISC-END-2022").map { $0["change"] as? String } == ["import", "remove", "import"])
    }
}
