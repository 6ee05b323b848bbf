// `import centers`: one transaction per file; an invalid row anywhere leaves the registry as
// it was and is named by FILE:LINE:COLUMN; --dry-run, --rejects, --on-conflict, repeated
// codes, standard input, byte-order mark and CRLF, history, and the summary line.
import Foundation
import Testing

@Suite struct ImportCentersTests {
    let registry: TestRegistry

    init() throws { registry = try CenterSupport.registry() }

    typealias Summary = ImportSupport.Summary

    func file(_ name: String, _ records: [[String]], lineEnd: String = "\n") throws -> String {
        try registry.folder.write(name, ImportSupport.csv(records, lineEnd: lineEnd))
    }

    /// Five valid new centers, the header first.
    func fiveRows() -> [[String]] {
        [ImportSupport.minimalHeader] + (1...5).map { ImportSupport.minimal("NEW-\($0)") }
    }

    // MARK: an invalid row anywhere

    @Test(arguments: [1, 3, 5])
    func anInvalidRowAnywhereLeavesTheRegistryUnchangedAndIsNamedByLineAndColumn(row: Int) throws {
        var records = fiveRows()
        records[row][2] = "tisx"
        let path = try file("centers.csv", records)
        let result = try ImportSupport.expectRefusedImport(registry, ["centers", path])
        #expect(
            result.errorText == [
                "\(path):\(row + 1):3: error: kind tisx: must be one of protection, rapid-protection, operation, tisc",
                "error: \(path): 1 invalid row; nothing was imported",
            ])
        #expect(try CenterSupport.listedCodes(registry, []) == CenterSupport.allCodes)
    }

    @Test func lineNumbersCountTheLineBreaksInsideQuotedFields() throws {
        let path = try file(
            "centers.csv",
            [
                ["code", "name", "kind", "region_code", "notes"],
                ["NEW-1", "甲", "tisc", "130100", "first line\nsecond line\nthird line"],
                ["NEW-2", "乙", "tisc", "999999", ""],
            ])
        let result = try ImportSupport.expectRefusedImport(registry, ["centers", path])
        #expect(result.errorText.first == "\(path):5:4: error: region_code 999999: no such division")
    }

    @Test func everyProblemOfARowIsReportedOnItsLineAtTheFirstBadColumn() throws {
        let path = try file(
            "centers.csv",
            [
                ["code", "name", "kind", "region_code", "latitude"],
                ["NEW-1", "", "tisc", "999999", "91"],
            ])
        let result = try ImportSupport.expectRefusedImport(registry, ["centers", path])
        #expect(result.errorText.count == 2)
        let line = try #require(result.errorText.first)
        #expect(line.hasPrefix("\(path):2:2: error: name '': is required"))
        #expect(line.contains("region_code 999999: no such division"))
        #expect(line.contains("latitude"))
    }

    @Test func atMostTwentyRowErrorsArePrintedThenTheCount() throws {
        let bad = (1...25).map { ImportSupport.minimal("BAD-\($0)", kind: "nope") }
        let path = try file("centers.csv", [ImportSupport.minimalHeader] + bad + [ImportSupport.minimal("GOOD-1")])
        let result = try ImportSupport.expectRefusedImport(registry, ["centers", path])
        let lines = result.errorText
        #expect(lines.count == 21)
        #expect(
            Array(lines.prefix(20))
                == ((2...21).map {
                    "\(path):\($0):3: error: kind nope: must be one of protection, rapid-protection, operation, tisc"
                }))
        #expect(lines.last == "error: \(path): 25 invalid rows (5 more not shown); nothing was imported")
    }

    @Test func exactlyTwentyRowErrorsAreAllPrintedWithoutAHiddenCount() throws {
        let bad = (1...20).map { ImportSupport.minimal("BAD-\($0)", kind: "nope") }
        let path = try file("centers.csv", [ImportSupport.minimalHeader] + bad)
        let result = try ImportSupport.expectRefusedImport(registry, ["centers", path])
        #expect(result.errorText.count == 21)
        #expect(result.errorText.last == "error: \(path): 20 invalid rows; nothing was imported")
    }

    // MARK: --dry-run

    @Test func dryRunWritesNothingAndPrintsWhatItWouldDo() throws {
        var records = fiveRows()
        records.append(["PC-TJ", "中国（天津）知识产权保护中心（新）", "protection", "120000"])
        let path = try file("centers.csv", records)
        let before = try registry.fingerprint()
        try ImportSupport.expectImport(
            registry, ["centers", path, "--dry-run", "--on-conflict", "update"],
            Summary(dryRun: true, read: 6, inserted: 5, updated: 1))
        #expect(try registry.fingerprint() == before)
    }

    @Test func dryRunOfAFileWithInvalidRowsReportsThemAndFails() throws {
        var records = fiveRows()
        records[4][3] = "999999"
        let path = try file("centers.csv", records)
        let result = try ImportSupport.expectRefusedImport(registry, ["centers", path, "--dry-run"])
        #expect(
            result.errorText == [
                "\(path):5:4: error: region_code 999999: no such division",
                "error: \(path): 1 invalid row; nothing was imported",
            ])
    }

    @Test func dryRunWithRejectsForetellsTheRunAndCreatesNoRejectsFile() throws {
        var records = fiveRows()
        records[2][2] = "nope"
        let path = try file("centers.csv", records)
        let rejects = registry.folder.path("rejects.csv")
        let before = try registry.fingerprint()
        let result = try ImportSupport.expectImport(
            registry, ["centers", path, "--dry-run", "--rejects", rejects],
            Summary(dryRun: true, read: 5, inserted: 4, rejected: 1))
        #expect(
            result.errorText.first
                == "\(path):3:3: error: kind nope: must be one of protection, rapid-protection, operation, tisc")
        #expect(try registry.fingerprint() == before)
        #expect(!FileManager.default.fileExists(atPath: rejects))
    }

    // MARK: --rejects

    @Test func rejectsTakesExactlyTheInvalidRowsWithTheirErrorsAndImportsTheOthers() throws {
        let header = ["code", "name", "kind", "region_code", "notes"]
        let records: [[String]] = [
            header,
            ["NEW-1", "甲", "tisc", "130100", ""],
            ["NEW-2", "乙", "tisx", "130100", "kept as read: a comma, a \"quote\"\nand a line break"],
            ["NEW-3", "丙", "operation", "110108", ""],
            ["NEW-4", "丁", "tisc"],
            ["NEW-5", "戊", "tisc", "999999", ""],
            ["NEW-6", "己, \"引号\"", "protection", "120000", "多行\n备注"],
        ]
        let path = try file("centers.csv", records)
        let rejects = registry.folder.path("rejects.csv")
        try ImportSupport.expectImport(
            registry, ["centers", path, "--rejects", rejects],
            Summary(read: 6, inserted: 3, rejected: 3, note: " (rejected rows in \(rejects))"))
        let written = CenterSupport.csvRecords(try String(contentsOfFile: rejects, encoding: .utf8))
        #expect(
            written == [
                ["error"] + header,
                ["kind tisx: must be one of protection, rapid-protection, operation, tisc"] + records[2],
                ["expected 5 fields, found 3"] + records[4],
                ["region_code 999999: no such division"] + records[5],
            ])
        #expect(
            try CenterSupport.listedCodes(registry, [])
                == (CenterSupport.allCodes + ["NEW-1", "NEW-3", "NEW-6"]).sorted())
        #expect(try CenterSupport.shown(registry, "NEW-6")["name"] as? String == "己, \"引号\"")
    }

    @Test func rejectsOfAFileWithoutInvalidRowsHoldsOnlyTheHeader() throws {
        let path = try file("centers.csv", fiveRows())
        let rejects = registry.folder.path("rejects.csv")
        try ImportSupport.expectImport(
            registry, ["centers", path, "--rejects", rejects], Summary(read: 5, inserted: 5))
        #expect(
            CenterSupport.csvRecords(try String(contentsOfFile: rejects, encoding: .utf8)) == [
                ["error"] + ImportSupport.minimalHeader
            ])
    }

    @Test(arguments: ["missing-folder/rejects.csv", ""])
    func anUnwritableRejectsPathExits73AndImportsNothing(relative: String) throws {
        var records = fiveRows()
        records[2][2] = "nope"
        let path = try file("centers.csv", records)
        // "" names the registry's folder itself: a directory cannot be written as a file.
        let rejects = relative.isEmpty ? registry.folder.url.path : registry.folder.path(relative)
        let filesBefore = registry.folder.fileNames
        let result = try ImportSupport.expectRefusedImport(
            registry, ["centers", path, "--rejects", rejects], status: 73)
        #expect(result.errorText.count == 1)
        #expect(result.errorText.first?.hasPrefix("error: \(rejects): ") == true, "\(result.stderr)")
        #expect(registry.folder.fileNames == filesBefore)
    }

    @Test func anEmptyRejectsNameIsAUsageError() throws {
        let path = try file("centers.csv", fiveRows())
        try CenterSupport.expectRefusal(
            registry, ["import", "centers", path, "--rejects", ""], status: 64, message: "--rejects must name a file")
    }

    @Test func aBrokenFileWithRejectsImportsNothingAndLeavesNoRejectsFile() throws {
        let text = ImportSupport.csv(fiveRows()) + "NEW-9,\"unterminated,tisc,130100\n"
        let path = try registry.folder.write("centers.csv", text)
        let rejects = registry.folder.path("rejects.csv")
        let result = try ImportSupport.expectRefusedImport(registry, ["centers", path, "--rejects", rejects])
        #expect(result.errorText == ["error: \(path):7:7: unterminated quoted field (opened at line 7, column 7)"])
        #expect(!FileManager.default.fileExists(atPath: rejects))
        #expect(!registry.folder.fileNames.contains { $0.hasPrefix(".rejects.csv") })
    }

    // MARK: --on-conflict

    /// Two centers already in the registry, changed, and three new ones.
    func mixedFile() throws -> String {
        try file(
            "centers.csv",
            [
                ["code", "name", "name_en", "kind", "region_code", "industries", "host"],
                [
                    "PC-TJ", "中国（天津）知识产权保护中心", "China (Tianjin) IP Protection Center", "protection", "120000",
                    "new-materials", "天津市知识产权局",
                ],
                ["rpc-bazhou", "霸州（家具）知识产权快速维权中心", "", "rapid-protection", "131081", "", ""],
                ["NEW-1", "甲中心", "", "tisc", "130100", "photovoltaics;cybersecurity", ""],
                ["NEW-2", "乙中心", "Second", "operation", "120104", "", ""],
                ["NEW-3", "丙中心", "", "protection", "110108", "", "某单位"],
            ])
    }

    @Test func updateTwiceIsIdempotent() throws {
        let path = try mixedFile()
        try ImportSupport.expectImport(
            registry, ["centers", path, "--on-conflict", "update"], Summary(read: 5, inserted: 3, updated: 2))
        let csv = try ImportSupport.export(registry)
        let json = try ImportSupport.export(registry, format: "json")
        let history = try registry.json(["center", "history", "PC-TJ"]) as? [Any]
        try ImportSupport.expectImport(
            registry, ["centers", path, "--on-conflict", "update"], Summary(read: 5, unchanged: 5))
        #expect(try ImportSupport.export(registry) == csv)
        #expect(try ImportSupport.export(registry, format: "json") == json)
        #expect((try registry.json(["center", "history", "PC-TJ"]) as? [Any])?.count == history?.count)
    }

    @Test func updateReplacesTheWholeRecordAndMayChangeTheCaseOfTheCode() throws {
        try ImportSupport.expectImport(
            registry, ["centers", try mixedFile(), "--on-conflict", "update"],
            Summary(read: 5, inserted: 3, updated: 2))
        let tianjin = try CenterSupport.shown(registry, "PC-TJ")
        #expect(tianjin["industries"] as? [String] == ["new-materials"])
        #expect(tianjin["host"] as? String == "天津市知识产权局")
        #expect(tianjin["approved"] is NSNull, "a column the file leaves out is not given, so the upsert clears it")
        let bazhou = try CenterSupport.shown(registry, "RPC-BAZHOU")
        #expect(bazhou["code"] as? String == "rpc-bazhou")
        #expect(bazhou["address"] is NSNull)
    }

    @Test func skipKeepsTheExistingCenters() throws {
        let before = try CenterSupport.shown(registry, "PC-TJ")
        try ImportSupport.expectImport(
            registry, ["centers", try mixedFile(), "--on-conflict", "skip"],
            Summary(read: 5, inserted: 3, skipped: 2))
        #expect(CenterSupport.same(try CenterSupport.shown(registry, "PC-TJ"), before))
        #expect(try CenterSupport.shown(registry, "RPC-BAZHOU")["code"] as? String == "RPC-BAZHOU")
        #expect(try CenterSupport.listedCodes(registry, []).count == CenterSupport.allCodes.count + 3)
    }

    @Test(arguments: [[], ["--on-conflict", "fail"]])
    func failRefusesTheFileWhenACodeExists(policy: [String]) throws {
        let path = try mixedFile()
        let result = try ImportSupport.expectRefusedImport(registry, ["centers", path] + policy)
        #expect(
            result.errorText == [
                "\(path):2:1: error: code PC-TJ: already exists in the registry (--on-conflict skip or update)",
                "\(path):3:1: error: code rpc-bazhou: already exists in the registry (--on-conflict skip or update)",
                "error: \(path): 2 invalid rows; nothing was imported",
            ])
    }

    // MARK: a code twice in one file

    @Test(arguments: ["NEW-1", "new-1"])
    func aCodeTwiceInOneFileIsRefused(second: String) throws {
        let path = try file(
            "centers.csv",
            [
                ImportSupport.minimalHeader, ImportSupport.minimal("NEW-1"),
                ImportSupport.minimal("NEW-2"), ImportSupport.minimal(second, name: "另一个"),
            ])
        let result = try ImportSupport.expectRefusedImport(registry, ["centers", path])
        #expect(
            result.errorText == [
                "\(path):4:1: error: code \(second): appears more than once in this file",
                "error: \(path): 1 invalid row; nothing was imported",
            ])
    }

    @Test(arguments: ["skip", "update"])
    func anExistingCodeTwiceInOneFileIsRefusedWhateverThePolicy(policy: String) throws {
        let path = try file(
            "centers.csv",
            [
                ImportSupport.minimalHeader, ["PC-TJ", "天津一", "protection", "120000"],
                ["pc-tj", "天津二", "protection", "120000"],
            ])
        let result = try ImportSupport.expectRefusedImport(registry, ["centers", path, "--on-conflict", policy])
        #expect(
            result.errorText == [
                "\(path):3:1: error: code pc-tj: appears more than once in this file",
                "error: \(path): 1 invalid row; nothing was imported",
            ])
    }

    @Test func aRepeatedCodeGoesToTheRejectsAndTheFirstRowIsImported() throws {
        let records = [
            ImportSupport.minimalHeader, ImportSupport.minimal("NEW-1", name: "第一"),
            ImportSupport.minimal("New-1", name: "第二"),
        ]
        let path = try file("centers.csv", records)
        let rejects = registry.folder.path("rejects.csv")
        try ImportSupport.expectImport(
            registry, ["centers", path, "--rejects", rejects],
            Summary(read: 2, inserted: 1, rejected: 1, note: " (rejected rows in \(rejects))"))
        #expect(
            CenterSupport.csvRecords(try String(contentsOfFile: rejects, encoding: .utf8)).last
                == ["code New-1: appears more than once in this file"] + records[2])
        #expect(try CenterSupport.shown(registry, "NEW-1")["name"] as? String == "第一")
    }

    // MARK: standard input, byte-order mark, CRLF

    @Test func standardInputIsReadForADash() throws {
        let text = ImportSupport.csv(fiveRows())
        try ImportSupport.expectImport(registry, ["centers", "-"], stdin: text, Summary(read: 5, inserted: 5))
        #expect(try CenterSupport.listedCodes(registry, ["--search", "测试中心"]) == (1...5).map { "NEW-\($0)" })
    }

    @Test func errorsInStandardInputNameIt() throws {
        var records = fiveRows()
        records[3][0] = "bad code"
        let result = try ImportSupport.expectRefusedImport(
            registry, ["centers", "-"], stdin: ImportSupport.csv(records))
        #expect(result.errorText.first?.hasPrefix("<stdin>:4:1: error: code bad code: ") == true, "\(result.stderr)")
        #expect(result.errorText.last == "error: <stdin>: 1 invalid row; nothing was imported")
    }

    @Test func aFileWithByteOrderMarkAndCRLFImportsTheSameAsItsPlainTwin() throws {
        // Line breaks inside quoted fields are data, so the twin keeps them; CRLF ends its records.
        let records = [ImportSupport.centerHeader] + ImportSupport.generatedCenters(60)
        let plain = try TestRegistry()
        let crlf = try TestRegistry()
        let plainPath = try plain.folder.write("plain.csv", ImportSupport.csv(records))
        let crlfPath = try crlf.folder.write("crlf.csv", "\u{FEFF}" + ImportSupport.csv(records, lineEnd: "\r\n"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: crlfPath)).prefix(3) == Data([0xEF, 0xBB, 0xBF]))
        try ImportSupport.expectImport(plain, ["centers", plainPath], Summary(read: 60, inserted: 60))
        try ImportSupport.expectImport(crlf, ["centers", crlfPath], Summary(read: 60, inserted: 60))
        let export = try ImportSupport.export(plain)
        #expect(CenterSupport.csvRecords(export).count == 61)
        #expect(try ImportSupport.export(crlf) == export)
    }

    // MARK: history

    @Test func everyImportedCenterHasAnImportHistoryEntry() throws {
        try ImportSupport.expectImport(
            registry, ["centers", try mixedFile(), "--on-conflict", "update"],
            Summary(read: 5, inserted: 3, updated: 2))
        for code in ["NEW-1", "NEW-2", "NEW-3"] {
            let entries = try #require(try registry.json(["center", "history", code]) as? [[String: Any]])
            #expect(entries.count == 1)
            #expect(entries.first?["change"] as? String == "import")
            #expect((entries.first?["fields"] as? [String])?.starts(with: ["code", "name"]) == true)
        }
        let tianjin = try #require(try registry.json(["center", "history", "PC-TJ"]) as? [[String: Any]])
        #expect(tianjin.map { $0["change"] as? String } == ["import", "add"])
        // Changed: English name, industries (new-generation-it dropped), host, and the approval fields the file leaves out.
        #expect(
            tianjin.first?["fields"] as? [String] == [
                "name_en", "industries", "services", "approved", "approval_doc", "host",
            ])
        let bazhou = try #require(try registry.json(["center", "history", "RPC-BAZHOU"]) as? [[String: Any]])
        #expect(bazhou.first?["change"] as? String == "import")
        #expect(bazhou.first?["fields"] as? [String] == ["code", "address", "services", "approved"])
    }

    @Test func anUnchangedOrSkippedCenterGetsNoHistory() throws {
        let path = try mixedFile()
        try ImportSupport.expectImport(
            registry, ["centers", path, "--on-conflict", "update"], Summary(read: 5, inserted: 3, updated: 2))
        try ImportSupport.expectImport(
            registry, ["centers", path, "--on-conflict", "skip"], Summary(read: 5, skipped: 5))
        let tianjin = try #require(try registry.json(["center", "history", "PC-TJ"]) as? [[String: Any]])
        #expect(tianjin.count == 2)
    }

    // MARK: summary

    @Test func aFileWithOnlyAHeaderImportsNothingAndSucceeds() throws {
        let path = try file("centers.csv", [ImportSupport.centerHeader])
        let before = try CenterSupport.listedCodes(registry, [])
        try ImportSupport.expectImport(registry, ["centers", path], Summary(read: 0))
        #expect(try CenterSupport.listedCodes(registry, []) == before)
    }

    @Test func theSummaryIsTheOnlyLineOnStandardErrorOfAGoodImport() throws {
        let result = try ImportSupport.expectImport(
            registry, ["centers", try file("centers.csv", fiveRows())], Summary(read: 5, inserted: 5))
        #expect(result.errorText.count == 1)
        #expect(result.stderr.hasPrefix("read 5, inserted 5, updated 0, unchanged 0, skipped 0, rejected 0, "))
        #expect(result.stderr.hasSuffix(" s\n"))
    }
}

