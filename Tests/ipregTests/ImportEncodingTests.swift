// docs/files.md, text files: GB18030 (`--encoding gb18030`) and UTF-16 (a byte-order mark, or
// `--encoding utf-16`) import exactly as UTF-8 does; TSV is recognised by name or by its header;
// a file that is not UTF-8 but reads as GB18030 gets a hint naming the option; a bad byte is
// refused at its line with nothing written; `export --format tsv` and `--bom`.
// The fixtures are Examples/*.csv as Python's codecs write them (Scripts/gen-encoding-fixtures.py).
import Foundation
import Testing

@Suite struct ImportEncodingTests {
    static let fixtures = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // Tests/ipregTests
        .deletingLastPathComponent()  // Tests
        .appendingPathComponent("Fixtures/encodings")

    static func fixture(_ name: String) -> String { fixtures.appendingPathComponent(name).path }

    static func fixtureBytes(_ name: String) throws -> [UInt8] {
        try [UInt8](Data(contentsOf: fixtures.appendingPathComponent(name)))
    }

    /// The Examples imported from their UTF-8 CSV files: the export every other form must give.
    static func utf8Exports() throws -> (centers: String, stats: String) {
        let registry = try TestRegistry()
        for kind in ["centers", "stats"] {
            let result = try registry.run([
                "import", kind, ImportSupport.examples.appendingPathComponent("\(kind).csv").path,
            ])
            #expect(result.status == 0, "\(result.stderr)")
        }
        return (try ImportSupport.export(registry), try ImportSupport.export(registry, "stats"))
    }

    static func exports(
        importing centers: String, _ stats: String, options: [String] = []
    ) throws -> (centers: String, stats: String) {
        let registry = try TestRegistry()
        for (kind, path) in [("centers", centers), ("stats", stats)] {
            let result = try registry.run(["import", kind, path] + options)
            #expect(result.status == 0, "\(path): \(result.stderr)")
        }
        return (try ImportSupport.export(registry), try ImportSupport.export(registry, "stats"))
    }

    @Test func theExamplesAsGB18030ImportLikeTheUTF8Files() throws {
        let expected = try Self.utf8Exports()
        let imported = try Self.exports(
            importing: Self.fixture("centers-gb18030.csv"), Self.fixture("stats-gb18030.csv"),
            options: ["--encoding", "gb18030"])
        #expect(imported.centers == expected.centers)
        #expect(imported.stats == expected.stats)
        #expect(CenterSupport.csvRecords(expected.centers).count > 5 && expected.centers.contains("中心"))
    }

