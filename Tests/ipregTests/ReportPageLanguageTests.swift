// The reports' pages and the SQL page speak the page's language: in Chinese no English interface
// word, in English no Chinese character, outside the data (table rows, codes, a query's text and
// the user's names). The navigation and the charts are other parts of the page's translation.
import Foundation
import Testing
import WebPages

@Suite struct ReportPageLanguageTests {
    /// Pages in both states: a form, rows, a refusal the web view words itself.
    static let pages = [
        "/reports", "/reports/centers-by-kind", "/reports/centers-by-region?region=130000", "/reports/case-totals",
        "/reports/top-centers", "/reports/by-kind", "/reports/by-kind?kind=tisc", "/sql",
        "/sql?sql=" + Query.encode("SELECT code, name FROM centers ORDER BY code"),
        "/sql?sql=" + Query.encode("SELECT :kind AS kind"),
    ]

    /// Words that are the same in both languages (formats, names), or codes a page shows as data
    /// (report names and parameters, a saved report's column keys).
    static let codes: Set<String> = [
        "SQL", "JSON", "CSV", "Excel", "xlsx", "TISC", "sql", "name", "value", "by-kind", "by", "kind", "region",
        "from", "to", "limit", "code", "protection", "pretrial",
    ]

    /// What the checks read of a page: its `<main>` without its table rows (data, unless `rows`:
    /// the list of reports is interface throughout), `<code>`, a query's text and a chart's SVG.
    static func reading(rows: Bool) -> InterfaceLanguage.Reading {
        let removed = [("<code>", "</code>"), ("<textarea", "</textarea>"), ("<svg", "</svg>")]
        return InterfaceLanguage.Reading(
            parts: [.main], removed: (rows ? [] : [("<tbody>", "</tbody>")]) + removed, ariaLabels: false)
    }

    /// `target` with `lang=language` added to its query.
    static func `in`(_ target: String, _ language: String) -> String {
        target + (target.contains("?") ? "&" : "?") + "lang=" + language
    }

    @Test func inChineseTheReportAndSQLPagesShowNoEnglishInterfaceWord() async throws {
        let registry = try WebRoutesTests.registry()
        let replies = try await WebRoutesTests.get(registry, Self.pages.map { Self.in($0, "zh") })
        for (target, reply) in zip(Self.pages, replies) {
            #expect(reply.body.contains("<html lang=\"zh-CN\">"), "\(target)")
            let text = InterfaceLanguage.text(of: reply.body, Self.reading(rows: target == "/reports"))
            #expect(!InterfaceLanguage.chineseRuns(inText: text).isEmpty, "\(target): \(text)")
            let english = InterfaceLanguage.latinWords(in: text, allowed: Self.codes, hyphens: true)
            #expect(english.isEmpty, "\(target): \(english) in \(text)")
        }
    }

    @Test func inEnglishTheReportAndSQLPagesShowNoChinese() async throws {
        let registry = try WebRoutesTests.registry()
        let replies = try await WebRoutesTests.get(registry, Self.pages.map { Self.in($0, "en") })
        for (target, reply) in zip(Self.pages, replies) {
            #expect(reply.body.contains("<html lang=\"en\">"), "\(target)")
            let text = InterfaceLanguage.text(of: reply.body, Self.reading(rows: target == "/reports"))
            #expect(InterfaceLanguage.chineseRuns(inText: text).isEmpty, "\(target): \(text)")
        }
    }

    @Test func aBuiltInReportHasItsTitleDescriptionAndHeadingsInChinese() async throws {
        let registry = try WebRoutesTests.registry()
        let replies = try await WebRoutesTests.get(
            registry, ["/reports/centers-by-region?lang=zh", "/reports?lang=zh", "/reports/by-kind?lang=zh"])
        #expect(replies[0].body.contains("<h1>各行政区划中心数量</h1>"))
        #expect(replies[0].body.contains("<th>行政区划代码</th><th>行政区划</th><th>知识产权保护中心</th>"))
        #expect(replies[0].body.contains("<label>行政区划代码<input name=\"region\""))
        #expect(replies[1].body.contains("<h1>统计报表</h1>"))
        #expect(replies[1].body.contains(">历年受理案件数</a> <code>case-totals</code>"))
        // A saved report's parameter is missing: the refusal in Chinese, the field to fill in.
        #expect(replies[2].status == 400)
        #expect(replies[2].body.contains("<p class=\"error\">请填写 kind 的值</p>"))
    }
}
