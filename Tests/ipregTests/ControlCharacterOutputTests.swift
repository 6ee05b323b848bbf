// Control characters another client stored (ESC, BEL, DEL, C1) reach a terminal escaped in every
// output format, and error messages always show them escaped; output to a file or a pipe keeps
// the exact data.
import Foundation
import SQLiteDB
import Testing

@Suite struct ControlCharacterOutputTests {
    let registry: TestRegistry
    /// ESC clearing the screen, BEL, DEL and CSI (U+009B, the C1 form of ESC [).
    static let storedName = "E\u{1B}[2J\u{7}x\u{7F}y\u{9B}31m"

    init() throws {
        registry = try TestRegistry()
        #expect(try registry.run(CenterSupport.newCenter()).status == 0)
        // As sqlite3 or another client would: ipreg itself refuses control characters in names.
        let db = try Connection(path: registry.path, mode: .readWrite)
        try db.execute("UPDATE centers SET name = ? WHERE code = 'NEW-1'", [.text(Self.storedName)])
    }

    static let raw = ["\u{1B}", "\u{7}", "\u{7F}", "\u{9B}"]

    /// Runs `ipreg ARGUMENTS --db PATH` with its standard output on a pseudo-terminal.
    func onTerminal(_ arguments: [String]) throws -> String {
        let command = ([CLI.binary.path] + arguments + ["--db", registry.path]).map { "'\($0)'" }.joined(separator: " ")
        // Wide enough that no cell of the table is cut.
        let result = try CLI.run(
            ["-qec", command, "/dev/null"], environment: ["COLUMNS": "300"],
            executable: URL(fileURLWithPath: "/usr/bin/script"))
        #expect(result.status == 0, "\(arguments): \(result.stdout)")
        return result.stdout
    }

    @Test(
        .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script"), "needs script(1) for a terminal"),
        arguments: ["table", "csv", "tsv", "markdown", "json", "ndjson"])
    func aTerminalGetsControlCharactersEscaped(format: String) throws {
        let commands = [
            ["center", "list", "--format", format], ["center", "show", "NEW-1", "--format", format],
            ["sql", "SELECT name FROM centers", "--format", format],
        ]
        for arguments in commands {
            let screen = try onTerminal(arguments)
            for character in Self.raw {
                #expect(!screen.contains(character), "\(arguments): \(screen.debugDescription)")
            }
            let escaped =
                format.hasSuffix("json")
                ? "E\\u001b[2J\\u0007x\\u007fy\\u009b31m" : "E\\u{1b}[2J\\u{7}x\\u{7f}y\\u{9b}31m"
            #expect(screen.contains(escaped), "\(arguments): \(screen.debugDescription)")
        }
    }

    @Test func aPipeGetsTheExactData() throws {
        let csv = try registry.run(["sql", "SELECT code, name FROM centers", "--format", "csv"])
        #expect(Array(csv.stdout.utf8) == Array("code,name\nNEW-1,\(Self.storedName)\n".utf8))
        let tsv = try registry.run(["sql", "SELECT name FROM centers", "--format", "tsv"])
        #expect(Array(tsv.stdout.utf8) == Array("name\n\(Self.storedName)\n".utf8))
        let markdown = try registry.run(["sql", "SELECT name FROM centers", "--format", "markdown"])
        #expect(Array(markdown.stdout.utf8) == Array("| name |\n| --- |\n| \(Self.storedName) |\n".utf8))
        // JSON escapes C0 controls by its own rules; DEL and C1 stay as they are.
        let json = try registry.run(["sql", "SELECT name FROM centers", "--format", "ndjson"])
        #expect(Array(json.stdout.utf8) == Array("{\"name\":\"E\\u001b[2J\\u0007x\u{7F}y\u{9B}31m\"}\n".utf8))
    }

    @Test func anErrorMessageShowsAnArgumentsControlCharactersEscaped() throws {
        for arguments in [["center", "show", "E\u{1B}[2J"], ["center", "list", "--kind", "E\u{1B}[2J\u{9B}"]] {
            let result = try registry.run(arguments)
            #expect(result.status != 0)
            for character in Self.raw {
                #expect(!result.stderr.contains(character), "\(result.stderr.debugDescription)")
            }
            #expect(result.stderr.contains("E\\u{1b}[2J"), "\(result.stderr.debugDescription)")
        }
        #expect(
            try registry.run(["center", "show", "E\u{1B}[2J"]).stderr == "error: center E\\u{1b}[2J: no such center\n")
    }
}
