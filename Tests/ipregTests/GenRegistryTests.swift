// Scripts/gen-registry makes the registries the benchmarks time: it drops the indexes and
// triggers, loads inside sqlite3, then builds what the triggers would have kept. A registry it
// makes passes `check`, so a benchmark of a report reads the totals a real registry has.
import Foundation
import Testing

@Suite struct GenRegistryTests {
    static let script = ImportSupport.examples.deletingLastPathComponent().appendingPathComponent(
        "Scripts/gen-registry")

    @Test(.enabled(if: SQLiteShell.isAvailable, "the sqlite3 shell is not installed"))
    func aGeneratedRegistryPassesCheckAndItsReportsCountItsCenters() throws {
        let folder = try TemporaryDirectory()
        let path = folder.path("generated.sqlite")
        let generated = try Spawned(
            [Self.script.path, path, "400", "2"], executable: URL(fileURLWithPath: "/bin/bash"),
            outputFolder: folder.url, environment: ["IPREG_BIN": CLI.binary.path]
        ).wait(timeout: 120)
        #expect(generated.status == 0, "\(generated.stderr)")
        let check = try CLI.run(["check", "--db", path])
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        let report = try CLI.run(["report", "run", "centers-by-region", "--format", "csv", "--db", path])
        let totals = report.stdout.split(separator: "\n").dropFirst().compactMap { $0.split(separator: ",").last }
        let open = try CLI.run(
            ["sql", "SELECT count(*) FROM centers WHERE status <> 'closed'", "--format", "csv", "--db", path])
        let expected = open.stdout.split(separator: "\n").last.flatMap { Int($0) }
        #expect((expected ?? 0) > 300)
        #expect(totals.compactMap { Int($0) }.reduce(0, +) == expected, "\(report.stdout)")
    }
}
