// `/trends` (docs/web.md, "Trends"): cases accepted per year for the whole registry and each
// provincial-level division, per month where the statistics are monthly, and centers approved
// and opened per year by kind. Each chart is columns with its axes named, its numbers as a
// table beside it and a text alternative. `.json` and `.csv` give the same numbers as rows.
import IPRegistry

public enum TrendsPage {
    static let heading = Words(zh: "历年趋势", en: "Trends")
    static let pretrial = Words(zh: "预审案件", en: "Pretrial cases")
    static let protection = Words(zh: "维权案件", en: "Protection cases")
    static let year = Words(zh: "年份", en: "Year")
    static let month = Words(zh: "月份", en: "Month")
    static let cases = Words(zh: "案件数", en: "Cases")
    static let centersAxis = Words(zh: "中心数", en: "Centers")
    static let casesPerYear = Words(zh: "每年受理案件（全部地区）", en: "Cases accepted per year (all divisions)")
    static let casesPerYearIn = Words(zh: "每年受理案件：%@", en: "Cases accepted per year: %@")
    static let casesPerMonth = Words(
        zh: "每月受理案件（按统计期间起始月）", en: "Cases accepted per month (by the month a period starts)")
    static let approvedPerYear = Words(zh: "每年批准设立的中心（按类型）", en: "Centers approved per year, by kind")
    static let openedPerYear = Words(zh: "每年启用的中心（按类型）", en: "Centers opened per year, by kind")
    static let noData = Words(zh: "暂无数据。", en: "No data yet.")
    static let about = Words(
        zh: "跨年度的统计期间不计入任何一年；各年数字为统计期间在该年内的案件之和。",
        en: "A statistics period that spans years counts in no year; a year's numbers add the periods within it.")
    static let figuresLink = Words(zh: "返回已公布数据对照", en: "Back to the published figures")
    static let asData = Words(zh: "数据下载：", en: "As data: ")
    static let describe = Words(
        zh: "柱状图：%@，横轴为%@（%@ 至 %@），纵轴为%@，最大值 %@。具体数字见旁边的表格。",
        en: "Column chart: %@, %@ (%@ to %@) across, %@ up, largest value %@. The numbers are in the table beside it.")

    /// The columns of `.json` and `.csv`: one row per year (or month) and place, or per year and kind.
    public static let columns = [
        "table", "region_code", "period", "kind", "pretrial_cases", "protection_cases", "approved", "opened",
    ]

    public static func table(_ trends: Trends) -> Table {
        func number(_ value: Int?) -> Cell { value.map { .integer(Int64($0)) } ?? .null }
        var rows: [[Cell]] = []
        for cases in trends.years {
            rows.append([
                .text("cases-per-year"), .text(cases.regionCode), .text(cases.period), .null, number(cases.pretrial),
                number(cases.protection), .null, .null,
            ])
        }
        for cases in trends.months {
            rows.append([
                .text("cases-per-month"), .text(cases.regionCode), .text(cases.period), .null,
                number(cases.pretrial), number(cases.protection), .null, .null,
            ])
        }
        for centers in trends.centers {
            rows.append([
                .text("centers-per-year"), .text(""), .text(String(centers.year)), .text(centers.kind), .null, .null,
                number(centers.approved), number(centers.opened),
            ])
        }
        return Table(columns: columns, rows: rows)
    }

