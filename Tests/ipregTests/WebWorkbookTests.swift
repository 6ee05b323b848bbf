// The web view's `.xlsx` downloads (docs/web.md): each one opens in openpyxl (an implementation
// independent of ipreg's) with exactly the rows of the page's `.csv`, its header row in the page's
// language, bold and frozen, numbers as number cells; refusals answer as the CSV's do. Tests that
// need python3 with openpyxl say so and are skipped when it is absent.
import Foundation
import HTTPTypes
import HummingbirdTesting
import IPRegistry
import Testing
import WebPages
import WebServer

@Suite struct WebWorkbookTests {
    static let xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

    typealias Download = WebRoutesTests.Reply

    /// GETs each target from a new application over `registry`, keeping the bodies' bytes.
    static func downloads(
        _ registry: TestRegistry, _ targets: [String], configure: (inout WebServerConfiguration) -> Void = { _ in }
    ) async throws -> [Download] {
        try await WebRoutesTests.replies(registry, targets.map { (.get, $0, [:]) }, configure: configure)
    }

    /// What openpyxl reads of a workbook: its first sheet's rows (values typed as Python has
    /// them), the `<dimension>` read-only mode sees, the frozen pane, the header row's and the
    /// other rows' boldness; and the rows of a CSV file as Python's csv module reads them.
    static let reader = """
        import csv, json, sys, openpyxl
        wb = openpyxl.load_workbook(sys.argv[1])
        ws = wb.worksheets[0]
        rows = [[c.value for c in row] for row in ws.iter_rows()]
        dimension = openpyxl.load_workbook(sys.argv[1], read_only=True).worksheets[0].calculate_dimension()
        header_bold = all(c.font.b for c in ws[1] if c.value is not None)
        body_bold = any(c.font.b for row in ws.iter_rows(min_row=2) for c in row if c.value is not None)
        with open(sys.argv[2], newline="", encoding="utf-8") as f:
            csv_rows = list(csv.reader(f))
        json.dump({"rows": rows, "dimension": dimension, "freeze": ws.freeze_panes, "header_bold": header_bold,
                   "body_bold": body_bold, "csv": csv_rows, "sheet": ws.title}, sys.stdout, ensure_ascii=False)
        """

    struct Opened {
        let rows: [[Any]]
        let csv: [[String]]
        let dimension: String
        let freeze: String?
        let headerBold: Bool
        let bodyBold: Bool
    }

