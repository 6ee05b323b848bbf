// `/figures` as a page (docs/web.md, "Published figures"): each published figure's value beside
// the registry's, as two bars with both numbers written at their ends, its status in words, and
// the numbers as a table next to the chart. The rows are the reconcile report's; `.json` and
// `.csv` stay that report's rows.
import IPRegistry

public enum FiguresPage {
    static let heading = Words(zh: "已公布数据与登记数据对照", en: "Published figures against the registry")
    static let published = Words(zh: "已公布", en: "Published")
    static let registry = Words(zh: "登记数", en: "Registry")
    static let chartTitle = Words(zh: "已公布数与登记数对照图", en: "Published and registry values per figure")
    static let tableCaption = Words(zh: "已公布数与登记数明细", en: "Published and registry values in detail")
    static let noFigures = Words(zh: "尚无已公布数据。", en: "No published figures yet.")
    static let division = Words(zh: "行政区划代码", en: "Division code")
    static let show = Words(zh: "查询", en: "Show")
    static let trendsLink = Words(zh: "查看历年趋势", en: "See the trends over the years")
    static let asData = Words(zh: "数据下载：", en: "As data: ")
    static let firstRows = Words(zh: "仅显示前 %d 项。", en: "Only the first %d figures are shown.")
    static let columns: [Words] = [
        Words(zh: "编号", en: "Code"), Words(zh: "指标", en: "Metric"), Words(zh: "中心类型", en: "Kinds"),
        Words(zh: "期间", en: "Period"), Words(zh: "已公布", en: "Published"), Words(zh: "口径", en: "Bound"),
        Words(zh: "登记数", en: "Registry"), Words(zh: "差额", en: "Difference"), Words(zh: "状态", en: "Status"),
        Words(zh: "未计入的跨期统计（行）", en: "Statistics only partly in the period (rows)"),
        Words(zh: "无日期的中心", en: "Centers without a date"),
    ]

    static func status(_ code: String) -> Words {
        switch code {
        case "matches": return Words(zh: "相符", en: "matches")
        case "short": return Words(zh: "登记数不足", en: "short")
        case "over": return Words(zh: "登记数超出", en: "over")
        default: return Words(zh: code, en: code)
        }
    }

    static func metric(_ code: String) -> Words {
        switch FigureMetric(rawValue: code) {
        case .centers: return Words(zh: "中心数量", en: "Centers")
        case .centersSetUp: return Words(zh: "新设中心数量", en: "Centers set up")
        case .pretrialCases: return Words(zh: "预审案件量", en: "Pretrial cases")
        case .protectionCases: return Words(zh: "维权案件量", en: "Protection cases")
        case nil: return Words(zh: code, en: code)
        }
    }

    static func bound(_ code: String) -> Words {
        switch FigureBound(rawValue: code) {
        case .exact: return Words(zh: "确数", en: "exact")
        case .atLeast: return Words(zh: "不少于", en: "at least")
        case .about: return Words(zh: "约数", en: "about")
        case nil: return Words(zh: code, en: code)
        }
    }

    /// One row of the reconcile report, by its column names.
    struct Figure {
        var code = ""
        var metric = ""
        var kinds: [String] = []
        var period = ""
        var published = 0
        var bound = ""
        var registry = 0
        var difference = 0
        var status = ""
        var partial = 0
        var undated = 0

        init(columns: [String], row: [Cell]) {
            func cell(_ name: String) -> Cell { columns.firstIndex(of: name).map { row[$0] } ?? .null }
            func text(_ name: String) -> String { cell(name).plainText() }
            func number(_ name: String) -> Int { Int(cell(name).numericValue ?? 0) }
            code = text("code")
            metric = text("metric")
            kinds = text("kinds").split(separator: ";").map(String.init)
            period = text("period")
            published = number("published")
            bound = text("bound")
            registry = number("registry")
            difference = number("difference")
            status = text("status")
            partial = number("partial")
            undated = number("undated")
        }

