// The exit statuses of docs/commands.md as the center and statistics commands give them:
// 0, 1 (no such record), 64 (usage), 65 (invalid value), 74 (not a registry), 75 (busy).
import Foundation
import IPRegistry
import SQLiteDB
import Testing

@Suite struct CenterExitStatusTests {
    @Test func successIsZeroWithNothingOnStandardError() throws {
        let registry = try CenterSupport.registry()
        let result = try registry.run(["center", "list"])
        #expect(result.status == 0)
        #expect(result.stderr.isEmpty)
    }

    @Test func aMissingRecordIsOne() throws {
        let registry = try TestRegistry()
        for command in [["center", "show"], ["center", "remove"], ["center", "history"], ["center", "restore"]] {
            let result = try registry.run(command + ["NOPE"])
            #expect(result.status == 1, "\(command)")
            #expect(
                result.errorLines.count == 1 && result.errorLines[0].hasPrefix("error: center NOPE: "),
                "\(result.stderr)")
        }
    }

    @Test func wrongUsageIsSixtyFour() throws {
        let registry = try TestRegistry()
        for arguments in [
            ["center", "add", "--code"], ["center", "frobnicate"], ["center", "list", "--kinds", "tisc"],
            ["stats", "add", "--center", "X", "--period", "2023", "--pretrial", "1", "extra"],
        ] {
            let result = try registry.run(arguments)
            #expect(result.status == 64, "\(arguments): \(result.stderr)")
            #expect(result.errorLines.count == 1 && result.errorLines[0].hasPrefix("error: "), "\(result.stderr)")
            #expect(result.stdout.isEmpty)
        }
    }

    @Test func anInvalidValueIsSixtyFive() throws {
        let registry = try TestRegistry()
        let result = try registry.run(CenterSupport.newCenter([("--kind", "museum")]))
        #expect(result.status == 65)
    }

    @Test func aFileThatIsNotARegistryIsSeventyFourAndLeftUntouched() throws {
        let folder = try TemporaryDirectory()
        let path = try folder.write("notes.sqlite", "code,name\nPC-BJ,北京\n")
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        for arguments in [
            CenterSupport.newCenter(), ["center", "list"], ["stats", "list"],
            ["region", "add", "130198", "--name", "x"],
        ] {
            let result = try CLI.run(arguments + ["--db", path])
            #expect(result.status == 74, "\(arguments): \(result.stderr)")
            #expect(result.stderr == "error: \(path): not an ipreg registry (left untouched)\n")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
    }

    @Test func aRegistryLockedByAnotherWriterIsSeventyFive() throws {
        let registry = try CenterSupport.registry()
        let holder = try Connection(path: registry.path, mode: .readWrite)
        try holder.execute("BEGIN IMMEDIATE")
        defer { try? holder.execute("ROLLBACK") }
        let commands = [
            CenterSupport.newCenter(), ["center", "update", "PC-BJ", "--status", "closed"],
            ["center", "remove", "PC-BJ"],
            ["stats", "add", "--center", "PC-BJ", "--period", "2023", "--pretrial", "1"],
            ["industry", "add", "hydrogen", "--name", "氢能"],
        ]
        for arguments in commands {
            let result = try registry.run(arguments + ["--busy-timeout", "100"])
            #expect(result.status == 75, "\(arguments): \(result.stderr)")
            #expect(
                result.errorLines.count == 1 && result.stderr.contains("locked by another writer"), "\(result.stderr)")
        }
        // Readers are not blocked by a writer (WAL).
        #expect(try registry.run(["center", "show", "PC-BJ", "--busy-timeout", "100"]).status == 0)
    }
}
