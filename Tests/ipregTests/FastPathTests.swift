// The `center show` fast path (Sources/ipreg/FastPath.swift): what it accepts it reads exactly
// as ArgumentParser does, it leaves everything else to ArgumentParser, and what it prints is
// byte for byte what the ArgumentParser path prints.
import Foundation
import IPRegistry
import RegistryOutput
import TabularFiles
import Testing

@testable import ipreg

@Suite struct FastPathTests {
    /// Arguments after the program's name, and whether the fast path takes them.
    static let cases: [(arguments: [String], fast: Bool)] = [
        (["center", "show", "PC-BJ"], true),
        (["center", "show", "pc-bj"], true),
        (["center", "show", "中心"], true),
        (["center", "show", "a=b"], true),
        (["center", "show", "help"], true),
        (["center", "show", "PC-BJ", "--db", "r.sqlite"], true),
        (["center", "show", "--db", "r.sqlite", "PC-BJ"], true),
        (["center", "show", "PC-BJ", "--db=r.sqlite"], true),
        (["center", "show", "PC-BJ", "--db=a=b.sqlite"], true),
        (["center", "show", "PC-BJ", "--db", "/tmp/a folder/r.sqlite"], true),
        (["center", "show", "PC-BJ", "--format", "csv"], true),
        (["center", "show", "PC-BJ", "--format=json"], true),
        (["center", "show", "--format", "ndjson", "PC-BJ", "--db", "r.sqlite"], true),
        (["center", "show", "PC-BJ", "--busy-timeout", "0"], true),
        (["center", "show", "PC-BJ", "--busy-timeout=250"], true),
        (["center", "show", "PC-BJ", "--busy-timeout", "+7"], true),
        (["center", "show", "PC-BJ", "--busy-timeout", "2147483647"], true),
        (["center", "show", "--busy-timeout", "10", "--format", "markdown", "--db", "r.sqlite", "PC-BJ"], true),
        (["center", "show", "PC-BJ", "--format", "tsv", "--busy-timeout", "1", "--db=x"], true),
        // Left to ArgumentParser: help, version, errors, and whatever is not one of the plain shapes.
        (["center", "show"], false),
        (["center", "show", ""], false),
        (["center", "show", "PC-BJ", "PC-TJ"], false),
        (["center", "show", "PC-BJ", "--help"], false),
        (["center", "show", "PC-BJ", "-h"], false),
        (["center", "show", "PC-BJ", "--version"], false),
        (["center", "show", "--", "PC-BJ"], false),
        (["center", "show", "-PC"], false),
        (["center", "show", "-"], false),
        (["center", "show", "PC-BJ", "--db"], false),
        (["center", "show", "PC-BJ", "--db", ""], false),
        (["center", "show", "PC-BJ", "--db="], false),
        (["center", "show", "PC-BJ", "--db", "--format", "csv"], false),
        (["center", "show", "PC-BJ", "--db=-x"], false),
        (["center", "show", "PC-BJ", "--db", "a", "--db", "b"], false),
        (["center", "show", "PC-BJ", "--format", "xml"], false),
        (["center", "show", "PC-BJ", "--format", "CSV"], false),
        (["center", "show", "PC-BJ", "--format", "chart"], false),
        (["center", "show", "PC-BJ", "--format", "csv", "--format", "csv"], false),
        (["center", "show", "PC-BJ", "--busy-timeout", "-1"], false),
        (["center", "show", "PC-BJ", "--busy-timeout=-1"], false),
        (["center", "show", "PC-BJ", "--busy-timeout", "1.5"], false),
        (["center", "show", "PC-BJ", "--busy-timeout", " 5"], false),
        (["center", "show", "PC-BJ", "--busy-timeout", "2147483648"], false),
        (["center", "show", "PC-BJ", "--busy-timeout", "0x10"], false),
        (["center", "show", "PC-BJ", "--busy", "5"], false),
        (["center", "show", "PC-BJ", "--d", "r.sqlite"], false),
        (["center", "show", "PC-BJ", "-db", "r.sqlite"], false),
        (["center", "show", "PC-BJ", "--DB", "r.sqlite"], false),
        (["center", "show", "PC-BJ", "--limit", "1"], false),
        (["center", "show", "PC-BJ", "--generate-completion-script", "bash"], false),
        (["center", "show", "PC-BJ", "--experimental-dump-help"], false),
        (["center", "--db", "r.sqlite", "show", "PC-BJ"], false),
        (["--db", "r.sqlite", "center", "show", "PC-BJ"], false),
        (["center", "list"], false),
        (["center", "history", "PC-BJ"], false),
        (["help", "center", "show"], false),
        (["Center", "show", "PC-BJ"], false),
        ([], false),
    ]

