// Workbooks other writers make (Scripts/xlsx-quirks), which a spreadsheet and openpyxl open: a
// chart sheet before the data, an unusual `<dimension>` (only a hint), part names in another case,
// Excel's `_xHHHH_` escapes (CR as `_x000D_`, the escaped escape `_x005F_x000D_`); and what must
// still be refused in them: a number cell that is not decimal, a formula never calculated.
import Foundation
import Testing

@Suite(.enabled(if: Workbooks.python != nil, "needs python3 (its zipfile writes the quirky workbooks)"))
struct WorkbookQuirksTests {
    /// The cases of Scripts/xlsx-quirks, written once per test into its folder.
    private static func cases() throws -> TemporaryDirectory {
        let folder = try TemporaryDirectory()
        try Workbooks.script("xlsx-quirks", [folder.path("cases")], folder: folder)
        return folder
    }

    /// The name of center X-1 after importing `name`; the import must succeed.
    private func importedName(_ name: String, in folder: TemporaryDirectory) throws -> String? {
        let registry = try TestRegistry()
        let result = try registry.run(["import", "centers", folder.path("cases/" + name)])
        #expect(result.status == 0, "\(name): \(result.stderr)")
        let center = try registry.json(["center", "show", "X-1"]) as? [String: Any]
        return center?["name"] as? String
    }

    @Test func aChartSheetBeforeTheDataIsPassedByForTheFirstWorksheet() throws {
        let folder = try Self.cases()
        #expect(try importedName("chart-sheet-first.xlsx", in: folder) == "测试中心")
        let file = folder.path("cases/chart-sheet-first.xlsx")
        let registry = try TestRegistry()
        #expect(try registry.run(["import", "centers", file, "--sheet", "centers"]).status == 0)
        let chart = try ImportSupport.expectRefusedImport(try TestRegistry(), ["centers", file, "--sheet", "Chart1"])
        #expect(
            chart.errorLines == [
                "error: \(file): sheet 'Chart1' is a chart sheet, which holds no cells; "
                    + "the workbook has: Chart1 (a chart sheet), centers"
            ])
        let only = folder.path("cases/only-chart-sheets.xlsx")
        let none = try ImportSupport.expectRefusedImport(try TestRegistry(), ["centers", only])
        #expect(
            none.errorLines == [
                "error: \(only): the workbook has no worksheet, only chart sheets (Chart1 (a chart sheet)); "
                    + "save the data on a worksheet"
            ])
    }

    @Test func anUnusualDimensionIsOnlyAHint() throws {
        let folder = try Self.cases()
        for name in ["dimension-rows.xlsx", "dimension-columns.xlsx", "dimension-empty.xlsx", "dimension-absurd.xlsx"] {
            #expect(try importedName(name, in: folder) == "测试中心", "\(name)")
        }
    }

    @Test func partNamesInAnotherCaseAreTheSameParts() throws {
        #expect(try importedName("part-names-case.xlsx", in: try Self.cases()) == "测试中心")
    }

    @Test func excelEscapesAreDecodedBeforeTheFieldsRules() throws {
        let folder = try Self.cases()
        for name in ["escape-cr-shared.xlsx", "escape-cr-inline.xlsx"] {
            let file = folder.path("cases/" + name)
            let result = try ImportSupport.expectRefusedImport(try TestRegistry(), ["centers", file])
            #expect(
                result.errorLines.first
                    == "\(file):centers!B2: error: name '测试\\r中心': must not contain control characters",
                "\(result.stderr)")
        }
        #expect(try importedName("escape-escaped-shared.xlsx", in: folder) == "测试_x000D_中心")
        #expect(try importedName("escape-escaped-inline.xlsx", in: folder) == "测试_x000D_中心")
        #expect(try importedName("escape-character.xlsx", in: folder) == "测试中心")
    }

    @Test func aNumberCellIsReadAsADecimalOnly() throws {
        let folder = try Self.cases()
        for (name, text) in [("number-hex.xlsx", "0x1FC34"), ("number-inf.xlsx", "inf"), ("number-nan.xlsx", "nan")] {
            let file = folder.path("cases/" + name)
            let result = try ImportSupport.expectRefusedImport(try TestRegistry(), ["centers", file])
            #expect(
                result.errorLines == [
                    "error: \(file):centers!D2: damaged workbook: the number cell holds '\(text)', "
                        + "which is not a decimal number"
                ])
        }
        let registry = try TestRegistry()
        #expect(try registry.run(["import", "centers", folder.path("cases/number-exponent.xlsx")]).status == 0)
        let center = try registry.json(["center", "show", "X-1"]) as? [String: Any]
        #expect(center?["region_code"] as? String == "130100")
    }

    @Test func aFormulaWithNoCachedValueIsNamedAtItsCell() throws {
        let folder = try Self.cases()
        let file = folder.path("cases/formula-uncalculated.xlsx")
        let result = try ImportSupport.expectRefusedImport(try TestRegistry(), ["centers", file])
        #expect(
            result.errorLines.first.map(String.init)
                == "\(file):centers!D2: error: an uncalculated formula (the workbook holds no value for it): "
                + "open the workbook in a spreadsheet, let it calculate and save it again", "\(result.stderr)")
    }
}
