// The figures page's chart, the trends page and the print footer, through the server (as
// WebRoutesTests): both values of every figure on its bars with its status in words, no label
// past the picture's edge, the trends' numbers equal to a direct sum over the statistics, the
// page's address at the foot of every printed page, and each language's words only in its pages.
import Foundation
import Testing

@testable import WebPages

@Suite struct WebChartsTests {
    /// The package's Examples: centers, statistics and published figures.
    static func exampleRegistry() throws -> TestRegistry {
        let registry = try TestRegistry()
        for what in ["centers", "stats", "figures"] {
            let path = ImportSupport.examples.appendingPathComponent("\(what).csv").path
            let result = try registry.run(["import", what, path])
            #expect(result.status == 0, "import \(what): \(result.stderr)")
        }
        return registry
    }

    static func page(_ registry: TestRegistry, _ target: String) async throws -> String {
        let reply = try #require(try await WebRoutesTests.getWithoutLanguage(registry, [target]).first)
        #expect(reply.status == 200, "\(target): \(reply.body.prefix(300))")
        return reply.body
    }

    /// Every match of `pattern` in `text`, as its capture groups.
    static func matches(_ pattern: String, in text: String) throws -> [[String]] {
        let regex = try NSRegularExpression(pattern: pattern, options: [.dotMatchesLineSeparators])
        let whole = NSRange(text.startIndex..., in: text)
        return regex.matches(in: text, range: whole).map { match in
            (1..<match.numberOfRanges).map { index in
                Range(match.range(at: index), in: text).map { String(text[$0]) } ?? ""
            }
        }
    }

    static func grouped(_ number: Int) -> String {
        let formatter = NumberFormatter()
        formatter.numberStyle = .decimal
        formatter.groupingSeparator = ","
        formatter.groupingSize = 3
        formatter.usesGroupingSeparator = true
        return formatter.string(from: NSNumber(value: number)) ?? String(number)
    }

    /// The page's own words: `<title>` and `<main>` (without the print footer's address, data).
    static let reading = InterfaceLanguage.Reading(parts: [.title, .main], ariaLabels: false)

    // MARK: Figures