    @Test(arguments: cases.indices)
    func readsWhatArgumentParserReadsOrStepsAside(_ index: Int) throws {
        let (arguments, fast) = Self.cases[index]
        let recognised = CenterShowArguments(arguments)
        #expect((recognised != nil) == fast, "\(arguments)")
        guard let recognised else { return }
        let parsed = try IPReg.parseAsRoot(arguments)
        let command = try #require(parsed as? IPReg.CenterCommand.Show, "\(arguments)")
        #expect(recognised.code == command.code, "\(arguments)")
        #expect(recognised.format == command.outputOptions.format, "\(arguments)")
        #expect(recognised.registry == command.registryOptions.settings, "\(arguments)")
    }

    // MARK: End to end: the same bytes either way

    /// The fast path refuses a repeated option; ArgumentParser takes its last value. So these are
    /// the same command, run through ArgumentParser.
    private func slowly(_ arguments: [String], format: String) -> [String] {
        arguments + ["--format", format, "--format", format]
    }

    @Test func everyFormatPrintsTheSameBytesAsTheArgumentParserPath() throws {
        let registry = try CenterSupport.registry()
        #expect(
            try registry.run(["stats", "add", "--center", "PC-TJ", "--period", "2023", "--pretrial", "12"]).status == 0)
        for code in ["PC-BJ", "pc-tj", "OC-HB-PV"] {
            for format in OutputFormat.allCases.map(\.rawValue) {
                let fast = try registry.run(["center", "show", code, "--format", format])
                let slow = try registry.run(slowly(["center", "show", code], format: format))
                #expect(fast.status == 0, "\(code) \(format): \(fast.stderr)")
                #expect(!fast.stdout.isEmpty)
                #expect(fast.stdout == slow.stdout, "\(code) \(format)")
                #expect(fast.stderr == slow.stderr, "\(code) \(format)")
            }
        }
    }

    @Test func anUnknownCenterIsStatus1WithTheSameMessage() throws {
        let registry = try CenterSupport.registry()
        let fast = try registry.run(["center", "show", "PC-XX", "--format", "csv"])
        let slow = try registry.run(slowly(["center", "show", "PC-XX"], format: "csv"))
        #expect(fast.status == 1)
        #expect(fast.stderr == "error: center PC-XX: no such center\n")
        #expect(fast.stdout.isEmpty)
        #expect((slow.status, slow.stdout, slow.stderr) == (fast.status, fast.stdout, fast.stderr))
    }

    @Test func aBadFormatGetsArgumentParsersMessage() throws {
        let registry = try CenterSupport.registry()
        let result = try registry.run(["center", "show", "PC-BJ", "--format", "xml"])
        #expect(result.status == 64)
        #expect(result.errorLines.count == 1, "\(result.stderr)")
        #expect(
            result.stderr.hasPrefix("error: The value 'xml' is invalid for '--format <format>'"), "\(result.stderr)")
        #expect(result.stderr.contains("(see 'ipreg center show --help')"), "\(result.stderr)")
    }

    @Test func theRegistryComesFromIPREG_DBAsOnTheArgumentParserPath() throws {
        let registry = try CenterSupport.registry()
        let folder = try TemporaryDirectory()
        let environment = ["IPREG_DB": registry.path, "HOME": folder.path("home"), "XDG_DATA_HOME": ""]
        let fast = try CLI.run(["center", "show", "PC-BJ", "--format", "json"], environment: environment)
        let slow = try CLI.run(slowly(["center", "show", "PC-BJ"], format: "json"), environment: environment)
        #expect(fast.status == 0, "\(fast.stderr)")
        #expect(fast.stdout == (try registry.run(["center", "show", "PC-BJ", "--format", "json"])).stdout)
        #expect(fast.stdout == slow.stdout)
        #expect(!FileManager.default.fileExists(atPath: folder.path("home")))
    }

    // MARK: sql

    static let sqlCases: [([String], Bool)] = [
        (["sql", "SELECT 1"], true),
        (["sql", "SELECT 1", "--db", "r.sqlite"], true),
        (["sql", "--db=r.sqlite", "SELECT code FROM centers"], true),
        (["sql", "--file", "q.sql", "--db", "r.sqlite", "--format", "csv"], true),
        (["sql", "--format=chart", "SELECT 1 AS n", "--busy-timeout", "0"], true),
        (["sql", "SELECT 1", "--format", "ndjson", "--busy-timeout=25", "--db", "r.sqlite"], true),
        (["sql", "help"], true),
        (["sql"], false),
        (["sql", "-"], false),
        (["sql", "--file", "-"], false),
        (["sql", "-- a comment\nSELECT 1"], false),
        (["sql", "SELECT 1", "--file", "q.sql"], false),
        (["sql", "SELECT 1", "SELECT 2"], false),
        (["sql", "SELECT :n", "--param", "n=1"], false),
        (["sql", "SELECT 1", "--format", "chart", "--bar", "n"], false),
        (["sql", "SELECT 1", "--format", "xml"], false),
        (["sql", "SELECT 1", "--db", "a", "--db", "b"], false),
        (["sql", "SELECT 1", "--db="], false),
        (["sql", "SELECT 1", "--busy-timeout", "-1"], false),
        (["sql", "SELECT 1", "--busy-timeout", "1e3"], false),
        (["sql", "SELECT 1", "--help"], false),
        (["sql", "SELECT 1", "-h"], false),
        (["sql", ""], false),
        (["SQL", "SELECT 1"], false),
    ]

    @Test(arguments: sqlCases.indices)
    func sqlReadsWhatArgumentParserReadsOrStepsAside(_ index: Int) throws {
        let (arguments, fast) = Self.sqlCases[index]
        let recognised = SQLArguments(arguments)
        #expect((recognised != nil) == fast, "\(arguments)")
        guard let recognised else { return }
        let parsed = try IPReg.parseAsRoot(arguments)
        let command = try #require(parsed as? IPReg.SQL, "\(arguments)")
        #expect(recognised.query == command.query, "\(arguments)")
        #expect(recognised.file == command.file, "\(arguments)")
        #expect(recognised.format == command.outputOptions.format, "\(arguments)")
        #expect(command.outputOptions.barColumns.isEmpty, "\(arguments)")
        #expect(command.parameterOptions.parameters.isEmpty, "\(arguments)")
        #expect(recognised.registry == command.registryOptions.settings, "\(arguments)")
    }

    @Test func sqlPrintsTheSameBytesEitherWay() throws {
        let registry = try CenterSupport.registry()
        let folder = try TemporaryDirectory()
        let file = folder.path("q.sql")
        try "SELECT code, name, kind FROM centers ORDER BY code".write(toFile: file, atomically: true, encoding: .utf8)
        for query in [["SELECT code, name, region_code FROM centers ORDER BY code"], ["--file", file]] {
            for format in ["table", "csv", "tsv", "json", "ndjson", "markdown"] {
                let fast = try registry.run(["sql"] + query + ["--format", format])
                let slow = try registry.run(slowly(["sql"] + query, format: format))
                #expect(fast.status == 0, "\(query) \(format): \(fast.stderr)")
                #expect(!fast.stdout.isEmpty)
                #expect((fast.status, fast.stdout, fast.stderr) == (slow.status, slow.stdout, slow.stderr))
            }
        }
        let chart = ["sql", "SELECT kind, count(*) AS n FROM centers GROUP BY kind"]
        let fastChart = try registry.run(chart + ["--format", "chart"])
        #expect(fastChart.status == 0, "\(fastChart.stderr)")
        #expect(fastChart.stdout == (try registry.run(slowly(chart, format: "chart"))).stdout)
        // Refusals read the same too: a write, a missing file.
        for failing in [["sql", "DELETE FROM centers"], ["sql", "--file", folder.path("missing.sql")]] {
            let fast = try registry.run(failing + ["--format", "csv"])
            let slow = try registry.run(slowly(failing, format: "csv"))
            #expect(fast.status != 0)
            #expect((fast.status, fast.stdout, fast.stderr) == (slow.status, slow.stdout, slow.stderr), "\(failing)")
        }
    }
}
