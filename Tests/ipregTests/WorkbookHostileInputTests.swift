// docs/files.md: "A workbook is an untrusted zip of XML". Each workbook of
// Scripts/xlsx-hostile (zip bombs, DOCTYPE and entities, a cell at XFD1048576, shared-string
// indexes out of range, missing parts, OLE files, truncated and corrupt zips, garbage, two
// entries with one name, malformed XML, huge character references) is refused with status 65 and an error line, without a crash or a hang,
// and the registry is left as it was. Scripts/stress runs them against the release binary with
// its time and memory.
import Foundation
import Testing

@Suite struct WorkbookHostileInputTests {
    @Test(.enabled(if: Workbooks.python != nil, "needs python3 (its zipfile writes the hostile workbooks)"))
    func everyHostileWorkbookIsRefusedWith65AndTheRegistryUnchanged() throws {
        let registry = try TestRegistry()
        _ = try registry.run(["import", "centers", ImportSupport.examples.appendingPathComponent("centers.csv").path])
        let folder = try TemporaryDirectory()
        try Workbooks.script("xlsx-hostile", [folder.path("cases")], folder: folder)
        let cases = try FileManager.default.contentsOfDirectory(atPath: folder.path("cases")).sorted()
        #expect(cases.count >= 24)
        let before = try registry.fingerprint()
        for name in cases {
            let outcome = try registry.spawn(["import", "centers", folder.path("cases/" + name)], timeout: 60)
            #expect(outcome.status == 65 && !outcome.crashed && !outcome.timedOut, "\(name): \(outcome)")
            #expect(!outcome.errorLines.isEmpty && !outcome.showsAStackTrace, "\(name): \(outcome)")
        }
        #expect(try registry.fingerprint() == before)
    }

    @Test(.enabled(if: Workbooks.python != nil, "needs python3 (its zipfile writes the hostile workbooks)"))
    func aDoctypeIsRefusedBeforeAnyEntityIsExpanded() throws {
        let folder = try TemporaryDirectory()
        try Workbooks.script("xlsx-hostile", [folder.path("cases")], folder: folder)
        let registry = try TestRegistry()
        let result = try ImportSupport.expectRefusedImport(
            registry, ["centers", folder.path("cases/entity-billion-laughs.xlsx")])
        #expect(result.stderr.contains("declares a document type or entity"), "\(result.stderr)")
    }

    @Test(.enabled(if: Workbooks.python != nil, "needs python3 (its zipfile writes the hostile workbooks)"))
    func aZipBombIsRefusedNamingTheCap() throws {
        let folder = try TemporaryDirectory()
        try Workbooks.script("xlsx-hostile", [folder.path("cases")], folder: folder)
        let registry = try TestRegistry()
        for name in ["bomb-ratio.xlsx", "bomb-strings.xlsx"] {
            let result = try ImportSupport.expectRefusedImport(registry, ["centers", folder.path("cases/" + name)])
            #expect(result.stderr.contains("expands past 100 times its compressed size"), "\(name): \(result.stderr)")
        }
    }

    @Test(.enabled(if: Workbooks.python != nil, "needs python3 (its zipfile writes the hostile workbooks)"))
    func aSharedStringIndexOutOfRangeIsNamedByItsCell() throws {
        let folder = try TemporaryDirectory()
        try Workbooks.script("xlsx-hostile", [folder.path("cases")], folder: folder)
        let file = folder.path("cases/shared-string-out-of-range.xlsx")
        let result = try ImportSupport.expectRefusedImport(try TestRegistry(), ["centers", file])
        #expect(
            result.errorLines == [
                "error: \(file):centers!B2: damaged workbook: shared string 99999999 does not exist (the workbook has 1)"
            ])
    }

    @Test(.enabled(if: Workbooks.python != nil, "needs python3 (its zipfile writes the hostile workbooks)"))
    func twoEntriesWithOneNameInAnyCaseAreRefused() throws {
        let folder = try TemporaryDirectory()
        try Workbooks.script("xlsx-hostile", [folder.path("cases")], folder: folder)
        for (name, entry) in [
            ("duplicate-entry.xlsx", "xl/worksheets/sheet1.xml"),
            ("duplicate-entry-case.xlsx", "xl/Worksheets/Sheet1.xml"),
        ] {
            let file = folder.path("cases/" + name)
            let result = try ImportSupport.expectRefusedImport(try TestRegistry(), ["centers", file])
            #expect(
                result.errorLines.first?.hasPrefix(
                    "error: \(file): damaged workbook: the zip holds two entries named \(entry) (only one may be read)")
                    == true, "\(result.stderr)")
        }
    }

    @Test(.enabled(if: Workbooks.python != nil, "needs python3 (its zipfile writes the hostile workbooks)"))
    func malformedXMLIsRefusedAndPlaced() throws {
        let folder = try TemporaryDirectory()
        try Workbooks.script("xlsx-hostile", [folder.path("cases")], folder: folder)
        let expected = [
            // After the data: the whole file; inside a row: the cell being read.
            "unclosed-elements.xlsx": ":", "unclosed-in-cell.xlsx": ":centers!C2:",
            "mismatched-end-tag.xlsx": ":centers!A2:", "character-reference-huge.xlsx": ":centers!C2:",
        ]
        for (name, place) in expected {
            let file = folder.path("cases/" + name)
            let result = try ImportSupport.expectRefusedImport(try TestRegistry(), ["centers", file])
            let line = String(result.errorLines.first ?? "")
            #expect(line.hasPrefix("error: \(file)\(place) damaged workbook: xl/worksheets/sheet1.xml "), "\(line)")
            #expect(result.errorLines.count == 1, "\(result.stderr)")
        }
        let huge = try ImportSupport.expectRefusedImport(
            try TestRegistry(), ["centers", folder.path("cases/character-reference-huge.xlsx")])
        #expect(huge.stderr.contains("an invalid character reference &#99999999999999999999;"), "\(huge.stderr)")
        let open = try ImportSupport.expectRefusedImport(
            try TestRegistry(), ["centers", folder.path("cases/unclosed-elements.xlsx")])
        #expect(open.stderr.contains("nests elements more than 256 deep"), "\(open.stderr)")
    }
}