    public static func html(_ trends: Trends, signedIn: SignedInUser?, language: Language) -> HTML {
        var body: HTML = "<h1>\(heading(language))</h1>"
        body += "<p><a href=\"/figures\">\(figuresLink(language))</a></p><p class=\"note\">\(about(language))</p>"
        let caseSeries = [pretrial(language), protection(language)]
        func casesChart(_ id: String, _ title: String, _ rows: [Trends.Cases], axis: Words) -> HTML {
            chart(
                id: id, title: title, axis: (axis(language), cases(language)), labels: rows.map(\.period),
                series: [(caseSeries[0], rows.map(\.pretrial)), (caseSeries[1], rows.map(\.protection))],
                language: language)
        }
        body += casesChart(
            "cases-per-year", casesPerYear(language), trends.years.filter { $0.regionCode.isEmpty }, axis: year)
        for (index, province) in trends.provinces.enumerated() {
            let name = language == .zh ? province.name : province.nameEnglish ?? province.name
            body += casesChart(
                "cases-per-year-\(index + 1)", casesPerYearIn(language).replacing("%@", with: name),
                trends.years.filter { $0.regionCode == province.code }, axis: year)
        }
        if !trends.months.isEmpty {
            body += casesChart("cases-per-month", casesPerMonth(language), trends.months, axis: month)
        }
        // Every year from the first to the last, so that a year without centers shows as one.
        var years = Array(Set(trends.centers.map(\.year))).sorted()
        if let first = years.first, let last = years.last, last - first < 200 { years = Array(first...last) }
        let kinds = CenterKind.allCases.filter { kind in trends.centers.contains { $0.kind == kind.rawValue } }
        for (id, title, value) in [
            ("approved-per-year", approvedPerYear, \Trends.Centers.approved),
            ("opened-per-year", openedPerYear, \Trends.Centers.opened),
        ] {
            let series: [(name: String, values: [Int?])] = kinds.map { kind in
                (
                    Vocabulary.kind(kind)(language),
                    years.map { year in
                        trends.centers.first { $0.year == year && $0.kind == kind.rawValue }.map { $0[keyPath: value] }
                    }
                )
            }
            body += chart(
                id: id, title: title(language), axis: (self.year(language), centersAxis(language)),
                labels: years.map(String.init), series: series, language: language)
        }
        body +=
            "<p class=\"note\">\(asData(language))<a href=\"/trends.json\">JSON</a>, "
            + "<a href=\"/trends.csv\">CSV</a></p>"
        return Layout.document(title: heading(language), body: body, signedIn: signedIn, language: language)
    }

