// docs/files.md, Excel workbooks: a workbook written by openpyxl imports exactly like the
// same data as CSV (compared through the CSV export), whatever its cells are (shared and inline
// strings, whole and decimal numbers, dates in either date system, line breaks, empty cells,
// several sheets); problems are named FILE:SHEET!CELL; `export --format xlsx` is read back by
// openpyxl with the CSV export's values and imports to the same registry.
import Foundation
import Testing

@Suite struct WorkbookImportTests {
    typealias V = Workbooks.Value

    static let header = ImportSupport.centerHeader.map { V.shared($0) }

    /// Two centers as typed cells, and the same two as the CSV an office would send.
    static let typedRows: [[V]] = [
        [
            .shared("WB-1"), .shared("甲知识产权保护中心"), .inline("Center A, \"quoted\""), .shared("protection"),
            .shared("operating"),
            .int(130100), .shared("石家庄市\n第二行"), .shared("photovoltaics;cybersecurity"), .none,
            .date("2021-04-15", format: nil),
            .date("2022-01-03", format: "mm-dd-yy"), .none, .none, .number(38.0428), .number(114.5149), .none,
            .inline("source, 2021"), .none,
        ],
        [
            .inline("WB-2"), .inline("乙中心"), .none, .shared("tisc"), .none, .inline("130102"), .none, .none,
            .shared("training"),
            .shared("2021-04"), .shared("2021"), .none, .none, .int(38), .int(114), .none, .none, .shared("多行\n备注"),
        ],
    ]
    static let csvRows: [[String]] = [
        [
            "WB-1", "甲知识产权保护中心", "Center A, \"quoted\"", "protection", "operating", "130100", "石家庄市\n第二行",
            "photovoltaics;cybersecurity", "", "2021-04-15", "2022-01-03", "", "", "38.0428", "114.5149", "",
            "source, 2021", "",
        ],
        [
            "WB-2", "乙中心", "", "tisc", "", "130102", "", "", "training", "2021-04", "2021", "", "", "38", "114", "", "",
            "多行\n备注",
        ],
    ]

    /// The export of a registry that imported `arguments`' file; the import must succeed.
    private func exportAfterImport(
        _ arguments: [String], kind: String = "centers", setup: [[String]] = []
    ) throws -> String {
        let registry = try TestRegistry()
        for step in setup { _ = try registry.run(step) }
        let result = try registry.run(["import", kind] + arguments)
        #expect(result.status == 0, "\(arguments): \(result.stderr)")
        return try ImportSupport.export(registry, kind)
    }

    @Test(.enabled(if: Workbooks.openpyxlAvailable, Comment(rawValue: Workbooks.needsOpenpyxl)))
    func workbookOfTypedCellsImportsLikeTheSameCSV() throws {
        let folder = try TemporaryDirectory()
        let workbook = try Workbooks.write(
            "centers.xlsx", sheets: [("centers", [Self.header] + Self.typedRows)], in: folder)
        let csv = try folder.write("centers.csv", ImportSupport.csv([ImportSupport.centerHeader] + Self.csvRows))
        let fromCSV = try exportAfterImport([csv])
        #expect(fromCSV.contains("WB-2"))
        #expect(try exportAfterImport([workbook]) == fromCSV)
    }

    @Test(.enabled(if: Workbooks.openpyxlAvailable, Comment(rawValue: Workbooks.needsOpenpyxl)))
    func datesOfThe1904SystemReadAsTheSameDays() throws {
        let folder = try TemporaryDirectory()
        let workbook = try Workbooks.write(
            "mac.xlsx", sheets: [("centers", [Self.header] + Self.typedRows)], date1904: true, in: folder)
        let csv = try folder.write("centers.csv", ImportSupport.csv([ImportSupport.centerHeader] + Self.csvRows))
        #expect(try exportAfterImport([workbook]) == exportAfterImport([csv]))
    }

