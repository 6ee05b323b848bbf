// The read pages in a real browser, in both languages: Scripts/browser-pages.py opens each of
// `/`, `/centers`, a center, `/reports`, a report, `/figures`, `/sql`, `/centers/nearest` (with a
// point, so with its table) and `/coverage` with `?lang=zh` and
// `?lang=en` in headless Chromium, runs axe-core on it and takes screenshots of the overview, a
// center and the figures page; this test checks that each page says its language and that axe
// finds nothing. The registry is the example data set (Examples/), as docs/ shows it. With
// IPREG_SCREENSHOTS=DIR the screenshots are kept there (docs/screenshots is refreshed so);
// otherwise in a temporary folder. Skips, saying what is missing, like BrowserFlowTests.
import Foundation
import Testing

@Suite(.enabled(if: SeleniumBrowser.missing == nil, Comment(rawValue: SeleniumBrowser.missing ?? "")))
struct BrowserPagesTests {
    @Test func everyReadPageSaysItsLanguageAndAxeFindsNoViolationInEither() throws {
        let registry = try TestRegistry()
        for kind in ["centers", "stats", "figures"] {
            let imported = try registry.run(
                ["import", kind, ImportSupport.examples.appendingPathComponent("\(kind).csv").path])
            #expect(imported.status == 0, "\(imported.stderr)")
        }
        let centers = try #require(try registry.json(["center", "list"]) as? [[String: Any]])
        let code = try #require(centers.first?["code"] as? String)
        let server = try ServeTests.server(registry)
        let folder = try TemporaryDirectory()
        let screenshots = ProcessInfo.processInfo.environment["IPREG_SCREENSHOTS"] ?? folder.path("screenshots")
        let python = try #require(Workbooks.python)
        let outcome = try Spawned(
            [
                Workbooks.scripts.appendingPathComponent("browser-pages.py").path, "--screenshots", screenshots,
                "http://127.0.0.1:\(server.port)", code, "case-totals",
            ], executable: python, outputFolder: folder.url
        ).wait(timeout: 400)
        #expect(outcome.status == 0, "\(outcome)")
        let seen = try #require(
            try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: [String: Any]],
            "\(outcome.stdout)")
        let pages = ["overview", "centers", "center", "reports", "report", "figures", "sql", "nearest", "coverage"]
        for page in pages {
            for (language, tag) in [("zh", "zh-CN"), ("en", "en")] {
                let page = try #require(seen["\(page) \(language)"], "\(page) \(language) was not seen")
                #expect(page["lang"] as? String == tag, "\(page)")
                #expect((page["violations"] as? [String]) == [], "\(page)")
            }
        }
        for name in ["overview", "center", "figures"] {
            for language in ["zh", "en"] {
                let png = try Data(contentsOf: URL(fileURLWithPath: "\(screenshots)/\(name)-\(language).png"))
                #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]), "\(name)-\(language).png is no PNG")
            }
        }
    }
}