    static func open(
        _ workbook: Download, csv: Download, in folder: TemporaryDirectory, name: String
    ) throws -> Opened {
        let python = try #require(Workbooks.python)
        let book = folder.path(name + ".xlsx")
        let table = folder.path(name + ".csv")
        try Data(workbook.bytes).write(to: URL(fileURLWithPath: book))
        try Data(csv.bytes).write(to: URL(fileURLWithPath: table))
        let outcome = try Spawned(["-c", reader, book, table], executable: python, outputFolder: folder.url)
            .wait(timeout: 120)
        #expect(outcome.status == 0, "\(name): \(outcome.stderr)")
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any], "\(name)")
        return Opened(
            rows: (object["rows"] as? [[Any]]) ?? [], csv: (object["csv"] as? [[String]]) ?? [],
            dimension: object["dimension"] as? String ?? "", freeze: object["freeze"] as? String,
            headerBold: object["header_bold"] as? Bool ?? false, bodyBold: object["body_bold"] as? Bool ?? true)
    }

    /// A workbook's cell against the CSV's field: a number as the number the CSV's text reads as,
    /// a text as the same text, no cell as an empty field.
    static func same(_ cell: Any, _ field: String) -> Bool {
        if cell is NSNull { return field.isEmpty }
        if let text = cell as? String { return text == field }
        if let number = cell as? NSNumber { return Double(field) == number.doubleValue }
        return false
    }

    /// The example centers, a saved report, and a published figure (for `/figures`).
    static func registry() throws -> TestRegistry {
        let registry = try WebRoutesTests.registry()
        let added = try registry.run([
            "figure", "add", "--code", "F-PC", "--metric", "centers", "--region", "110000", "--kind", "protection",
            "--period", "2024", "--value", "2", "--source", "test",
        ])
        #expect(added.status == 0, "\(added.stderr)")
        return registry
    }

    static let query = "SELECT code, 2+2 AS four, 1.5 AS half, region_code FROM centers ORDER BY code"

    /// Each page with a CSV, and the headings its workbook has in each language (nil: the
    /// CSV's own header).
    static let pages: [(path: String, query: String, zh: [String]?, en: [String]?)] = [
        ("/centers", "kind=protection", centerHeadings(.zh), centerHeadings(.en)),
        ("/centers/PC-BJ", "", centerHeadings(.zh), centerHeadings(.en)),
        ("/reports/centers-by-kind", "", ["类型", "中心数"], ["Kind", "Centers"]),
        (
            "/reports/centers-by-region", "",
            ["行政区划代码", "行政区划", "知识产权保护中心", "知识产权快速维权中心", "知识产权运营中心", "技术与创新支持中心 (TISC)", "合计"],
            [
                "Division code", "Division", "IP protection center", "Rapid IP protection center",
                "IP operation center", "Technology and innovation support center (TISC)", "Total",
            ]
        ),
        ("/reports/by-kind", "kind=tisc", nil, nil),
        (
            "/figures", "",
            ["编号", "指标", "行政区划", "中心类型", "期间", "公布值", "界限", "登记值", "差额", "状态", "部分统计", "无日期", "缺少的产业"],
            [
                "Code", "Metric", "Divisions", "Kinds", "Period", "Published", "Bound", "Registry", "Difference",
                "Status", "Partial", "Undated", "Missing industries",
            ]
        ),
        ("/sql", "sql=" + Query.encode(query), nil, nil),
    ]

    static func centerHeadings(_ language: Language) -> [String] {
        CenterField.allCases.map { Vocabulary.field($0)(language) }
    }

    @Test(.enabled(if: Workbooks.openpyxlAvailable, Comment(rawValue: Workbooks.needsOpenpyxl)))
    func everyWorkbookOpensWithTheRowsOfItsCSVAndItsHeaderInThePagesLanguage() async throws {
        let registry = try Self.registry()
        var targets: [String] = []
        for page in Self.pages {
            let query = page.query.isEmpty ? "" : "&" + page.query
            for language in ["zh", "en"] {
                targets += [
                    "\(page.path).xlsx?lang=\(language)\(query)", "\(page.path).csv?lang=\(language)\(query)",
                ]
            }
        }
        let downloads = try await Self.downloads(registry, targets)
        for (index, page) in Self.pages.enumerated() {
            for (offset, language) in [Language.zh, .en].enumerated() {
                let workbook = downloads[index * 4 + offset * 2]
                let csv = downloads[index * 4 + offset * 2 + 1]
                let name = "\(page.path) \(language)"
                #expect(workbook.status == 200 && csv.status == 200, "\(name): \(workbook.body.prefix(200))")
                #expect(workbook.header("Content-Type") == Self.xlsxType, "\(name)")
                let lastSegment = page.path.split(separator: "/").last.map(String.init) ?? ""
                #expect(
                    workbook.header("Content-Disposition") == "attachment; filename=\"\(lastSegment).xlsx\"",
                    "\(name)")
                let opened = try Self.open(
                    workbook, csv: csv, in: registry.folder, name: "\(index)-\(language.rawValue)")
                #expect(opened.rows.count == opened.csv.count && opened.csv.count >= 2, "\(name): \(opened.csv)")
                let header = opened.rows.first?.map { $0 as? String ?? "" } ?? []
                let expected = (language == .zh ? page.zh : page.en) ?? opened.csv.first ?? []
                #expect(header == expected, "\(name)")
                for (row, fields) in zip(opened.rows.dropFirst(), opened.csv.dropFirst()) {
                    #expect(row.count == fields.count, "\(name): \(row) against \(fields)")
                    for (cell, field) in zip(row, fields) {
                        #expect(Self.same(cell, field), "\(name): \(cell) against \(field)")
                    }
                }
                let width = opened.csv.first?.count ?? 0
                let column = UnicodeScalar(UInt8(64 + width))
                #expect(opened.dimension == "A1:\(Character(column))\(opened.csv.count)", "\(name)")
                #expect(opened.freeze == "A2", "\(name)")
                #expect(opened.headerBold && !opened.bodyBold, "\(name)")
            }
        }
    }

    @Test(.enabled(if: Workbooks.openpyxlAvailable, Comment(rawValue: Workbooks.needsOpenpyxl)))
    func numbersAreNumberCellsAndCodesKeepTheirText() async throws {
        let registry = try Self.registry()
        let target = "/sql.xlsx?sql=" + Query.encode(Self.query)
        let downloads = try await Self.downloads(registry, [target, "/sql.csv?sql=" + Query.encode(Self.query)])
        let opened = try Self.open(downloads[0], csv: downloads[1], in: registry.folder, name: "typed")
        let first = try #require(opened.rows.dropFirst().first)
        #expect(first[0] as? String == "OC-HB-PV")
        #expect((first[1] as? NSNumber)?.intValue == 4 && !(first[1] is String))
        #expect((first[2] as? NSNumber)?.doubleValue == 1.5)
        // A division's code is text, as the CSV has it: never the number 130102.
        #expect(first[3] as? String == "130102")
    }

    @Test func refusalsAnswerAsTheCSVsDo() async throws {
        let registry = try Self.registry()
        let targets = [
            "/.xlsx", "/reports.xlsx", "/centers/NOPE.xlsx", "/sql.xlsx", "/sql.xlsx?sql=SELEKT",
            "/centers/PC-BJ.xlsx?x=1", "/reports/by-kind.xlsx", "/reports/nope.xlsx",
        ]
        let workbooks = try await Self.downloads(registry, targets)
        let csvs = try await Self.downloads(
            registry, targets.map { $0.replacingOccurrences(of: ".xlsx", with: ".csv") })
        for (target, (workbook, csv)) in zip(targets, zip(workbooks, csvs)) {
            #expect(workbook.status >= 400 && workbook.status == csv.status, "\(target): \(workbook.status)")
            #expect(workbook.header("Content-Type") == "text/plain; charset=utf-8", "\(target)")
            #expect(workbook.body == csv.body && workbook.body.hasPrefix("error: "), "\(target): \(workbook.body)")
            #expect(workbook.header("Content-Disposition") == nil, "\(target)")
        }
        #expect(workbooks[0].body == "error: no such page\n" && workbooks[0].status == 404)
        #expect(workbooks[2].body == "error: center NOPE: no such center\n")
        #expect(workbooks[3].status == 400)
    }

    @Test(.enabled(if: Workbooks.openpyxlAvailable, Comment(rawValue: Workbooks.needsOpenpyxl)))
    func aWorkbookIsCutWhereTheCSVIsAndSaysSo() async throws {
        let registry = try Self.registry()
        let target = "?sql=" + Query.encode("SELECT code FROM centers ORDER BY code")
        let downloads = try await Self.downloads(registry, ["/sql.xlsx" + target, "/sql.csv" + target]) {
            $0.maxRows = 3
        }
        #expect(downloads[0].header("X-Rows-Truncated") == "3")
        #expect(downloads[1].header("X-Rows-Truncated") == "3")
        let opened = try Self.open(downloads[0], csv: downloads[1], in: registry.folder, name: "cut")
        #expect(opened.rows.count == 4 && opened.csv.count == 4)
    }

    @Test(.enabled(if: Workbooks.openpyxlAvailable, Comment(rawValue: Workbooks.needsOpenpyxl)))
    func theNearestCentersComeAsTheirTablesCSVAndWorkbook() async throws {
        let registry = try CenterNearestTests.registry()
        let point = "lat=39.52&lon=116.70&kind=protection&kind=rapid-protection"
        var targets: [String] = []
        for language in ["zh", "en"] {
            targets += [
                "/centers/nearest.xlsx?lang=\(language)&\(point)", "/centers/nearest.csv?lang=\(language)&\(point)",
            ]
        }
        targets += ["/centers/nearest.json?" + point, "/centers/nearest?lang=en&" + point]
        let downloads = try await Self.downloads(registry, targets)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(downloads[4].bytes)) as? [String: Any])
        let objects = try #require(json["centers"] as? [[String: Any]])
        for (offset, language) in [Language.zh, .en].enumerated() {
            let (workbook, csv) = (downloads[offset * 2], downloads[offset * 2 + 1])
            #expect(workbook.status == 200 && csv.status == 200, "\(language): \(csv.body)")
            #expect(workbook.header("Content-Type") == Self.xlsxType)
            #expect(csv.header("Content-Type") == "text/csv; charset=utf-8")
            #expect(workbook.header("Content-Disposition") == "attachment; filename=\"nearest.xlsx\"")
            let opened = try Self.open(workbook, csv: csv, in: registry.folder, name: "nearest-\(language.rawValue)")
            // The page's columns with the division's code, the distance last; the same rows as the JSON.
            #expect(
                opened.csv.first == ["code", "name", "kind", "status", "region_code", "region_name", "distance_km"])
            #expect(opened.csv.dropFirst().map { $0[0] } == objects.compactMap { $0["code"] as? String })
            #expect(opened.csv.dropFirst().map { $0[0] } == ["LF-A", "BJ-A", "TJ-A"])
            #expect(opened.csv.dropFirst().map { Double($0[6]) } == objects.map { $0["distance_km"] as? Double })
            #expect(opened.csv.dropFirst().map { $0[4] } == objects.compactMap { $0["region_code"] as? String })
            let header = opened.rows.first?.map { $0 as? String ?? "" } ?? []
            let expected =
                language == .zh
                ? ["编号", "名称", "类型", "状态", "行政区划代码", "行政区划", "距离（公里）"]
                : ["Code", "Name", "Kind", "Status", "Division code", "Division", "Distance (km)"]
            #expect(header == expected, "\(language)")
            #expect(opened.rows.count == opened.csv.count)
            for (row, fields) in zip(opened.rows.dropFirst(), opened.csv.dropFirst()) {
                for (cell, field) in zip(row, fields) { #expect(Self.same(cell, field), "\(cell) against \(field)") }
                #expect(row.last is NSNumber && !(row.last is String), "the distance is a number cell")
            }
            #expect(opened.freeze == "A2" && opened.headerBold && !opened.bodyBold)
        }
        // The page offers them beside its JSON and GeoJSON.
        let page = downloads[5].body
        let query = "lat=39.52&amp;lon=116.70&amp;kind=protection&amp;kind=rapid-protection"
        #expect(page.contains("<a href=\"/centers/nearest.csv?\(query)\">CSV</a>"))
        #expect(page.contains("<a href=\"/centers/nearest.xlsx?\(query)\">Excel (.xlsx)</a>"))
    }

    @Test func theNearestCentersRefusalsAnswerAsTheirJSONsDo() async throws {
        let registry = try CenterNearestTests.registry()
        let queries = ["", "?lat=91&lon=116", "?lat=abc&lon=116", "?lat=39", "?lat=39&lon=116&colour=red"]
        let jsons = try await Self.downloads(registry, queries.map { "/centers/nearest.json" + $0 })
        for format in ["csv", "xlsx"] {
            let refused = try await Self.downloads(registry, queries.map { "/centers/nearest.\(format)" + $0 })
            for (query, (answer, json)) in zip(queries, zip(refused, jsons)) {
                let message = (try? JSONSerialization.jsonObject(with: Data(json.bytes)) as? [String: Any])?["error"]
                #expect(answer.status == 400 && json.status == 400, "\(format)\(query): \(answer.status)")
                #expect(answer.header("Content-Type") == "text/plain; charset=utf-8", "\(format)\(query)")
                #expect(answer.body == "error: \(message as? String ?? "?")\n", "\(format)\(query)")
            }
        }
    }

    @Test func theDataLinksOfferTheWorkbook() async throws {
        let registry = try Self.registry()
        let pages = try await Self.downloads(
            registry, ["/centers?kind=tisc", "/reports/centers-by-kind?region=110000", "/figures"])
        #expect(pages[0].body.contains("<a href=\"/centers.xlsx?kind=tisc\">Excel (.xlsx)</a>"))
        #expect(pages[1].body.contains("<a href=\"/reports/centers-by-kind.xlsx?region=110000\">Excel (.xlsx)</a>"))
        #expect(pages[2].body.contains("<a href=\"/figures.xlsx?\">Excel (.xlsx)</a>"))
    }
}