    @Test(.enabled(if: Workbooks.openpyxlAvailable, Comment(rawValue: Workbooks.needsOpenpyxl)))
    func sheetOptionImportsTheNamedSheetAndTheFirstIsTheDefault() throws {
        let folder = try TemporaryDirectory()
        let other: [[V]] = [
            [.shared("code"), .shared("name"), .shared("kind"), .shared("region_code")],
            [.shared("FIRST-1"), .shared("首张"), .shared("tisc"), .int(130100)],
        ]
        let workbook = try Workbooks.write(
            "two.xlsx", sheets: [("说明", other), ("centers", [Self.header] + Self.typedRows)], in: folder)
        let csv = try folder.write("centers.csv", ImportSupport.csv([ImportSupport.centerHeader] + Self.csvRows))
        #expect(try exportAfterImport([workbook, "--sheet", "centers"]) == exportAfterImport([csv]))
        let first = try exportAfterImport([workbook])
        #expect(first.contains("FIRST-1") && !first.contains("WB-1"))
    }

    @Test(.enabled(if: Workbooks.openpyxlAvailable, Comment(rawValue: Workbooks.needsOpenpyxl)))
    func anUnknownSheetIsRefusedNamingTheSheetsThereAre() throws {
        let folder = try TemporaryDirectory()
        let workbook = try Workbooks.write(
            "one.xlsx", sheets: [("centers", [Self.header] + Self.typedRows)], in: folder)
        let registry = try TestRegistry()
        let result = try ImportSupport.expectRefusedImport(registry, ["centers", workbook, "--sheet", "Sheet9"])
        #expect(result.errorLines == ["error: \(workbook): no sheet named 'Sheet9'; the workbook has: centers"])
    }

    @Test(.enabled(if: Workbooks.openpyxlAvailable, Comment(rawValue: Workbooks.needsOpenpyxl)))
    func statisticsWorkbookImportsLikeTheSameCSV() throws {
        let folder = try TemporaryDirectory()
        let centers = try folder.write("centers.csv", ImportSupport.csv([ImportSupport.centerHeader] + Self.csvRows))
        let header = ImportSupport.statisticsHeader.map { V.shared($0) }
        let rows: [[V]] = [
            [.shared("WB-1"), .shared("2021"), .int(120), .int(45), .shared("年报")],
            [.inline("WB-2"), .shared("2022-03"), .none, .int(7), .none],
        ]
        let workbook = try Workbooks.write("stats.xlsx", sheets: [("stats", [header] + rows)], in: folder)
        let csv = try folder.write(
            "stats.csv",
            ImportSupport.csv([
                ImportSupport.statisticsHeader,
                ["WB-1", "2021", "120", "45", "年报"], ["WB-2", "2022-03", "", "7", ""],
            ]))
        let setup = [["import", "centers", centers]]
        let fromCSV = try exportAfterImport([csv], kind: "stats", setup: setup)
        #expect(fromCSV.contains("2022-03"))
        #expect(try exportAfterImport([workbook], kind: "stats", setup: setup) == fromCSV)
    }

    @Test(.enabled(if: Workbooks.openpyxlAvailable, Comment(rawValue: Workbooks.needsOpenpyxl)))
    func regionsWorkbookImportsLikeTheSameCSV() throws {
        let folder = try TemporaryDirectory()
        let rows: [[V]] = [
            [.shared("code"), .shared("name"), .shared("name_en")],
            [.int(139_901), .shared("测试县"), .inline("Test County")], [.inline("139801"), .shared("另一县"), .none],
        ]
        let workbook = try Workbooks.write("regions.xlsx", sheets: [("regions", rows)], in: folder)
        let csv = try folder.write(
            "regions.csv",
            ImportSupport.csv([
                ["code", "name", "name_en"], ["139901", "测试县", "Test County"],
                ["139801", "另一县", ""],
            ]))
        func regions(_ file: String) throws -> String {
            let registry = try TestRegistry()
            try ImportSupport.expectImport(registry, ["regions", file], ImportSupport.Summary(read: 2, inserted: 2))
            return try registry.run(["region", "list", "--parent", "130000", "--format", "csv"]).stdout
        }
        let fromCSV = try regions(csv)
        #expect(fromCSV.contains("139901") && fromCSV.contains("Test County"))
        #expect(try regions(workbook) == fromCSV)
    }

