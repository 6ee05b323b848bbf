// `export --format xlsx` (docs/files.md) as a spreadsheet user meets it: a sized sheet (its
// `<dimension>`, which openpyxl's read-only mode needs), a bold header row frozen at the top,
// columns as wide as their text (Chinese counting double); every value an inline text cell, so
// `=1+1` stays text; control characters kept as Excel's `_xHHHH_` escapes, so the workbook
// imports back to the same registry as the CSV export shows it.
import Foundation
import Testing

@Suite struct WorkbookExportTests {
    /// A registry with one center whose text has what a workbook must keep: CR, CRLF, tabs and
    /// U+FFFF (which XML cannot hold; it was dropped) in its notes, a literal `_x000D_` in its
    /// name, formula-looking text in its address.
    private func registryWithAwkwardText() throws -> TestRegistry {
        let registry = try TestRegistry()
        let added = try registry.run([
            "center", "add", "--code", "AWK-1", "--name", "中国（北京）知识产权保护中心_x000D_", "--kind", "protection",
            "--region", "110000", "--address", "=1+1", "--approval-doc", "@SUM(1+1)",
            "--notes", "line one\r\nline two\tafter a tab\rafter a lone CR\u{FFFF}",
        ])
        #expect(added.status == 0, "\(added.stderr)")
        return registry
    }

    @Test func controlCharactersAndEscapeLookalikesRoundTripThroughTheWorkbook() throws {
        let registry = try registryWithAwkwardText()
        let workbook = registry.folder.path("centers.xlsx")
        #expect(try registry.run(["export", "centers", "--format", "xlsx", "--output", workbook]).status == 0)
        let copy = try TestRegistry()
        let imported = try copy.run(["import", "centers", workbook])
        #expect(imported.status == 0, "\(imported.stderr)")
        let original = try ImportSupport.export(registry)
        #expect(original.contains("line one\r\nline two\tafter a tab\rafter a lone CR\u{FFFF}"))
        #expect(original.contains("_x000D_,"))
        #expect(try ImportSupport.export(copy) == original)
    }

    @Test(.enabled(if: Workbooks.python != nil, "needs python3 (its zipfile reads the workbook's XML)"))
    func formulaLookingTextIsAnInlineStringNeverAFormula() throws {
        let registry = try registryWithAwkwardText()
        let workbook = registry.folder.path("centers.xlsx")
        #expect(try registry.run(["export", "centers", "--format", "xlsx", "--output", workbook]).status == 0)
        let sheet = try Self.part(workbook, "xl/worksheets/sheet1.xml", in: registry.folder)
        #expect(!sheet.contains("<f>") && !sheet.contains("<f "))
        #expect(sheet.contains("t=\"inlineStr\"><is><t xml:space=\"preserve\">=1+1</t></is>"), "\(sheet)")
        #expect(sheet.contains("<t xml:space=\"preserve\">@SUM(1+1)</t>"))
        // CR is written as Excel writes it (an XML reader would turn a raw CR into LF).
        #expect(sheet.contains("line one_x000D_\nline two\tafter a tab_x000D_after a lone CR_xFFFF_"))
        #expect(sheet.contains("中国（北京）知识产权保护中心_x005F_x000D_"))
    }

    @Test(.enabled(if: Workbooks.openpyxlAvailable, Comment(rawValue: Workbooks.needsOpenpyxl)))
    func theSheetIsSizedWithABoldFrozenHeaderAndFittedColumns() throws {
        let registry = try TestRegistry()
        _ = try registry.run(["import", "centers", ImportSupport.examples.appendingPathComponent("centers.csv").path])
        let workbook = registry.folder.path("centers.xlsx")
        #expect(try registry.run(["export", "centers", "--format", "xlsx", "--output", workbook]).status == 0)
        let csvRows = try Workbooks.read(workbook, in: registry.folder).count
        #expect(csvRows > 2)
        let text = try Workbooks.script("xlsx-fixture", ["inspect", workbook], folder: registry.folder)
        let layout = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        // 18 columns (A-R), the header and every center.
        #expect(layout["dimension"] as? String == "A1:R\(csvRows)")
        #expect((layout["row_lengths"] as? [Int])?.allSatisfy { $0 == 18 } == true, "\(layout)")
        #expect(layout["freeze_panes"] as? String == "A2")
        #expect(layout["header_bold"] as? Bool == true)
        #expect(layout["body_bold"] as? Bool == false)
        #expect((layout["types"] as? [[String]])?.allSatisfy { $0.allSatisfy { $0 == "s" } } == true)
        let widths = try #require(layout["widths"] as? [String: Double])
        #expect(widths.count == 18)
        // `name` holds Chinese names of a dozen characters and more: wider than `kind` (`protection`).
        #expect(try #require(widths["B"]) >= 2 * 10)
        #expect(try #require(widths["B"]) > (try #require(widths["D"])))
        #expect(widths.values.allSatisfy { $0 >= 8 && $0 <= 60 })
    }

    @Test(.enabled(if: Workbooks.openpyxlAvailable, Comment(rawValue: Workbooks.needsOpenpyxl)))
    func anEmptyExportIsSizedToItsHeader() throws {
        let registry = try TestRegistry()
        let workbook = registry.folder.path("figures.xlsx")
        #expect(try registry.run(["export", "figures", "--format", "xlsx", "--output", workbook]).status == 0)
        let text = try Workbooks.script("xlsx-fixture", ["inspect", workbook], folder: registry.folder)
        let layout = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(layout["dimension"] as? String == "A1:J1")
        #expect(layout["row_lengths"] as? [Int] == [10])
    }

    /// One part of a zip, as text, read with python3's zipfile.
    static func part(_ workbook: String, _ name: String, in folder: TemporaryDirectory) throws -> String {
        guard let python = Workbooks.python else { return "" }
        let outcome = try Spawned(
            [
                "-c", "import sys, zipfile; sys.stdout.buffer.write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]))",
                workbook, name,
            ], executable: python, outputFolder: folder.url
        ).wait(timeout: 60)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        return outcome.stdout
    }
}