        /// The line under the figure's code in the chart: what it counts, when, and its status.
        func subtitle(_ language: Language) -> String {
            let separator = language == .zh ? "，" : ", "
            return [FiguresPage.metric(metric)(language), period, FiguresPage.status(status)(language)]
                .joined(separator: separator)
        }
    }

    /// The page; with `error` (a division that is no code, or none the registry has), the form
    /// alone under the error, in the page's language, and the value as it was given.
    public static func html(
        _ table: Table, arguments: [String: String], truncated: Bool, maxRows: Int, signedIn: SignedInUser?,
        language: Language, error: String? = nil
    ) -> HTML {
        let figures = table.rows.map { Figure(columns: table.columns, row: $0) }
        var body: HTML = "<h1>\(heading(language))</h1>"
        if let error {
            body += "<div role=\"alert\" id=\"figures-error\">\(Pages.errorParagraph(error, language))</div>"
        }
        body += "<form method=\"get\" action=\"/figures\"><label>\(division(language))"
        body += "<input name=\"region\" value=\"\(arguments["region"] ?? "")\""
        if error != nil { body += " aria-invalid=\"true\" aria-describedby=\"figures-error\"" }
        body += "></label><button>\(show(language))</button></form>"
        body += "<p><a href=\"/trends\">\(trendsLink(language))</a></p>"
        if error != nil {
            return Layout.document(title: heading(language), body: body, signedIn: signedIn, language: language)
        }
        if figures.isEmpty {
            body += "<section><p>\(noFigures(language))</p></section>"
        } else {
            // The table is wide (eleven columns): under the chart rather than squeezed beside it.
            body += "<section>\(chart(figures, language: language))</section>"
            body += "<section>\(numbers(figures, language: language))</section>"
        }
        if truncated {
            body += "<p class=\"note\">\(firstRows(language).replacing("%d", with: ChartParts.grouped(maxRows)))</p>"
        }
        let query = Query.string(arguments.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
        body +=
            "<p class=\"note\">\(asData(language))<a href=\"/figures.json?\(query)\">JSON</a>, "
            + "<a href=\"/figures.csv?\(query)\">CSV</a>, <a href=\"/figures.xlsx?\(query)\">Excel (.xlsx)</a></p>"
        return Layout.document(title: heading(language), body: body, signedIn: signedIn, language: language)
    }

    /// The reconcile report's rows as this page draws them, chart and table, for the overview.
    static func summary(_ table: Table, language: Language) -> HTML {
        let figures = table.rows.map { Figure(columns: table.columns, row: $0) }
        return chart(figures, language: language) + numbers(figures, language: language)
    }

    /// Two bars per figure: the published value hatched, the registry's solid, each outlined and
    /// with its number at its end. The code and its line stand above the bars, across the whole
    /// width, and the picture is as wide as its longest text, so that no label is cut.
    static func chart(_ figures: [Figure], language: Language) -> HTML {
        let id = "figures-chart"
        let fontSize = 12.0
        let series = [published(language), registry(language)]
        let barX = 10 + (series.map { ChartParts.width($0, fontSize: fontSize) }.max() ?? 0) + 10
        let barMax = 320.0
        let largest = Double(max(figures.map { max($0.published, $0.registry) }.max() ?? 0, 1))
        let valueWidth =
            figures.map { ChartParts.width(ChartParts.grouped(max($0.published, $0.registry)), fontSize: fontSize) }
            .max() ?? 0
        let labelWidth =
            figures.map {
                max(
                    ChartParts.width($0.code, fontSize: fontSize + 1),
                    ChartParts.width($0.subtitle(language), fontSize: fontSize))
            }.max() ?? 0
        let legendWidth =
            20 + ChartParts.width(series[0], fontSize: fontSize) + 40
            + ChartParts.width(series[1], fontSize: fontSize)
        let width = (max(barX + barMax + 6 + valueWidth, 10 + labelWidth, 10 + legendWidth) + 10).rounded(.up)
        let block = 84.0
        let top = 34.0
        let height = top + block * Double(figures.count)
        var description = ""
        for figure in figures {
            let sentence =
                language == .zh
                ? "\(figure.code)（\(figure.subtitle(language))）：已公布 \(ChartParts.grouped(figure.published))，"
                    + "登记数 \(ChartParts.grouped(figure.registry))。"
                : "\(figure.code) (\(figure.subtitle(language))): published \(ChartParts.grouped(figure.published)), "
                    + "registry \(ChartParts.grouped(figure.registry)). "
            description += sentence
        }
        var svg = ChartParts.open(
            id: id, width: width, height: height, title: chartTitle(language), description: description)
        svg += ChartParts.legend(0, series[0], x: 10, y: 20, id: id)
        svg += ChartParts.legend(
            1, series[1], x: 10 + ChartParts.width(series[0], fontSize: fontSize) + 40, y: 20, id: id)
        for (index, figure) in figures.enumerated() {
            let y = top + block * Double(index)
            svg += "<g class=\"figure\" data-code=\"\(figure.code)\" data-status=\"\(figure.status)\">"
            svg += "<text class=\"label\" x=\"10\" y=\"\(SVGChart.format(y + 13))\" font-weight=\"bold\""
            svg += " font-size=\"13\">\(figure.code)</text>"
            svg +=
                "<text class=\"subtitle\" x=\"10\" y=\"\(SVGChart.format(y + 29))\">\(figure.subtitle(language))</text>"
            for (which, value) in [figure.published, figure.registry].enumerated() {
                let barY = y + 36 + 20 * Double(which)
                let length = value > 0 ? max(Double(value) / largest * barMax, 1) : 0
                let name = which == 0 ? "published" : "registry"
                svg += "<text x=\"10\" y=\"\(SVGChart.format(barY + 12))\">\(series[which])</text>"
                svg += "<rect x=\"\(SVGChart.format(barX))\" y=\"\(SVGChart.format(barY))\""
                svg += " width=\"\(SVGChart.format(length))\" height=\"15\""
                svg += " fill=\"\(ChartParts.fill(which, id: id))\" stroke=\"#1d2733\"/>"
                svg += "<text class=\"\(name)-value\" x=\"\(SVGChart.format(barX + length + 6))\""
                svg += " y=\"\(SVGChart.format(barY + 12))\">\(ChartParts.grouped(value))</text>"
            }
            svg += "</g>"
        }
        return svg + "</svg>"
    }

    /// The chart's numbers, and what the chart leaves out (kinds, bound, partial rows, undated centers).
    static func numbers(_ figures: [Figure], language: Language) -> HTML {
        var html: HTML = "<table><caption>\(tableCaption(language))</caption><thead><tr>"
        for column in columns { html += "<th scope=\"col\">\(column(language))</th>" }
        html += "</tr></thead><tbody>"
        for figure in figures {
            let kinds = figure.kinds.map { CenterKind(rawValue: $0).map { Vocabulary.kind($0)(language) } ?? $0 }
            html += "<tr><th scope=\"row\">\(figure.code)</th><td>\(metric(figure.metric)(language))</td>"
            html += "<td>\(kinds.joined(separator: language == .zh ? "、" : ", "))</td><td>\(figure.period)</td>"
            html +=
                "<td class=\"n\">\(ChartParts.grouped(figure.published))</td><td>\(bound(figure.bound)(language))</td>"
            html += "<td class=\"n\">\(ChartParts.grouped(figure.registry))</td>"
            html += "<td class=\"n\">\(ChartParts.grouped(figure.difference))</td>"
            html +=
                "<td>\(status(figure.status)(language))</td><td class=\"n\">\(ChartParts.grouped(figure.partial))</td>"
            html += "<td class=\"n\">\(ChartParts.grouped(figure.undated))</td></tr>"
        }
        return html + "</tbody></table>"
    }
}