    @Test(.enabled(if: Workbooks.openpyxlAvailable, Comment(rawValue: Workbooks.needsOpenpyxl)))
    func anErrorCellIsAnInvalidValueNamedBySheetAndCell() throws {
        let folder = try TemporaryDirectory()
        var rows = Self.typedRows
        rows[1][1] = .error("#N/A")
        let workbook = try Workbooks.write("na.xlsx", sheets: [("centers", [Self.header] + rows)], in: folder)
        let result = try ImportSupport.expectRefusedImport(try TestRegistry(), ["centers", workbook])
        #expect(
            result.errorLines.first == "\(workbook):centers!B3: error: the cell holds the error value #N/A, not a value"
        )
    }

    @Test(.enabled(if: Workbooks.openpyxlAvailable, Comment(rawValue: Workbooks.needsOpenpyxl)))
    func rowErrorsAreNamedBySheetAndCell() throws {
        let folder = try TemporaryDirectory()
        var rows = Self.typedRows
        rows[1][3] = .shared("nope")
        let workbook = try Workbooks.write("bad.xlsx", sheets: [("中心", [Self.header] + rows)], in: folder)
        let result = try ImportSupport.expectRefusedImport(try TestRegistry(), ["centers", workbook])
        #expect(result.errorLines.first?.hasPrefix("\(workbook):中心!D3: error: kind nope") == true, "\(result.stderr)")
    }

    @Test(.enabled(if: Workbooks.openpyxlAvailable, Comment(rawValue: Workbooks.needsOpenpyxl)))
    func theExamplesAsAWorkbookImportLikeTheCSV() throws {
        let folder = try TemporaryDirectory()
        let csv = ImportSupport.examples.appendingPathComponent("centers.csv").path
        let workbook = folder.path("centers.xlsx")
        try Workbooks.script("xlsx-fixture", ["csv2xlsx", csv, workbook, "--typed"], folder: folder)
        #expect(try exportAfterImport([workbook]) == exportAfterImport([csv]))
    }

    @Test(.enabled(if: Workbooks.openpyxlAvailable, Comment(rawValue: Workbooks.needsOpenpyxl)))
    func anExportedWorkbookReadsBackInOpenpyxlWithTheCSVValues() throws {
        let registry = try TestRegistry()
        _ = try registry.run(["import", "centers", ImportSupport.examples.appendingPathComponent("centers.csv").path])
        let workbook = registry.folder.path("export.xlsx")
        let result = try registry.run(["export", "centers", "--format", "xlsx", "--output", workbook])
        #expect(result.status == 0 && result.stdout.isEmpty, "\(result.stderr)")
        let csvPath = try registry.folder.write("export.csv", try ImportSupport.export(registry))
        let expected =
            try JSONSerialization.jsonObject(
                with: Data(
                    try Workbooks.script(
                        "xlsx-fixture", ["csvrows", csvPath],
                        folder: registry.folder
                    ).utf8)) as? [[String]]
        #expect((expected?.count ?? 0) > 2, "the example export has a header and centers")
        #expect(try Workbooks.read(workbook, in: registry.folder) == expected)
    }

    @Test func anExportedWorkbookImportsIntoAnEmptyRegistryToTheSameExport() throws {
        let registry = try TestRegistry()
        _ = try registry.run(["import", "centers", ImportSupport.examples.appendingPathComponent("centers.csv").path])
        _ = try registry.run(["import", "stats", ImportSupport.examples.appendingPathComponent("stats.csv").path])
        let centers = registry.folder.path("centers.xlsx")
        let stats = registry.folder.path("stats.xlsx")
        #expect(try registry.run(["export", "centers", "--format", "xlsx", "--output", centers]).status == 0)
        #expect(try registry.run(["export", "stats", "--format", "xlsx", "--output", stats]).status == 0)
        let copy = try TestRegistry()
        #expect(try copy.run(["import", "centers", centers]).status == 0)
        #expect(try copy.run(["import", "stats", stats]).status == 0)
        #expect(try ImportSupport.export(copy) == ImportSupport.export(registry))
        #expect(try ImportSupport.export(copy, "stats") == ImportSupport.export(registry, "stats"))
    }

    @Test func exportedFiguresAsAWorkbookImportIntoAnEmptyRegistryToTheSameExport() throws {
        let registry = try TestRegistry()
        let figures = ImportSupport.examples.appendingPathComponent("figures.csv").path
        #expect(try registry.run(["import", "figures", figures]).status == 0)
        let workbook = registry.folder.path("figures.xlsx")
        #expect(try registry.run(["export", "figures", "--format", "xlsx", "--output", workbook]).status == 0)
        let copy = try TestRegistry()
        let result = try copy.run(["import", "figures", workbook])
        #expect(result.status == 0, "\(result.stderr)")
        let exported = try ImportSupport.export(registry, "figures")
        #expect(exported.contains("BTH-PROTECTION-CENTERS-2023"))
        #expect(try ImportSupport.export(copy, "figures") == exported)
    }

    @Test(.enabled(if: Workbooks.openpyxlAvailable, Comment(rawValue: Workbooks.needsOpenpyxl)))
    func theExampleFiguresAsAnOpenpyxlWorkbookImportLikeTheCSV() throws {
        let folder = try TemporaryDirectory()
        let csv = ImportSupport.examples.appendingPathComponent("figures.csv").path
        let workbook = folder.path("figures.xlsx")
        try Workbooks.script("xlsx-fixture", ["csv2xlsx", csv, workbook, "--typed"], folder: folder)
        let fromCSV = try exportAfterImport([csv], kind: "figures")
        #expect(fromCSV.contains("BTH-OPERATION-SET-UP-2023"))
        #expect(try exportAfterImport([workbook], kind: "figures") == fromCSV)
    }

    @Test func encodingOnAWorkbookIsRefusedSayingWhy() throws {
        let registry = try TestRegistry()
        let workbook = registry.folder.path("centers.xlsx")
        #expect(try registry.run(["export", "centers", "--format", "xlsx", "--output", workbook]).status == 0)
        let result = try ImportSupport.expectRefusedImport(registry, ["centers", workbook, "--encoding", "gb18030"])
        #expect(
            result.errorLines == [
                "error: \(workbook): --encoding gb18030: the file is an Excel workbook, "
                    + "whose text is always Unicode: leave --encoding out"
            ])
    }

    @Test func anOldBinaryXLSIsRefusedWithAHintToSaveAsXLSXOrCSV() throws {
        let registry = try TestRegistry()
        let file = try registry.folder.write(
            "old.xls", bytes: [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] + [UInt8](repeating: 0, count: 504))
        let result = try ImportSupport.expectRefusedImport(registry, ["centers", file])
        #expect(result.errorLines.count == 1)
        #expect(
            result.stderr.contains("old binary Excel file (.xls)")
                && result.stderr.contains("save it as an Excel workbook (.xlsx)"))
    }

    @Test func sheetOnACSVFileIsRefused() throws {
        let registry = try TestRegistry()
        let csv = try registry.folder.write(
            "c.csv", ImportSupport.csv([ImportSupport.minimalHeader, ImportSupport.minimal("C-1")]))
        let result = try ImportSupport.expectRefusedImport(registry, ["centers", csv, "--sheet", "centers"])
        #expect(result.stderr.contains("not an Excel workbook"))
    }

    @Test(
        .enabled(
            if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script"),
            "needs util-linux's script for a terminal"))
    func anXLSXExportToATerminalIsAUsageError() throws {
        let registry = try TestRegistry()
        let command = "'\(CLI.binary.path)' export centers --format xlsx --db '\(registry.path)'"
        let outcome = try Spawned(
            ["-qec", command, "/dev/null"], executable: URL(fileURLWithPath: "/usr/bin/script"),
            outputFolder: registry.folder.url
        ).wait(timeout: 60)
        #expect(outcome.status == 64, "\(outcome)")
        #expect(outcome.stdout.contains("--format xlsx writes a binary workbook: give --output FILE"), "\(outcome)")
    }

    @Test func anXLSXExportToAFileOnStandardOutputIsTheWorkbook() throws {
        let registry = try TestRegistry()
        let target = registry.folder.path("redirected.xlsx")
        let command = "'\(CLI.binary.path)' export centers --format xlsx --db '\(registry.path)' > '\(target)'"
        let outcome = try Spawned(
            ["-c", command], executable: URL(fileURLWithPath: "/bin/sh"), outputFolder: registry.folder.url
        ).wait(timeout: 60)
        #expect(outcome.status == 0, "\(outcome)")
        let bytes = try Data(contentsOf: URL(fileURLWithPath: target))
        #expect(Array(bytes.prefix(4)) == [0x50, 0x4B, 3, 4])
    }
}