    @Test func theExamplesAsUTF16UnicodeTextImportLikeTheUTF8FilesWithoutAnOption() throws {
        let expected = try Self.utf8Exports()
        let text = try Self.fixtureBytes("centers-utf16.txt")
        #expect(
            Array(text.prefix(2)) == [0xFF, 0xFE] && text.contains(0x09),
            "a byte-order mark and tabs, as spreadsheets save it")
        let imported = try Self.exports(importing: Self.fixture("centers-utf16.txt"), Self.fixture("stats-utf16.txt"))
        #expect(imported.centers == expected.centers)
        #expect(imported.stats == expected.stats)
        let named = try Self.exports(
            importing: Self.fixture("centers-utf16.txt"), Self.fixture("stats-utf16.txt"),
            options: ["--encoding", "utf-16"])
        #expect(named.centers == expected.centers)
    }

    @Test func aGB18030FileFromStandardInputImportsToo() throws {
        let registry = try TestRegistry()
        let bytes = try Self.fixtureBytes("stats-gb18030.csv")
        // CLI.run feeds standard input as UTF-8 text: pipe the raw bytes through a file instead.
        let centers = try registry.run([
            "import", "centers", Self.fixture("centers-gb18030.csv"), "--encoding", "gb18030",
        ])
        #expect(centers.status == 0, "\(centers.stderr)")
        let path = try registry.folder.write("stats.bin", bytes: bytes)
        let result = try CLI.run(
            [
                "-c", "exec \"$0\" import stats - --encoding gb18030 --db \"$1\" < \"$2\"",
                CLI.binary.path, registry.path, path,
            ], executable: URL(fileURLWithPath: "/bin/sh"))
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try ImportSupport.export(registry, "stats") == (try Self.utf8Exports()).stats)
    }

    @Test func aGB18030FileWithoutTheOptionGetsTheHint() throws {
        let registry = try TestRegistry()
        let path = Self.fixture("centers-gb18030.csv")
        let result = try ImportSupport.expectRefusedImport(registry, ["centers", path])
        #expect(result.errorLines.count == 1, "\(result.stderr)")
        let line = String(result.errorLines.first ?? "")
        #expect(line.hasPrefix("error: \(path):2:"), "\(line)")
        #expect(line.contains("reads as GB18030") && line.contains("--encoding gb18030"), "\(line)")
    }

    @Test func aUTF8FileWithAByteOrderMarkGivenAsGB18030IsRefusedAsUTF8() throws {
        let registry = try TestRegistry()
        // Read as GB18030, the mark and `c` would be the column `锘縞ode`.
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("code,name,kind,region_code\nNEW-1,测试中心,tisc,130100\n".utf8)
        let path = try registry.folder.write("utf8-bom.csv", bytes: bytes)
        let result = try ImportSupport.expectRefusedImport(registry, ["centers", path, "--encoding", "gb18030"])
        #expect(
            result.errorLines == [
                "error: \(path):1:1: the file starts with a UTF-8 byte-order mark (0xEF 0xBB 0xBF): it looks like UTF-8, "
                    + "not GB18030; import it with --encoding utf-8"
            ])
        #expect(try registry.run(["import", "centers", path, "--encoding", "utf-8"]).status == 0)
    }

    @Test func invalidUTF8ThatIsNotGB18030GetsNoHint() throws {
        let registry = try TestRegistry()
        // Latin-1 "é" before a comma: not UTF-8, and 0xE9 0x2C is no GB18030 character either.
        let bytes = Array("code,name,kind,region_code\nNEW-1,caf".utf8) + [0xE9] + Array(",tisc,130100\n".utf8)
        let path = try registry.folder.write("latin1.csv", bytes: bytes)
        let result = try ImportSupport.expectRefusedImport(registry, ["centers", path])
        #expect(result.errorLines.first == "error: \(path):2:10: invalid UTF-8 (the file must be saved as UTF-8)")
    }

    @Test func aBrokenByteMidFileIsRefusedAtItsLineWithNothingWritten() throws {
        let registry = try TestRegistry()
        var bytes = try Self.fixtureBytes("centers-gb18030.csv")
        // The first byte of line 4 (a code, ASCII) becomes 0xFF, never a GB18030 byte.
        var lineStarts = [0]
        for (index, byte) in bytes.enumerated() where byte == 0x0A { lineStarts.append(index + 1) }
        bytes[lineStarts[3]] = 0xFF
        let path = try registry.folder.write("broken.csv", bytes: bytes)
        let result = try ImportSupport.expectRefusedImport(registry, ["centers", path, "--encoding", "gb18030"])
        #expect(result.errorLines.last == "error: \(path):4:1: invalid GB18030: 0xFF is not a GB18030 character")
        #expect(CenterSupport.csvRecords(try ImportSupport.export(registry)).count == 1, "nothing imported")
    }

    // MARK: TSV

    @Test func aTSVFileIsRecognisedByItsNameOrItsHeader() throws {
        let rows = "code\tname\tkind\tregion_code\nNEW-1\t\"测试, 中心\"\ttisc\t130100\n"
        for name in ["centers.tsv", "centers.txt"] {
            let registry = try TestRegistry()
            let path = try registry.folder.write(name, rows)
            try ImportSupport.expectImport(registry, ["centers", path], ImportSupport.Summary(read: 1, inserted: 1))
            #expect(CenterSupport.csvRows(try ImportSupport.export(registry)).first?["name"] == "测试, 中心", "\(name)")
        }
    }

    @Test func aTSVExportRoundTripsByteForByte() throws {
        let registry = try ExportTests.registry(
            importing: [ImportSupport.centerHeader] + ImportSupport.generatedCenters(50))
        let first = try ImportSupport.export(registry, format: "tsv")
        #expect(first.hasPrefix(ImportSupport.centerHeader.joined(separator: "\t") + "\n"))
        let copy = try TestRegistry()
        let path = try copy.folder.write("export.tsv", first)
        try ImportSupport.expectImport(copy, ["centers", path], ImportSupport.Summary(read: 50, inserted: 50))
        #expect(try ImportSupport.export(copy, format: "tsv") == first)
        #expect(
            try ImportSupport.export(copy) == (try ImportSupport.export(registry)), "the same registry as the CSV gives"
        )
        let stats = try ImportSupport.export(registry, "stats", format: "tsv")
        #expect(stats == ImportSupport.statisticsHeader.joined(separator: "\t") + "\n")
    }

    @Test func bomStartsACSVOrTSVExportAndImportsBack() throws {
        let registry = try ExportTests.registry(
            importing: [ImportSupport.centerHeader] + ImportSupport.generatedCenters(5))
        // Through --output: the test harness reads standard output as text, which drops a mark.
        func exported(_ arguments: [String]) throws -> (bytes: [UInt8], path: String) {
            let path = registry.folder.path("export-\(UUID().uuidString)")
            let result = try registry.run(["export"] + arguments + ["--bom", "--output", path])
            #expect(result.status == 0, "\(result.stderr)")
            return (try [UInt8](Data(contentsOf: URL(fileURLWithPath: path))), path)
        }
        for format in ["csv", "tsv"] {
            let (bytes, path) = try exported(["centers", "--format", format])
            #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF], "\(format)")
            #expect(
                Array(bytes.dropFirst(3)) == Array(try ImportSupport.export(registry, format: format).utf8), "\(format)"
            )
            let copy = try TestRegistry()
            try ImportSupport.expectImport(copy, ["centers", path], ImportSupport.Summary(read: 5, inserted: 5))
            #expect(try ImportSupport.export(copy) == (try ImportSupport.export(registry)), "\(format)")
        }
        #expect(Array(try exported(["stats"]).bytes.prefix(3)) == [0xEF, 0xBB, 0xBF])
    }

    @Test func figuresExportAsTSVWithAByteOrderMarkAndImportBack() throws {
        let registry = try TestRegistry()
        #expect(
            try registry.run(["import", "figures", ImportSupport.examples.appendingPathComponent("figures.csv").path])
                .status == 0)
        let csv = try ImportSupport.export(registry, "figures")
        let tsv = try ImportSupport.export(registry, "figures", format: "tsv")
        #expect(tsv.hasPrefix("code\tmetric\tregions\tkinds\tindustries\tperiod\tvalue\tbound\tsource\tnotes\n"))
        let path = registry.folder.path("figures.tsv")
        let result = try registry.run(["export", "figures", "--format", "tsv", "--bom", "--output", path])
        #expect(result.status == 0, "\(result.stderr)")
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF])
        #expect(Array(bytes.dropFirst(3)) == Array(tsv.utf8))
        let copy = try TestRegistry()
        #expect(try copy.run(["import", "figures", path]).status == 0)
        #expect(try ImportSupport.export(copy, "figures") == csv)
    }

    @Test func bomWithJSONIsAUsageError() throws {
        let registry = try TestRegistry()
        let result = try registry.run(["export", "centers", "--format", "json", "--bom"])
        #expect(result.status == 64)
        #expect(
            result.errorLines.first?.hasPrefix("error: --bom applies to --format csv or tsv only") == true,
            "\(result.stderr)")
    }

    @Test func anUnknownEncodingIsAUsageError() throws {
        let registry = try TestRegistry()
        let path = try registry.folder.write("c.csv", "code,name,kind,region_code\n")
        let result = try registry.run(["import", "centers", path, "--encoding", "latin1"])
        #expect(result.status == 64, "\(result.stderr)")
    }
}