/// `import --format json`: the report the web API's `/api/import` answers with, on standard output.
@Suite struct ImportJSONReportTests {
    let registry: TestRegistry

    init() throws { registry = try CenterSupport.registry() }

    @Test func theReportCountsWhatTheImportDid() throws {
        var records = [ImportSupport.minimalHeader] + (1...3).map { ImportSupport.minimal("NEW-\($0)") }
        records[2][2] = "tisx"
        let path = try registry.folder.write("centers.csv", ImportSupport.csv(records, lineEnd: "\n"))
        let rejects = registry.folder.path("rejects.csv")
        let result = try registry.run(["import", "centers", path, "--format", "json", "--rejects", rejects])
        #expect(result.status == 0, "\(result.stderr)")
        let report = try #require(
            try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], "\(result.stdout)")
        #expect(report["kind"] as? String == "centers" && report["written"] as? Bool == true)
        #expect(report["dry_run"] as? Bool == false && report["read"] as? Int == 3)
        #expect(report["added"] as? Int == 2 && report["rejected"] as? Int == 1 && report["updated"] as? Int == 0)
        // The rejected row went to the rejects file, with its error, not to the report's errors.
        #expect(report["errors"] as? [String] == [])
        #expect(try String(contentsOfFile: rejects, encoding: .utf8).contains("kind tisx"))
        // The summary line stays on standard error, as without --format.
        #expect(result.stderr.contains("read 3, inserted 2"), "\(result.stderr)")
    }

    @Test func aDryRunSaysSoAndWritesNothing() throws {
        // (A refused file prints its row errors on standard error and nothing on standard output.)
        let records = [ImportSupport.minimalHeader, ImportSupport.minimal("NEW-1")]
        let path = try registry.folder.write("centers.csv", ImportSupport.csv(records, lineEnd: "\n"))
        let before = try registry.fingerprint()
        let result = try registry.run(["import", "centers", path, "--format", "json", "--dry-run"])
        let report = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(report["dry_run"] as? Bool == true && report["written"] as? Bool == false)
        #expect(report["added"] as? Int == 1)
        #expect(try registry.fingerprint() == before)
    }

    @Test func reportAndRejectsCannotBothTakeStandardOutput() throws {
        let records = [ImportSupport.minimalHeader, ImportSupport.minimal("NEW-1")]
        let path = try registry.folder.write("centers.csv", ImportSupport.csv(records, lineEnd: "\n"))
        let before = try registry.fingerprint()
        let result = try registry.run(["import", "centers", path, "--format", "json", "--rejects", "-"])
        #expect(result.status == 64 && result.errorLines.count == 1 && result.stdout.isEmpty, "\(result.stderr)")
        #expect(try registry.fingerprint() == before)
    }
}
