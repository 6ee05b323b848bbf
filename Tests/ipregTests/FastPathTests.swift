// The `center show` fast path (Sources/ipreg/FastPath.swift): what it accepts it reads exactly
// as ArgumentParser does, it leaves everything else to ArgumentParser, and what it prints is
// byte for byte what the ArgumentParser path prints.
import Foundation
import IPRegistry
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
        let command = try #require(parsed as? IPReg.Center.Show, "\(arguments)")
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
}
