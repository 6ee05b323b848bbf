// The foundation commands end to end, through the built binary: `init` and where the
// registry lives, the reference lists in every output format, tables aligned by display
// width, --version and --help, and the exit statuses of usage errors and refused files.
import Foundation
import SQLiteDB
import Testing

@Suite struct FoundationCommandTests {
    // MARK: init and the registry's location

    @Test func initCreatesTheRegistryAndEveryMissingFolderOnTheWay() throws {
        let folder = try TemporaryDirectory()
        let path = folder.path("one/two/three/registry.sqlite")
        let result = try CLI.run(["init", "--db", path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(FileManager.default.fileExists(atPath: path))
        #expect(result.stderr.contains(path))
        #expect(result.stdout.isEmpty)
    }

    @Test func initOfACurrentRegistryChangesNoByteOfIt() throws {
        let registry = try TestRegistry()
        let before = try registry.fingerprint()
        let result = try registry.run(["init"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try registry.fingerprint() == before)
    }

    /// Runs `init` in an empty folder with this environment (HOME and XDG_DATA_HOME are
    /// always set, so nothing can reach the real home folder); returns the folder.
    private func initialize(
        arguments: [String] = [], environment: (TemporaryDirectory) -> [String: String]
    ) throws -> TemporaryDirectory {
        let folder = try TemporaryDirectory()
        var fullEnvironment = ["HOME": folder.path("home"), "XDG_DATA_HOME": ""]
        fullEnvironment.merge(environment(folder)) { $1 }
        let result = try CLI.run(["init"] + arguments, environment: fullEnvironment, workingDirectory: folder.url)
        #expect(result.status == 0, "\(result.stderr)")
        return folder
    }

    private func exists(_ folder: TemporaryDirectory, _ name: String) -> Bool {
        FileManager.default.fileExists(atPath: folder.path(name))
    }

    @Test func dbOptionWinsOverIPREG_DB() throws {
        let folder = try TemporaryDirectory()
        let chosen = folder.path("chosen.sqlite")
        let result = try CLI.run(
            ["init", "--db", chosen],
            environment: [
                "IPREG_DB": folder.path("env.sqlite"), "HOME": folder.path("home"),
                "XDG_DATA_HOME": folder.path("xdg"),
            ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(exists(folder, "chosen.sqlite"))
        #expect(!exists(folder, "env.sqlite"))
        #expect(!exists(folder, "xdg"))
        #expect(!exists(folder, "home"))
    }

    @Test func ipregDBWinsOverXDGDataHome() throws {
        let folder = try initialize { folder in
            ["IPREG_DB": folder.path("env/registry.sqlite"), "XDG_DATA_HOME": folder.path("xdg")]
        }
        #expect(exists(folder, "env/registry.sqlite"))
        #expect(!exists(folder, "xdg"))
        #expect(!exists(folder, "home"))
    }

    @Test func xdgDataHomeWinsOverHome() throws {
        let folder = try initialize { folder in ["XDG_DATA_HOME": folder.path("xdg")] }
        #expect(exists(folder, "xdg/ipreg/registry.sqlite"))
        #expect(!exists(folder, "home"))
    }

    @Test func homeIsTheLastDefault() throws {
        let folder = try initialize { _ in [:] }
        #expect(exists(folder, "home/.local/share/ipreg/registry.sqlite"))
    }

    @Test(
        .enabled(
            if: FileManager.default.isExecutableFile(atPath: "/usr/bin/sqlite3"),
            "the sqlite3 shell is not installed (apt-get install sqlite3)"))
    func sqlite3FindsNoProblemInANewRegistry() throws {
        let registry = try TestRegistry()
        let result = try CLI.run(
            [registry.path, "PRAGMA integrity_check; PRAGMA foreign_key_check"],
            executable: URL(fileURLWithPath: "/usr/bin/sqlite3"))
        #expect(result.status == 0)
        #expect(result.stdout == "ok\n")
    }

    // MARK: Reference lists

    @Test(.enabled(if: MinistryDivisionList.isAvailable, MinistryDivisionList.unavailableReason))
    func regionListCSVListsAll245DivisionsWithTheirOfficialNames() throws {
        let registry = try TestRegistry()
        let result = try registry.run(["region", "list", "--format", "csv"])
        #expect(result.status == 0, "\(result.stderr)")
        let records = CSVText.records(result.stdout)
        #expect(records.first == ["code", "name", "name_en", "parent_code", "level"])
        let rows = records.dropFirst()
        #expect(rows.count == 3215)
        // The 245 of the 2019-04 list: the provinces and Beijing, Tianjin and Hebei (0002).
        let listed = Dictionary(rows.map { ($0[0], $0[1]) }, uniquingKeysWith: { first, _ in first })
            .filter { ["11", "12", "13"].contains($0.key.prefix(2)) || $0.key.hasSuffix("0000") }
        #expect(listed == (try MinistryDivisionList.names()))
    }

    @Test func regionListParentHebeiListsItsElevenPrefectures() throws {
        let registry = try TestRegistry()
        let result = try registry.run(["region", "list", "--parent", "130000", "--format", "csv"])
        #expect(result.status == 0, "\(result.stderr)")
        let rows = CSVText.records(result.stdout).dropFirst()
        #expect(
            rows.map { $0[0] } == [
                "130100", "130200", "130300", "130400", "130500", "130600",
                "130700", "130800", "130900", "131000", "131100",
            ])
        #expect(
            rows.map { $0[1] } == [
                "石家庄市", "唐山市", "秦皇岛市", "邯郸市", "邢台市", "保定市",
                "张家口市", "承德市", "沧州市", "廊坊市", "衡水市",
            ])
        #expect(rows.allSatisfy { $0[3] == "130000" && $0[4] == "2" })
    }

    @Test func regionListOfAnUnknownParentIsInvalidDataWithOneErrorLine() throws {
        let registry = try TestRegistry()
        let result = try registry.run(["region", "list", "--parent", "999999"])
        #expect(result.status == 65)
        #expect(result.errorLines == ["error: --parent 999999: no such division"])
        #expect(result.stdout.isEmpty)
        let malformed = try registry.run(["region", "list", "--parent", "13"])
        #expect(malformed.status == 65)
        #expect(malformed.errorLines == ["error: --parent 13: must be a six-digit division code (GB/T 2260)"])
    }

    /// A filter value that names no division is invalid data (65), whichever command takes it.
    @Test(arguments: [
        ["center", "list", "--region", "999999"], ["region", "list", "--parent", "999999"],
        ["stats", "list", "--region", "999999"], ["report", "run", "centers-by-kind", "--param", "region=999999"],
        ["report", "run", "top-centers", "--param", "region=999999"],
    ])
    func aFilterNamingNoDivisionIsInvalidData(arguments: [String]) throws {
        let registry = try TestRegistry()
        let result = try registry.run(arguments)
        #expect(result.status == 65, "\(result.stderr)")
        #expect(result.errorLines.count == 1)
        #expect(result.errorLines.first?.hasSuffix("999999: no such division") == true, "\(result.stderr)")
    }

    /// The rows of a reference table, read with a connection of the test's own.
    private func referenceRows(_ table: String, in registry: TestRegistry) throws -> [[String?]] {
        let db = try Connection(path: registry.path, mode: .readWrite)
        let statement = try db.prepare("SELECT code, name, name_en FROM \(table) ORDER BY code")
        var rows: [[String?]] = []
        while try statement.step() { rows.append([statement.string(0), statement.string(1), statement.string(2)]) }
        return rows
    }

    private func listed(_ arguments: [String], format: String, in registry: TestRegistry) throws -> String {
        let result = try registry.run(arguments + ["--format", format])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.isEmpty)
        return result.stdout
    }

    @Test func industryListJSONIsOneArrayOfEveryIndustry() throws {
        let registry = try TestRegistry()
        let text = try listed(["industry", "list"], format: "json", in: registry)
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]])
        let expected = try referenceRows("industries", in: registry)
        #expect(expected.count >= 6)
        #expect(parsed.count == expected.count)
        for (object, row) in zip(parsed, expected) {
            #expect(Set(object.keys) == ["code", "name", "name_en"])
            #expect(object["code"] as? String == row[0])
            #expect(object["name"] as? String == row[1])
            #expect(object["name_en"] as? String == row[2])
        }
    }

    @Test func industryListNDJSONIsOneObjectALine() throws {
        let registry = try TestRegistry()
        let text = try listed(["industry", "list"], format: "ndjson", in: registry)
        let expected = try referenceRows("industries", in: registry)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(text.hasSuffix("\n"))
        #expect(lines.count == expected.count)
        for (line, row) in zip(lines, expected) {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            #expect(object["code"] as? String == row[0])
            #expect(object["name"] as? String == row[1])
            #expect(object["name_en"] as? String == row[2])
        }
    }

    @Test func industryListCSVHasTheHeaderThenOneRecordPerIndustry() throws {
        let registry = try TestRegistry()
        let records = CSVText.records(try listed(["industry", "list"], format: "csv", in: registry))
        let expected = try referenceRows("industries", in: registry).map { $0.map { $0 ?? "" } }
        #expect(records.first == ["code", "name", "name_en"])
        #expect(Array(records.dropFirst()) == expected)
    }

    @Test func industryListTSVHasTheHeaderThenOneTabSeparatedLinePerIndustry() throws {
        let registry = try TestRegistry()
        let lines = try listed(["industry", "list"], format: "tsv", in: registry).split(separator: "\n")
        let expected = try referenceRows("industries", in: registry).map { $0.map { $0 ?? "" } }
        #expect(lines.first == "code\tname\tname_en")
        #expect(
            lines.dropFirst().map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
                == expected)
    }

    @Test func industryListMarkdownIsAPipeTable() throws {
        let registry = try TestRegistry()
        let lines = try listed(["industry", "list"], format: "markdown", in: registry).split(separator: "\n")
        let expected = try referenceRows("industries", in: registry).map { $0.map { $0 ?? "" } }
        #expect(lines.first == "| code | name | name_en |")
        #expect(lines.dropFirst().first == "| --- | --- | --- |")
        #expect(lines.dropFirst(2).map(String.init) == expected.map { "| " + $0.joined(separator: " | ") + " |" })
    }

    @Test func industryListTableIsTheDefaultFormat() throws {
        let registry = try TestRegistry()
        let table = try listed(["industry", "list"], format: "table", in: registry)
        let plain = try registry.run(["industry", "list"])
        #expect(plain.stdout == table)
        let lines = table.split(separator: "\n")
        #expect(lines.first?.split(separator: " ") == ["code", "name", "name_en"])
        #expect(lines.count == 2 + (try referenceRows("industries", in: registry).count))
    }

    @Test func serviceListJSONListsTheServices() throws {
        let registry = try TestRegistry()
        let parsed = try #require(try registry.json(["service", "list"]) as? [[String: Any]])
        let expected = try referenceRows("services", in: registry)
        #expect(parsed.compactMap { $0["code"] as? String } == expected.compactMap { $0[0] })
    }

    @Test func anUnknownFormatIsAUsageError() throws {
        let registry = try TestRegistry()
        let result = try registry.run(["industry", "list", "--format", "xml"])
        #expect(result.status == 64)
        #expect(result.errorLines.count == 1)
        #expect(result.stdout.isEmpty)
    }

    @Test(arguments: [["industry", "list"], ["region", "list", "--parent", "130000"]])
    func tableColumnsLineUpByDisplayWidthWithChinese(_ arguments: [String]) throws {
        let registry = try TestRegistry()
        let expected = CSVText.records(try listed(arguments, format: "csv", in: registry))
        let lines = try listed(arguments, format: "table", in: registry).split(separator: "\n")
        try #require(lines.count == expected.count + 1)
        let widths = lines[1].split(separator: " ").map(\.count)
        #expect(lines[1].allSatisfy { $0 == "-" || $0 == " " })
        #expect(widths.count == expected[0].count)
        for (line, cells) in zip([lines[0]] + lines.dropFirst(2), expected) {
            let cut = TerminalColumns.cells(of: line, widths: widths)
            #expect(cut == cells, "misaligned: \(line)")
        }
        // Each column is as wide as its widest cell, counting a Chinese character as two.
        for (column, width) in widths.enumerated() {
            #expect(width == expected.map { TerminalColumns.width($0[column]) }.max())
        }
    }

    // MARK: Version, help, usage errors

    @Test func versionPrintsTheVersionNumber() throws {
        let result = try CLI.run(["--version"])
        #expect(result.status == 0)
        #expect(result.stdout.wholeMatch(of: /\d+\.\d+\.\d+\n/) != nil, "\(result.stdout)")
    }

    @Test(arguments: [["center", "list"], ["import"], ["report", "run"], ["check"]])
    func everyCommandAcceptsVersion(_ command: [String]) throws {
        let result = try CLI.run(command + ["--version"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.wholeMatch(of: /\d+\.\d+\.\d+\n/) != nil, "\(result.stdout)")
    }

    @Test(arguments: ["bash", "zsh", "fish"])
    func completionScriptsAreGenerated(_ shell: String) throws {
        let result = try CLI.run(["--generate-completion-script", shell])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("ipreg"))
        #expect(result.stdout.contains("center"), "the script completes subcommands")
    }

    @Test func helpOnASubcommandDescribesItsOptions() throws {
        let result = try CLI.run(["region", "list", "--help"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("USAGE: ipreg region list"))
        for option in ["--parent", "--db", "--format", "--busy-timeout"] {
            #expect(result.stdout.contains(option), "\(option) missing from the help")
        }
        #expect(result.stderr.isEmpty)
    }

    @Test func anUnknownOptionExits64WithOneErrorLine() throws {
        let registry = try TestRegistry()
        let result = try registry.run(["industry", "list", "--colour"])
        #expect(result.status == 64)
        #expect(result.errorLines.count == 1)
        #expect(result.errorLines.first?.hasPrefix("error: ") == true)
        #expect(result.errorLines.first?.contains("--colour") == true)
        #expect(result.stdout.isEmpty)
    }

    @Test func anUnknownCommandExits64WithOneErrorLine() throws {
        let result = try CLI.run(["regions"])
        #expect(result.status == 64)
        #expect(result.errorLines.count == 1)
        #expect(result.errorLines.first?.hasPrefix("error: ") == true)
    }

    // MARK: Files that are not registries

    @Test(arguments: [
        ["init"], ["region", "list"], ["industry", "list", "--format", "json"],
        // The shapes FastPath.swift answers without ArgumentParser.
        ["center", "show", "HB-1"], ["sql", "SELECT 1"],
    ])
    func aTextFileIsRefusedWithExit74AndLeftUnchanged(_ arguments: [String]) throws {
        let folder = try TemporaryDirectory()
        let path = try folder.write("centers.csv", "code,name,kind,region_code\nHB-1,河北,protection,130000\n")
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        let result = try CLI.run(arguments + ["--db", path])
        #expect(result.status == 74)
        #expect(result.errorLines.count == 1)
        #expect(result.errorLines.first?.hasPrefix("error: \(path)") == true)
        #expect(result.stdout.isEmpty)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.url.path) == ["centers.csv"])
    }

    @Test(arguments: [["init"], ["region", "list"]])
    func aTooNewRegistryIsRefusedWithExit74AndLeftUnchanged(_ arguments: [String]) throws {
        let registry = try TestRegistry()
        do {
            let db = try Connection(path: registry.path, mode: .readWrite)
            try db.execute("PRAGMA user_version = 999")
        }
        let before = try registry.fingerprint()
        let result = try registry.run(arguments)
        #expect(result.status == 74)
        #expect(result.errorLines.count == 1)
        #expect(result.errorLines.first?.contains("999") == true)
        #expect(result.stdout.isEmpty)
        #expect(try registry.fingerprint() == before)
        #expect(!FileManager.default.fileExists(atPath: registry.path + "-wal"))
    }
}