    @Test func theOverviewDrawsTheFiguresAsTheFiguresPageDoes() async throws {
        let registry = try Self.exampleRegistry()
        let report = try #require(try registry.json(["report", "run", "reconcile"]) as? [[String: Any]])
        for (language, short) in [("zh", "登记数不足"), ("en", "short")] {
            let body = try await Self.page(registry, "/?lang=\(language)")
            let section = try #require(
                try Self.matches("(<section id=\"reconcile\">.*?</section>)", in: body).first?.first)
            let groups = try Self.matches("<g class=\"figure\" data-code=\"([^\"]*)\"", in: section)
            #expect(groups.map { $0[0] }.sorted() == report.compactMap { $0["code"] as? String }.sorted())
            #expect(section.contains("<td class=\"n\">32,900</td>"), "\(language)")
            #expect(section.contains(short), "\(language): the status in words")
        }
    }

    @Test func aColumnLabelIsWholeWhenItsGroupHasRoomForIt() {
        let period = "2019-04..2022-12"
        let one = SVGChart.columns(title: "cases", labels: [period], series: [("pretrial", [29_000])]).markup
        #expect(one.contains(">\(period)</text>"))
        let many = SVGChart.columns(
            title: "cases", labels: Array(repeating: period, count: 30),
            series: [("pretrial", Array(repeating: 1, count: 30))]
        ).markup
        #expect(!many.contains(">\(period)</text>") && many.contains("…</text>"))
    }

    @Test func anEmptyChartSaysSoInThePagesLanguage() {
        // Drawn for a request in Chinese, as a page draws its charts: the page's words, not English.
        let chinese = Layout.$requestLanguage.withValue(.zh) {
            Layout.document(
                title: "统计",
                body: SVGChart.bars(title: "中心", labels: [], values: [])
                    + SVGChart.columns(title: "案件", labels: [], series: [("预审", [])]))
        }.markup
        #expect(chinese.contains("<html lang=\"zh-CN\">"))
        #expect(chinese.components(separatedBy: "class=\"empty\">暂无数据</text>").count == 3)
        #expect(!chinese.contains("no data") && !chinese.contains("No data"))
        let english = Layout.$requestLanguage.withValue(.en) {
            SVGChart.bars(title: "Centers", labels: [], values: []).markup
        }
        #expect(english.contains("class=\"empty\">No data</text>") && !english.contains("暂无数据"))
        // A page that names its language draws in it whatever the request's.
        let named = SVGChart.columns(title: "Cases", labels: [], series: [], language: .en).markup
        #expect(named.contains(">No data</text>"))
    }

    @Test func aBadDivisionShowsTheFiguresFormWithTheErrorInThePagesLanguage() async throws {
        let registry = try Self.exampleRegistry()
        let targets = [
            "/figures?region=BAD", "/figures?region=990000", "/figures?region=BAD&lang=en", "/figures.json?region=BAD",
        ]
        let replies = try await WebRoutesTests.getWithoutLanguage(registry, targets)
        #expect(replies.allSatisfy { $0.status == 400 })
        let expected = [
            "行政区划“BAD”：须为六位行政区划代码（GB/T 2260）", "行政区划“990000”：没有这个行政区划",
            "region BAD: must be a six-digit division code (GB/T 2260)",
        ]
        for (index, text) in expected.enumerated() {
            let body = replies[index].body
            let error = try #require(body.range(of: "<p class=\"error\">\(text)</p>"), "\(targets[index])")
            // The page's own form under the error, with the value as given, to correct.
            let form = try #require(body.range(of: "<form method=\"get\" action=\"/figures\">"), "\(targets[index])")
            #expect(error.upperBound <= form.lowerBound, "\(targets[index]): the error stands above the form")
            #expect(body.contains("aria-invalid=\"true\" aria-describedby=\"figures-error\""), "\(targets[index])")
            #expect(!body.contains("id=\"figures-chart\""), "\(targets[index])")
        }
        #expect(replies[0].body.contains("<h1>已公布数据与登记数据对照</h1>"))
        #expect(replies[0].body.contains("<input name=\"region\" value=\"BAD\""))
        #expect(replies[1].body.contains("<input name=\"region\" value=\"990000\""))
        #expect(replies[2].body.contains("<h1>Published figures against the registry</h1>"))
        // The data keeps the API's English error.
        #expect(
            replies[3].body == "{\"error\":\"region BAD: must be a six-digit division code (GB/T 2260)\"}\n")
    }

    @Test func theFiguresChartCarriesBothValuesOfEveryFigureAndItsStatusInWords() async throws {
        let registry = try Self.exampleRegistry()
        let report = try #require(try registry.json(["report", "run", "reconcile"]) as? [[String: Any]])
        #expect(report.count >= 5)
        let words: [String: [String: String]] = [
            "zh": ["matches": "相符", "short": "登记数不足", "over": "登记数超出"],
            "en": ["matches": "matches", "short": "short", "over": "over"],
        ]
        for language in ["zh", "en"] {
            let body = try await Self.page(registry, "/figures?lang=\(language)")
            let svg = try #require(
                try Self.matches("(<svg class=\"chart\" id=\"figures-chart\".*?</svg>)", in: body).first?.first)
            #expect(
                svg.contains("role=\"img\"")
                    && svg.contains("aria-labelledby=\"figures-chart-title figures-chart-desc\""))
            #expect(
                svg.contains("<title id=\"figures-chart-title\">") && svg.contains("<desc id=\"figures-chart-desc\">"))
            let groups = try Self.matches(
                "<g class=\"figure\" data-code=\"([^\"]*)\" data-status=\"([^\"]*)\">(.*?)</g>", in: svg)
            #expect(groups.count == report.count)
            for figure in report {
                let code = try #require(figure["code"] as? String)
                let published = try #require(figure["published"] as? Int)
                let registryValue = try #require(figure["registry"] as? Int)
                let status = try #require(figure["status"] as? String)
                let group = try #require(groups.first { $0[0] == code }, "\(language): no bars for \(code)")
                #expect(group[1] == status)
                let inside = group[2]
                #expect(try Self.matches("<text class=\"label\"[^>]*>([^<]*)</text>", in: inside).first?.first == code)
                let shownPublished = try Self.matches("<text class=\"published-value\"[^>]*>([^<]*)</text>", in: inside)
                let shownRegistry = try Self.matches("<text class=\"registry-value\"[^>]*>([^<]*)</text>", in: inside)
                #expect(shownPublished.first?.first == Self.grouped(published), "\(language) \(code)")
                #expect(shownRegistry.first?.first == Self.grouped(registryValue), "\(language) \(code)")
                let subtitle = try Self.matches("<text class=\"subtitle\"[^>]*>([^<]*)</text>", in: inside).first?.first
                let word = try #require(words[language]?[status])
                #expect(subtitle?.hasSuffix(word) == true, "\(language) \(code): \(subtitle ?? "")")
            }
            // The numbers as a table beside the chart, thousands separated (32,900 pretrial cases).
            #expect(body.contains("<td class=\"n\">32,900</td>"))
            #expect(body.contains("<a href=\"/trends\">"))
        }
        // The data keep the reconcile report's rows.
        let csv = try await Self.page(registry, "/figures.csv")
        #expect(csv.hasPrefix("code,metric,regions,kinds,period,published,bound,registry,difference,status,"))
    }

    @Test func noLabelOfTheChartsReachesPastTheirPicture() async throws {
        let registry = try Self.exampleRegistry()
        for target in ["/figures?lang=zh", "/figures?lang=en", "/trends?lang=zh", "/trends?lang=en"] {
            let body = try await Self.page(registry, target)
            let charts = try Self.matches(
                "<svg class=\"chart\"[^>]*viewBox=\"0 0 ([0-9.]+) [0-9.]+\"(.*?)</svg>", in: body)
            #expect(!charts.isEmpty, "\(target)")
            for chart in charts {
                let width = try #require(Double(chart[0]))
                let texts = try Self.matches("<text ([^>]*)>([^<]*)</text>", in: chart[1])
                for text in texts where !text[0].contains("text-anchor") && !text[0].contains("rotate") {
                    let x = try #require(
                        try Self.matches("x=\"([0-9.]+)\"", in: text[0]).first.flatMap { Double($0[0]) })
                    let size =
                        try Self.matches("font-size=\"([0-9.]+)\"", in: text[0]).first.flatMap { Double($0[0]) } ?? 12
                    // Estimated by characters: a CJK one a square, a Latin one about 0.6 of it.
                    let estimate = text[1].unicodeScalars.reduce(0.0) { $0 + ($1.value >= 0x2E80 ? 1.0 : 0.6) * size }
                    #expect(x + estimate <= width, "\(target): \(text[1]) at \(x) is wider than \(width)")
                }
            }
        }
    }

    // MARK: Trends

    @Test func theTrendsAreTheSumsOfTheStatistics() async throws {
        let registry = try CenterSupport.registry()
        var csv = "center_code,period,pretrial_cases,protection_cases\n"
        for month in 1...12 {
            csv += "PC-BJ,2023-\(month < 10 ? "0" : "")\(month),\(1000 + month * 37),\(month * 11)\n"
            csv += "PC-TJ,2023-\(month < 10 ? "0" : "")\(month),\(month * 5),\n"
        }
        csv += "PC-BJ,2021,2500,300\nPC-TJ,2022-Q3,40,7\nRPC-BAZHOU,2022,,90\nPC-BJ,2019-04..2020-12,29000,\n"
        let file = try registry.folder.write("stats.csv", csv)
        let imported = try registry.run(["import", "stats", file])
        #expect(imported.status == 0, "\(imported.stderr)")
        let expected = try #require(
            try registry.json([
                "sql",
                """
                SELECT substr(c.region_code, 1, 2) || '0000' AS region_code, substr(s.period_start, 1, 4) AS period,
                       sum(s.pretrial_cases) AS pretrial_cases, sum(s.protection_cases) AS protection_cases
                FROM case_statistics AS s JOIN centers AS c ON c.id = s.center_id
                WHERE substr(s.period_end, 1, 4) = substr(s.period_start, 1, 4)
                GROUP BY 1, 2
                UNION ALL
                SELECT '', substr(period_start, 1, 4), sum(pretrial_cases), sum(protection_cases)
                FROM case_statistics WHERE substr(period_end, 1, 4) = substr(period_start, 1, 4)
                GROUP BY 2
                ORDER BY 1, 2
                """,
            ]) as? [[String: Any]])
        let expectedCenters = try #require(
            try registry.json([
                "sql",
                """
                SELECT year, kind, sum(a) AS approved, sum(o) AS opened FROM (
                    SELECT CAST(substr(approved, 1, 4) AS INTEGER) AS year, kind, 1 AS a, 0 AS o
                    FROM centers WHERE approved IS NOT NULL
                    UNION ALL
                    SELECT CAST(substr(opened, 1, 4) AS INTEGER), kind, 0, 1 FROM centers WHERE opened IS NOT NULL)
                GROUP BY 1, 2 ORDER BY 1, 2
                """,
            ]) as? [[String: Any]])
        let json = try await Self.page(registry, "/trends.json")
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]])
        let years = rows.filter { $0["table"] as? String == "cases-per-year" }
            .sorted {
                ($0["region_code"] as? String ?? "", $0["period"] as? String ?? "")
                    < ($1["region_code"] as? String ?? "", $1["period"] as? String ?? "")
            }
        func key(_ row: [String: Any]) -> String {
            "\(row["region_code"] ?? "")|\(row["period"] ?? "")|\(row["pretrial_cases"] ?? "-")|\(row["protection_cases"] ?? "-")"
        }
        #expect(years.map(key) == expected.map(key))
        #expect(years.contains { $0["region_code"] as? String == "" && $0["period"] as? String == "2023" })
        // 2023 is monthly: twelve months, each the sum of the two centers' rows.
        let months = rows.filter { $0["table"] as? String == "cases-per-month" }
        #expect(months.map { $0["period"] as? String ?? "" } == (1...12).map { "2023-\($0 < 10 ? "0" : "")\($0)" })
        #expect(months.first?["pretrial_cases"] as? Int == 1037 + 5)
        let centers = rows.filter { $0["table"] as? String == "centers-per-year" }
        func centerKey(_ row: [String: Any]) -> String {
            "\(row["year"] ?? row["period"] ?? "")|\(row["kind"] ?? "")|\(row["approved"] ?? "")|\(row["opened"] ?? "")"
        }
        #expect(centers.map(centerKey) == expectedCenters.map(centerKey))
        // The page: the whole region's 2023 in its table with separators, and a chart per province.
        let total2023 = try #require(
            expected.first { $0["region_code"] as? String == "" && $0["period"] as? String == "2023" })
        let page = try await Self.page(registry, "/trends?lang=en")
        #expect(
            page.contains("<td class=\"n\">\(Self.grouped(try #require(total2023["pretrial_cases"] as? Int)))</td>"))
        #expect(page.contains("Cases accepted per year: Beijing") && page.contains("Cases accepted per year: Tianjin"))
        #expect(page.contains("id=\"cases-per-month\"") && page.contains("<desc id=\"cases-per-month-desc\">"))
        let chinese = try await Self.page(registry, "/trends")
        #expect(chinese.contains("每年受理案件：北京市") && chinese.contains("<html lang=\"zh-CN\">"))
        let csvReply = try await Self.page(registry, "/trends.csv")
        #expect(csvReply.hasPrefix("table,region_code,period,kind,pretrial_cases,protection_cases,approved,opened\r\n"))
    }

    // MARK: Print

    @Test func everyPageCarriesItsAddressAndPrintTimeForPrintOnly() async throws {
        let registry = try Self.exampleRegistry()
        let replies = try await WebRoutesTests.getWithoutLanguage(
            registry, ["/centers?kind=tisc&lang=en", "/figures", "/centers/PC-BJ?lang=en", "/nowhere"])
        let english = replies[0].body
        #expect(english.contains(".print-only{display:none}") && english.contains("@media print{"))
        #expect(english.contains("thead{display:table-header-group}"))
        let footer = try #require(
            try Self.matches("(<footer class=\"print-only\">.*?</footer>)</main>", in: english).first?.first)
        #expect(footer.contains("Address: /centers?kind=tisc&amp;lang=en"))
        #expect(
            try Self.matches("Printed at [0-9]{1,2} [A-Z][a-z]{2} 20[0-9]{2}, [0-9]{2}:[0-9]{2} UTC", in: footer).count
                == 1)
        #expect(
            replies[1].body.contains("<footer class=\"print-only\"><span class=\"print-address\">网址：/figures</span>"))
        #expect(replies[1].body.contains("打印时间："))
        #expect(replies[2].body.contains("Address: /centers/PC-BJ?lang=en</span>"))
        #expect(replies[3].status == 404 && !replies[3].body.contains("print-address"))
        // Data in JSON and CSV have no footer.
        let data = try await WebRoutesTests.getWithoutLanguage(
            registry, ["/figures.json", "/figures.csv", "/trends.json"])
        #expect(data.allSatisfy { !$0.body.contains("print-only") })
    }

    @Test func theLayoutDrawsTheFooterOnEveryPageButARefusal() async throws {
        let registry = try Self.exampleRegistry()
        let replies = try await WebRoutesTests.getWithoutLanguage(
            registry, ["/centers/NOPE", "/centers?limit=0", "/nowhere", "/figures?region=BAD", "/reports/by-kind"])
        for reply in replies.prefix(3) {
            #expect(reply.status >= 400 && !reply.body.contains("print-only\">"), "\(reply.body.prefix(300))")
        }
        // The figures page's form with its error is the page, not a refusal.
        #expect(
            replies[3].status == 400
                && replies[3].body.contains("<span class=\"print-address\">网址：/figures?region=BAD</span>"))
        // A form page, drawn outside WebApp, has its footer too; the sign-in form has none (its
        // time would tell an unknown name's answer from a wrong password's).
        let (login, edit) = try await WebSignInTests.run(try WebSignInTests.registry()) { browser in
            let login = try await browser.send(.get, "/login")
            _ = try await browser.signIn()
            return (login, try await browser.send(.get, "/centers/PC-BJ/edit"))
        }
        #expect(login.status == 200 && !login.body.contains("print-address"))
        #expect(edit.status == 200, "\(edit.body.prefix(300))")
        #expect(edit.body.contains("<span class=\"print-address\">Address: /centers/PC-BJ/edit</span>"))
        // The layout writes it, for the request being answered only; never on a refusal or the dashboard.
        let printing = Layout.Printing(address: "/centers?kind=tisc", clock: .fixed("2026-12-01T08:00:00Z"))
        let pages = Layout.$printing.withValue(printing) {
            [
                Layout.document(title: "t", body: "<p>x</p>", language: .en).markup,
                Layout.errorPage(status: 404, message: "no such page", language: .en).markup,
                Layout.document(title: "t", body: "<p>x</p>", standalone: true, language: .en).markup,
            ]
        }
        #expect(
            pages[0].hasSuffix(
                "<p>x</p><footer class=\"print-only\"><span class=\"print-address\">Address: /centers?kind=tisc</span>"
                    + "<br><span class=\"printed-at\">Printed at 1 Dec 2026, 08:00 UTC</span></footer></main></body></html>\n"
            ))
        #expect(!pages[1].contains("print-address") && !pages[2].contains("print-address"))
        #expect(!Layout.document(title: "t", body: "<p>x</p>").markup.contains("print-address"))
    }

    // MARK: Languages

    @Test func eachLanguagesPagesShowOnlyItsOwnInterfaceWords() async throws {
        let registry = try Self.exampleRegistry()
        let report = try #require(try registry.json(["report", "run", "reconcile"]) as? [[String: Any]])
        let codes = report.compactMap { $0["code"] as? String }
        for path in ["/figures", "/trends"] {
            // Data: the figures' codes and periods, numbers, and the names the formats go by.
            let zh = InterfaceLanguage.text(
                of: try await Self.page(registry, path + "?lang=zh"), Self.reading,
                data: codes + ["JSON", "CSV", "TISC", "Excel (.xlsx)"])
            let latin = InterfaceLanguage.latinWords(in: zh)
            #expect(latin.isEmpty, "\(path) in Chinese shows \(latin)")
            let en = InterfaceLanguage.text(of: try await Self.page(registry, path + "?lang=en"), Self.reading)
            let cjk = InterfaceLanguage.chineseRuns(inText: en)
            #expect(cjk.isEmpty, "\(path) in English shows \(cjk)")
        }
    }
}
