// Files an import cannot read: a bad header, a broken CSV structure, a missing file. Each is
// one `error:` line with FILE:LINE:COLUMN where known, its exit status, and nothing written;
// a row with the wrong number of fields is only a bad row.
import Foundation
import Testing

@Suite struct ImportFileErrorTests {
    let registry: TestRegistry

    init() throws { registry = try CenterSupport.registry() }

    /// A valid first row, so that a later error proves the whole file is refused.
    static let goodRow = "NEW-1,新中心,tisc,130100\n"

    func refused(
        _ name: String, _ text: String, status: Int32 = 65, extra: [String] = [],
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> (path: String, line: String) {
        let path = try registry.folder.write(name, text)
        return try refused(path: path, status: status, extra: extra, sourceLocation: sourceLocation)
    }

    func refused(
        path: String, status: Int32 = 65, extra: [String] = [], kind: String = "centers",
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> (path: String, line: String) {
        let result = try ImportSupport.expectRefusedImport(
            registry, [kind, path] + extra, status: status, sourceLocation: sourceLocation)
        #expect(result.errorText.count == 1, "\(result.stderr)", sourceLocation: sourceLocation)
        return (path, result.errorText.first ?? "")
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: "/proc/self/mem"), "needs Linux's /proc"))
    func aFileThatFailsToReadIsUnreadableNotInvalid() throws {
        // /proc/self/mem opens, and its first read fails (nothing is mapped at offset 0): EIO.
        let (_, line) = try refused(path: "/proc/self/mem", status: 66)
        #expect(line == "error: /proc/self/mem: cannot read: Input/output error")
    }

    // MARK: header

