// docs/files.md: on a terminal, an import longer than a second shows progress on standard
// error (rows, rows per second, a bar when the size is known, and the phase once the rows are
// in); never when it is not a terminal.
import Foundation
import Testing

@Suite struct ImportProgressTests {
    /// Enough rows that a debug build takes well over a second.
    static let rowCount = 30_000

    static func largeFile(in registry: TestRegistry) throws -> String {
        try registry.folder.write(
            "large.csv", ImportSupport.csv([ImportSupport.centerHeader] + ImportSupport.generatedCenters(rowCount)))
    }

    @Test(
        .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script"), "needs script(1) for a terminal"))
    func aLongImportShowsProgressOnATerminal() throws {
        let registry = try TestRegistry()
        let file = try Self.largeFile(in: registry)
        let command = [CLI.binary.path, "import", "centers", file, "--db", registry.path].map { "'\($0)'" }.joined(
            separator: " ")
        let result = try CLI.run(["-qec", command, "/dev/null"], executable: URL(fileURLWithPath: "/usr/bin/script"))
        #expect(result.status == 0, "\(result.stdout)")
        let screen = result.stdout
        #expect(screen.contains(" rows/s"), "no progress line in: \(screen.suffix(300))")
        #expect(screen.contains("%"), "the file's size is known, so a bar with a percentage is drawn")
        #expect(screen.contains("building the search index"), "the work after the rows is named: \(screen.suffix(300))")
        #expect(screen.contains("read \(Self.rowCount), inserted \(Self.rowCount)"))
    }

    @Test func noProgressWhenStandardErrorIsNotATerminal() throws {
        let registry = try TestRegistry()
        let file = try Self.largeFile(in: registry)
        let result = try registry.run(["import", "centers", file])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(!result.stderr.contains("rows/s"))
        #expect(result.stderr.split(separator: "\n").count == 1, "only the summary line: \(result.stderr)")
    }
}
