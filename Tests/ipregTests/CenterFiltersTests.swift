// The filters of `/centers` as choices (docs/web.md): the division picker (each province, then
// its cities or a municipality's districts) in both languages, a county from the address kept
// chosen, industries and services by name, repeated kinds kept ticked, headings that sort and
// keep every other filter; and the bar chart's labels never cut, its numbers grouped.
import Foundation
import Testing

@testable import WebPages

@Suite struct CenterFiltersTests {
    /// The codes of the centers a page lists (each row links to its center).
    static func listed(_ page: String) throws -> [String] {
        try WebChartsTests.matches("<tr><td><a href=\"/centers/([^\"]*)\">", in: page).map { $0[0] }
    }

    /// The `<select name="NAME">` elements of `page`.
    static func selects(_ name: String, in page: String) throws -> [String] {
        try WebChartsTests.matches("(<select name=\"\(name)\">.*?</select>)", in: page).map { $0[0] }
    }

    @Test func thePickerListsEachProvinceWithItsCitiesInBothLanguages() async throws {
        let registry = try CenterSupport.registry()
        let replies = try await WebRoutesTests.getWithoutLanguage(registry, ["/centers", "/centers?lang=en"])
        let chinese = try #require(try Self.selects("region", in: replies[0].body).first)
        let english = try #require(try Self.selects("region", in: replies[1].body).first)
        #expect(chinese.hasPrefix("<select name=\"region\"><option value=\"\">（全部）</option><optgroup label=\"北京市\">"))
        #expect(
            chinese.contains(
                "<optgroup label=\"河北省\"><option value=\"130000\">河北省（全省）</option>"
                    + "<option value=\"130100\">石家庄市</option><option value=\"130200\">唐山市</option>"))
        #expect(chinese.contains("<option value=\"131100\">衡水市</option></optgroup>"))
        // A municipality: the whole of it, then its districts, as the reference data has them.
        #expect(
            chinese.contains(
                "<optgroup label=\"北京市\"><option value=\"110000\">北京市（全市）</option>"
                    + "<option value=\"110101\">东城区</option>"))
        #expect(chinese.contains("<option value=\"810000\">香港特别行政区（全区）</option>"))
        #expect(
            english.contains(
                "<optgroup label=\"Hebei Province\"><option value=\"130000\">Hebei (whole province)</option>"
                    + "<option value=\"130100\">Shijiazhuang</option>"))
        #expect(
            english.contains(
                "<optgroup label=\"Beijing\"><option value=\"110000\">Beijing (whole municipality)</option>"
                    + "<option value=\"110101\">Dongcheng District</option>"))
        // Every province is a group; a county inside a city is no choice of its own.
        let provinces = try #require(try registry.json(["region", "list"]) as? [[String: Any]])
            .filter { ($0["level"] as? Int) == 1 }
        #expect(provinces.count == 34)
        for picker in [chinese, english] {
            #expect(try WebChartsTests.matches("<optgroup label=", in: picker).count == provinces.count)
            #expect(!picker.contains("value=\"130102\"") && !picker.contains(" selected"))
        }
        // Each page in its own language only: the new words too.
        let data = try await CorePagesLanguageTests.data(registry)
        let words: Set<String> = ["whole", "municipality", "province", "region", "industry", "service", "division"]
        #expect(InterfaceLanguage.englishWords(in: replies[0].body, interfaceWords: words, data: data).isEmpty)
        #expect(InterfaceLanguage.chineseRuns(in: replies[1].body, data: data).isEmpty)
        // The picker is labelled, as every control of the form.
        #expect(replies[0].body.contains("<label>行政区划<select name=\"region\">"))
        #expect(replies[1].body.contains("<label>Division<select name=\"region\">"))
    }

    /// The server keeps the choices between requests: until the registry changes.
    @Test func aCityAddedWhileTheServerRunsIsOfferedOnTheNextPage() throws {
        let registry = try CenterSupport.registry()
        let server = try ServeTests.server(registry)
        let before = try server.get("/centers?lang=zh")
        #expect(before.body.contains("<option value=\"131100\">衡水市</option></optgroup>"))
        #expect(try registry.run(["region", "add", "131200", "--name", "新市", "--name-en", "New City"]).status == 0)
        let after = try server.get("/centers?lang=zh")
        #expect(after.body.contains("<option value=\"131100\">衡水市</option><option value=\"131200\">新市</option>"))
    }

    @Test func choosingACityListsOnlyItsCentersAndShowsItChosen() async throws {
        let registry = try CenterSupport.registry()
        let replies = try await WebRoutesTests.getWithoutLanguage(
            registry, ["/centers?region=130100", "/centers?region=130100&lang=en", "/centers?region=130000"])
        // OC-SJZ-CYBER is Shijiazhuang itself, OC-HB-PV a district of it; RPC-BAZHOU is in Langfang.
        #expect(try Self.listed(replies[0].body) == ["OC-HB-PV", "OC-SJZ-CYBER"])
        #expect(replies[0].body.contains("<option value=\"130100\" selected>石家庄市</option>"))
        #expect(replies[1].body.contains("<option value=\"130100\" selected>Shijiazhuang</option>"))
        #expect(try Self.listed(replies[2].body) == ["OC-HB-PV", "OC-SJZ-CYBER", "RPC-BAZHOU"])
        #expect(replies[2].body.contains("<option value=\"130000\" selected>河北省（全省）</option>"))
    }

    @Test func aCountyFromTheAddressFiltersAndStaysChosen() async throws {
        let registry = try CenterSupport.registry()
        let replies = try await WebRoutesTests.getWithoutLanguage(
            registry, ["/centers?region=130102", "/centers?region=130102&lang=en", "/centers?region=120104&lang=en"])
        #expect(try Self.listed(replies[0].body) == ["OC-HB-PV"])
        let picker = try #require(try Self.selects("region", in: replies[0].body).first)
        #expect(
            picker.hasPrefix(
                "<select name=\"region\"><option value=\"\">（全部）</option>"
                    + "<option value=\"130102\" selected>河北省 / 石家庄市 / 长安区</option><optgroup"))
        // In English: no English name for the district, so the Chinese one and its code.
        #expect(replies[1].body.contains("<option value=\"130102\" selected>河北省 / 石家庄市 / 长安区 (130102)</option>"))
        // A Tianjin district is in the picker (a municipality's districts are): chosen there.
        #expect(replies[2].body.contains("<option value=\"120104\" selected>Nankai District</option>"))
        #expect(try Self.listed(replies[2].body) == ["TISC-TJU"])
    }

    @Test func industryAndServiceChoicesFilterAndKeepEveryValueChosen() async throws {
        let registry = try CenterSupport.registry()
        let replies = try await WebRoutesTests.getWithoutLanguage(
            registry,
            [
                "/centers?industry=photovoltaics", "/centers?industry=photovoltaics&lang=en",
                "/centers?service=rights-protection", "/centers?industry=new-materials&industry=cybersecurity",
            ])
        #expect(try Self.listed(replies[0].body) == ["OC-HB-PV"])
        #expect(replies[0].body.contains("<option value=\"photovoltaics\" selected>光伏</option>"))
        #expect(replies[1].body.contains("<option value=\"photovoltaics\" selected>Photovoltaics</option>"))
        #expect(replies[0].body.contains("<label>产业<select name=\"industry\">"))
        #expect(try Self.listed(replies[2].body) == ["PC-BJ", "RPC-BAZHOU"])
        #expect(replies[2].body.contains("<option value=\"rights-protection\" selected>快速维权</option>"))
        #expect(try Self.selects("service", in: replies[0].body).count == 1)
        // Two industries: a choice for each, both chosen, and the centers of either listed.
        #expect(try Self.listed(replies[3].body) == ["OC-SJZ-CYBER", "PC-TJ"])
        let industries = try Self.selects("industry", in: replies[3].body)
        #expect(industries.count == 2)
        #expect(industries.first?.contains("<option value=\"new-materials\" selected>") == true)
        #expect(industries.last?.contains("<option value=\"cybersecurity\" selected>") == true)
        #expect(replies[3].body.contains("<label>产业 2<select name=\"industry\">"))
    }

    @Test func twoKindsInTheAddressStayTickedWhenTheFormIsDrawnAgain() async throws {
        let registry = try CenterSupport.registry()
        let replies = try await WebRoutesTests.getWithoutLanguage(
            registry, ["/centers?kind=protection&kind=tisc&status=operating&status=suspended", "/centers?lang=en"])
        let page = replies[0].body
        #expect(try Self.listed(page) == ["PC-BJ", "PC-TJ", "TISC-TJU"])
        for (name, value) in [
            ("kind", "protection"), ("kind", "tisc"), ("status", "operating"), ("status", "suspended"),
        ] {
            #expect(page.contains("<input type=\"checkbox\" name=\"\(name)\" value=\"\(value)\" checked>"), "\(value)")
        }
        for (name, value) in [("kind", "operation"), ("kind", "rapid-protection"), ("status", "closed")] {
            #expect(page.contains("<input type=\"checkbox\" name=\"\(name)\" value=\"\(value)\">"), "\(value)")
        }
        // Each group is a fieldset named by its legend; each box is inside its label.
        #expect(try WebChartsTests.matches("<fieldset[^>]*><legend>类型</legend>", in: page).count == 1)
        #expect(try WebChartsTests.matches("<fieldset[^>]*><legend>Status</legend>", in: replies[1].body).count == 1)
        #expect(
            page.contains(
                "<input type=\"checkbox\" name=\"kind\" value=\"tisc\" checked>技术与创新支持中心 (TISC)</label>"))
        #expect(!replies[1].body.contains(" checked>"))
    }

    @Test func headingsSortTheListAndKeepEveryOtherFilter() async throws {
        let registry = try CenterSupport.registry()
        let replies = try await WebRoutesTests.getWithoutLanguage(
            registry,
            [
                "/centers?kind=protection&kind=tisc&region=120000&sort=name&limit=1&offset=1",
                "/centers?lang=en", "/centers?sort=region",
            ])
        let page = replies[0].body
        let kept = "/centers?kind=protection&amp;kind=tisc&amp;region=120000&amp;limit=1&amp;sort="
        #expect(page.contains("<th><a href=\"\(kept)code\">编号</a></th>"))
        #expect(
            page.contains(
                "<th aria-sort=\"ascending\"><a href=\"\(kept)name\">名称</a><span aria-hidden=\"true\"> ▲</span></th>"))
        #expect(page.contains("<th><a href=\"\(kept)region\">行政区划</a></th>"))
        #expect(page.contains("<th>类型</th><th>状态</th>"))
        #expect(try WebChartsTests.matches("aria-sort=", in: page).count == 1)
        // The paging keeps the filters and the order.
        #expect(
            page.contains(
                "rel=\"prev\" href=\"/centers?kind=protection&amp;kind=tisc&amp;region=120000&amp;sort=name&amp;limit=1&amp;offset=0\""
            ))
        // Unsorted, the list is by code, and the code heading says so.
        #expect(
            replies[1].body.contains(
                "<th aria-sort=\"ascending\"><a href=\"/centers?sort=code\">Code</a><span aria-hidden=\"true\"> ▲</span></th>"
            ))
        // Following a heading's link sorts as `center list --sort` does.
        #expect(replies[2].body.contains("<th aria-sort=\"ascending\"><a href=\"/centers?sort=region\">行政区划</a>"))
        #expect(
            try Self.listed(replies[2].body) == CenterSupport.listedCodes(registry, ["--sort", "region"]))
        #expect(try Self.listed(replies[2].body) != CenterSupport.allCodes)
    }

    // MARK: Bar charts

    /// The text of each `<text>` of `svg` whose `text-anchor` is `end` (a bar's label), its
    /// lines joined, with the x it ends at and its lines.
    static func labels(_ svg: String) throws -> [(x: Double, lines: [String])] {
        try WebChartsTests.matches("<text x=\"([0-9.]+)\" y=\"[0-9.]+\" text-anchor=\"end\">(.*?)</text>", in: svg)
            .map { match in
                let lines = try WebChartsTests.matches("<tspan[^>]*>([^<]*)</tspan>", in: match[1]).map { $0[0] }
                return (Double(match[0]) ?? -1, lines.isEmpty ? [match[1]] : lines)
            }
    }

    @Test func aBarsLabelIsNeverCutAndItsNumbersAreGrouped() throws {
        let long = String(repeating: "知识产权保护中心", count: 8)
        let english = "Intellectual property protection center of a very long name indeed, longer than any line"
        let labels = ["短", long, english, "x"]
        let chart = SVGChart.bars(title: "t", labels: labels, values: [12_345, 1_234_567.5, 3, 0]).markup
        let width = try #require(
            try WebChartsTests.matches("viewBox=\"0 0 ([0-9.]+) [0-9.]+\"", in: chart).first.flatMap { Double($0[0]) })
        let shown = try Self.labels(chart)
        #expect(shown.count == labels.count)
        for (label, text) in zip(labels, shown) {
            // Every character is there, and no line reaches past the picture's left edge.
            #expect(text.lines.joined().filter { $0 != " " } == label.filter { $0 != " " }, "\(label)")
            #expect(!text.lines.joined().contains("…"))
            for line in text.lines {
                #expect(text.x - ChartParts.width(line, fontSize: 12) >= 0, "\(line)")
            }
        }
        #expect(shown[1].lines.count > 1 && shown[2].lines.count > 1)
        #expect(chart.contains(">12,345</text>") && chart.contains(">1,234,567.5</text>"))
        // The values at the bars' ends stay inside the picture.
        let values = try WebChartsTests.matches("<text x=\"([0-9.]+)\" y=\"[0-9.]+\">([0-9,.]+)</text>", in: chart)
        #expect(values.count == labels.count)
        for value in values {
            #expect((Double(value[0]) ?? .infinity) + ChartParts.width(value[1], fontSize: 12) <= width)
        }
        // Short labels keep the chart as it was.
        #expect(SVGChart.bars(title: "t", labels: ["a"], values: [1]).markup.contains("viewBox=\"0 0 600 "))
    }

    @Test func aColumnChartsAxisNumberIsGroupedAndInsideThePicture() throws {
        let chart = SVGChart.columns(title: "t", labels: ["2023"], series: [("cases", [1_234_567])]).markup
        let axis = try #require(
            try WebChartsTests.matches(
                "<text x=\"([0-9.]+)\" y=\"[0-9.]+\" text-anchor=\"end\">1,234,567</text>", in: chart
            )
            .first)
        #expect((Double(axis[0]) ?? 0) - ChartParts.width("1,234,567", fontSize: 12) >= 0)
        #expect(chart.contains("2023 cases: 1,234,567</title>"))
        #expect(SVGChart.grouped(-1234.25) == "-1,234.25" && SVGChart.grouped(999) == "999")
    }
}