    /// Columns per label, one per series, with the axes named and numbered, its text alternative
    /// and its numbers as a table beside it. The picture widens with its labels, never cutting one.
    static func chart(
        id: String, title: String, axis: (x: String, y: String), labels: [String],
        series: [(name: String, values: [Int?])], language: Language
    ) -> HTML {
        var html: HTML = "<section id=\"\(id)-section\"><h2>\(title)</h2>"
        guard !labels.isEmpty, !series.isEmpty else { return html + "<p>\(noData(language))</p></section>" }
        let fontSize = 12.0
        let largest = max(series.flatMap { $0.values.compactMap { $0 } }.max() ?? 0, 1)
        let left = 16 + ChartParts.width(ChartParts.grouped(largest), fontSize: fontSize) + 8
        let labelWidth = labels.map { ChartParts.width($0, fontSize: fontSize) }.max() ?? 0
        let groupWidth = max(Double(series.count) * 14 + 10, labelWidth + 8)
        let plotTop = 20.0
        let plotHeight = 180.0
        let bottom = plotTop + plotHeight
        var legendX = left
        var legendY = bottom + 56
        var legendRows: [(x: Double, y: Double)] = []
        let plotWidth = groupWidth * Double(labels.count)
        let legendWidths = series.map { 20 + ChartParts.width($0.name, fontSize: fontSize) + 24 }
        let width = max(
            left + plotWidth + 10, 360, ChartParts.width(axis.x, fontSize: fontSize) + left + 10,
            left + (legendWidths.max() ?? 0))
        for entryWidth in legendWidths {
            if legendX + entryWidth > width, legendX > left {
                legendX = left
                legendY += 20
            }
            legendRows.append((legendX, legendY))
            legendX += entryWidth
        }
        let height = legendY + 12
        let description = describe(language).split(separator: "%@", omittingEmptySubsequences: false)
        let parts = [
            title, axis.x, labels.first ?? "", labels.last ?? "", axis.y, ChartParts.grouped(largest),
        ]
        var text = String(description.first ?? "")
        for (part, rest) in zip(parts, description.dropFirst()) { text += part + rest }
        let format = SVGChart.format
        var svg = ChartParts.open(id: id, width: width, height: height, title: title, description: text)
        // The y axis: zero, half and the largest value (whole numbers, each once), with separators.
        for value in Array(Set([0, largest / 2, largest])).sorted() {
            let y = bottom - plotHeight * Double(value) / Double(largest)
            svg += "<line x1=\"\(format(left))\" y1=\"\(format(y))\" x2=\"\(format(left + plotWidth))\""
            svg += " y2=\"\(format(y))\" stroke=\"#c4ccd6\"/>"
            svg += "<text x=\"\(format(left - 4))\" y=\"\(format(y + 4))\" text-anchor=\"end\">"
            svg += "\(ChartParts.grouped(value))</text>"
        }
        svg += "<text x=\"12\" y=\"\(format(bottom - plotHeight / 2))\" text-anchor=\"middle\""
        svg += " transform=\"rotate(-90 12 \(format(bottom - plotHeight / 2)))\">\(axis.y)</text>"
        svg += "<line x1=\"\(format(left))\" y1=\"\(format(bottom))\" x2=\"\(format(left + plotWidth))\""
        svg += " y2=\"\(format(bottom))\" stroke=\"#1d2733\"/>"
        let columnWidth = (groupWidth - 8) / Double(series.count)
        for (group, label) in labels.enumerated() {
            let x0 = left + groupWidth * Double(group) + 4
            for (index, entry) in series.enumerated() {
                guard group < entry.values.count, let value = entry.values[group] else { continue }
                let height = Double(value) / Double(largest) * plotHeight
                svg += "<rect x=\"\(format(x0 + columnWidth * Double(index)))\" y=\"\(format(bottom - height))\""
                svg += " width=\"\(format(columnWidth))\" height=\"\(format(height))\""
                svg += " fill=\"\(ChartParts.fill(index, id: id))\" stroke=\"#1d2733\">"
                svg += "<title>\(label) \(entry.name): \(ChartParts.grouped(value))</title></rect>"
            }
            svg += "<text x=\"\(format(x0 + (groupWidth - 8) / 2))\" y=\"\(format(bottom + 16))\""
            svg += " text-anchor=\"middle\">\(label)</text>"
        }
        svg += "<text x=\"\(format(left + plotWidth / 2))\" y=\"\(format(bottom + 34))\" text-anchor=\"middle\">"
        svg += "\(axis.x)</text>"
        for (index, entry) in series.enumerated() {
            svg += ChartParts.legend(index, entry.name, x: legendRows[index].x, y: legendRows[index].y, id: id)
        }
        svg += "</svg>"
        html += "<div class=\"grid\"><div>\(svg)</div><div><table><caption>\(title)</caption><thead><tr>"
        html += "<th scope=\"col\">\(axis.x)</th>"
        for entry in series { html += "<th scope=\"col\">\(entry.name)</th>" }
        html += "</tr></thead><tbody>"
        for (row, label) in labels.enumerated() {
            html += "<tr><th scope=\"row\">\(label)</th>"
            for entry in series {
                html += "<td class=\"n\">\(ChartParts.grouped(row < entry.values.count ? entry.values[row] : nil))</td>"
            }
            html += "</tr>"
        }
        return html + "</tbody></table></div></div></section>"
    }
}

extension WebData {
    /// The key `trends()` is kept under until the registry changes.
    private struct TrendsKey: Hashable {}

    /// The trends' numbers, computed once per registry state (SnapshotMemo): the centers' dates
    /// are a scan of the table.
    public func trends() throws(WebError) -> Trends {
        try read { db in try db.remembered(TrendsKey()) { try Trends.read(in: db) } }
    }
}