    @Test func anUnknownColumnIsNamedWithASuggestion() throws {
        let (path, line) = try refused("centers.csv", "code,name,knd,region_code\n" + Self.goodRow)
        #expect(
            line.hasPrefix(
                "error: \(path):1:3: unknown column 'knd' (did you mean kind?); expected columns: code,name,name_en,kind,"
            ))
    }

    @Test func aMissingRequiredColumnIsNamed() throws {
        let (path, line) = try refused("centers.csv", "code,name,region_code\nNEW-1,新中心,130100\n")
        #expect(line == "error: \(path):1: missing required column: kind")
        let (other, both) = try refused("names.csv", "code,name\nNEW-1,新中心\n")
        #expect(both == "error: \(other):1: missing required columns: kind, region_code")
    }

    @Test func theRequiredColumnsOfStatisticsAndRegionsFilesAreNamed() throws {
        let stats = try registry.folder.write("stats.csv", "center_code,pretrial_cases\nPC-BJ,1\n")
        #expect(try refused(path: stats, kind: "stats").line == "error: \(stats):1: missing required column: period")
        let regions = try registry.folder.write("regions.csv", "name\n测试\n")
        #expect(
            try refused(path: regions, kind: "regions").line == "error: \(regions):1: missing required column: code")
    }

    @Test func aDuplicatedColumnIsNamed() throws {
        let (path, line) = try refused("centers.csv", "code,name,kind,region_code,name\nNEW-1,新中心,tisc,130100,又一个\n")
        #expect(line == "error: \(path):1:5: column 'name' appears twice")
    }

    @Test func anEmptyFileIsRefused() throws {
        let (path, line) = try refused("centers.csv", "")
        #expect(line == "error: \(path): the file is empty: expected a header line")
        let stdin = try ImportSupport.expectRefusedImport(registry, ["centers", "-"], stdin: "")
        #expect(stdin.errorText == ["error: <stdin>: the file is empty: expected a header line"])
    }

    @Test func aMissingFileOrADirectoryExits66() throws {
        let missing = registry.folder.path("no-such.csv")
        #expect(try refused(path: missing, status: 66).line == "error: \(missing): No such file or directory")
        let folder = registry.folder.url.path
        #expect(try refused(path: folder, status: 66).line == "error: \(folder): is a directory")
    }

    // MARK: structure

    @Test func anUnterminatedQuoteIsNamedWhereItOpens() throws {
        let (path, line) = try refused(
            "centers.csv",
            "code,name,kind,region_code\n" + Self.goodRow + "NEW-2,\"未闭合,tisc,130100\nNEW-3,x,tisc,130100\n")
        #expect(line == "error: \(path):3:7: unterminated quoted field (opened at line 3, column 7)")
    }

    @Test func aStrayQuoteAfterAClosingQuoteIsNamedInCharactersNotBytes() throws {
        let (path, line) = try refused(
            "centers.csv", "code,name,kind,region_code\n" + Self.goodRow + "NEW-2,\"中文\"x,tisc,130100\n")
        #expect(line.hasPrefix("error: \(path):3:10: stray quote"))
    }

    @Test func invalidUTF8IsNamed() throws {
        let bytes =
            Array(("code,name,kind,region_code\n" + Self.goodRow + "NEW-2,ab").utf8) + [0xFF]
            + Array("c,tisc,130100\n".utf8)
        let path = try registry.folder.write("centers.csv", bytes: bytes)
        #expect(try refused(path: path).line == "error: \(path):3:9: invalid UTF-8 (the file must be saved as UTF-8)")
    }

    @Test func aNulByteIsNamed() throws {
        let bytes =
            Array(("code,name,kind,region_code\n" + Self.goodRow + "NEW-2,中").utf8) + [0x00]
            + Array("c,tisc,130100\n".utf8)
        let path = try registry.folder.write("centers.csv", bytes: bytes)
        #expect(try refused(path: path).line.hasPrefix("error: \(path):3:8: NUL byte"))
    }

    @Test func aBrokenHeaderLineIsNamed() throws {
        let (path, line) = try refused("centers.csv", "code,\"name,kind,region_code\n")
        #expect(line == "error: \(path):1:6: unterminated quoted field (opened at line 1, column 6)")
    }

    @Test func aStructuralErrorIsFatalEvenWithRejects() throws {
        let rejects = registry.folder.path("rejects.csv")
        let (path, line) = try refused(
            "centers.csv", "code,name,kind,region_code\n" + Self.goodRow + "NEW-2,\"x\"y,tisc,130100\n",
            extra: ["--rejects", rejects])
        #expect(line.hasPrefix("error: \(path):3:9: stray quote"))
        #expect(!FileManager.default.fileExists(atPath: rejects))
    }

    @Test func rowsWithTheWrongNumberOfFieldsAreRejectedAsRows() throws {
        let text =
            "code,name,kind,region_code\n" + Self.goodRow
            + "NEW-2,短,tisc\nNEW-3,长,tisc,130100,多余\nNEW-4,好,tisc,130100\n"
        let path = try registry.folder.write("centers.csv", text)
        let result = try ImportSupport.expectRefusedImport(registry, ["centers", path])
        #expect(
            result.errorText == [
                "\(path):3: error: expected 4 fields, found 3",
                "\(path):4: error: expected 4 fields, found 5",
                "error: \(path): 2 invalid rows; nothing was imported",
            ])
        let rejects = registry.folder.path("rejects.csv")
        try ImportSupport.expectImport(
            registry, ["centers", path, "--rejects", rejects],
            .init(read: 4, inserted: 2, rejected: 2, note: " (rejected rows in \(rejects))"))
        let written = CenterSupport.csvRecords(try String(contentsOfFile: rejects, encoding: .utf8))
        // The rows exactly as read, after their error: a short or long row cannot move the error.
        #expect(
            written == [
                ["error", "code", "name", "kind", "region_code"],
                ["expected 4 fields, found 3", "NEW-2", "短", "tisc"],
                ["expected 4 fields, found 5", "NEW-3", "长", "tisc", "130100", "多余"],
            ])
        #expect(try CenterSupport.listedCodes(registry, ["--search", "中心"]).contains("NEW-1"))
        #expect(try CenterSupport.shown(registry, "NEW-4")["name"] as? String == "好")
    }

    @Test func aMissingFileIsReportedBeforeTheRegistryIsCreated() throws {
        let folder = try TemporaryDirectory()
        let database = folder.path("registry.sqlite")
        let result = try CLI.run(["import", "centers", folder.path("no-such.csv"), "--db", database])
        #expect(result.status == 66)
        #expect(!FileManager.default.fileExists(atPath: database))
    }
}
