// A real browser on the web view: Debian's chromium, headless, loads `/` and a center page from
// `ipreg serve`, and the test reads the DOM it rendered, takes a screenshot, and reads the
// browser's network log for any request to another host. Skips, saying why, where chromium is
// missing (Scripts/setup-system installs it). IPREG_SCREENSHOT=FILE keeps the overview's
// screenshot (docs/overview.png is made so).
import Foundation
import IPRegistry
import Testing
import WebPages

enum Browser {
    static let path = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    /// Runs headless chromium with `arguments` and the page `url`; its standard output.
    static func run(_ arguments: [String], url: String, folder: TemporaryDirectory) throws -> Outcome {
        guard let path else { throw HTTPClient.Failure(description: "no chromium") }
        // A profile of its own, and no first-run, sync, or update traffic of the browser's own.
        let common = [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--disable-default-apps", "--disable-extensions", "--user-data-dir=\(folder.path("profile"))",
        ]
        return try Spawned(
            common + arguments + [url], executable: URL(fileURLWithPath: path), outputFolder: folder.url,
            environment: ["HOME": folder.url.path]
        ).wait(timeout: 120)
    }

    /// Every request in the browser's network log (`--log-net-log`), with its initiator. The
    /// browser's own traffic (update checks, time, accounts) has no page as initiator; whatever
    /// the page pulls in (a stylesheet, script, font, image, even the favicon) has the page's origin.
    static func requests(inNetLog path: String) throws -> [(url: String, initiator: String?)] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let log = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let constants = log["constants"] as? [String: Any]
        let types = constants?["logEventTypes"] as? [String: Int] ?? [:]
        let startJob = try #require(types["URL_REQUEST_START_JOB"])
        let events = log["events"] as? [[String: Any]] ?? []
        return events.compactMap { event in
            guard event["type"] as? Int == startJob, let parameters = event["params"] as? [String: Any],
                let url = parameters["url"] as? String
            else { return nil }
            return (url, parameters["initiator"] as? String)
        }
    }
}

@Suite(
    .enabled(
        if: Browser.path != nil,
        "chromium is not installed (Scripts/setup-system installs Debian's chromium); the browser test is skipped"))
struct BrowserTests {
    /// The package's Examples (centers, statistics, published figures) and the two hostile centers.
    static func exampleRegistry() throws -> TestRegistry {
        let registry = try TestRegistry()
        for what in ["centers", "stats", "figures"] {
            let path = ImportSupport.examples.appendingPathComponent(what == "stats" ? "stats.csv" : "\(what).csv").path
            let result = try registry.run(["import", what, path])
            #expect(result.status == 0, "import \(what): \(result.stderr)")
        }
        for (code, name) in [("XSS-1", "<script>alert(1)</script>"), ("AMP-1", "Say \"hi\" & <b>bye</b>")] {
            let result = try registry.run(
                CenterSupport.newCenter([("--code", code), ("--name", name), ("--lat", "38.04"), ("--lon", "114.51")]))
            #expect(result.status == 0, "center add failed: \(result.stderr)")
        }
        return registry
    }

    @Test func overviewRendersInABrowserWithNothingFromAnotherHost() throws {
        let registry = try Self.exampleRegistry()
        // The counts the page must show: the registry's own report, through the command line.
        let byKind = try #require(try registry.json(["report", "run", "centers-by-kind"]) as? [[String: Any]])
        let total = byKind.reduce(0) { $0 + ($1["centers"] as? Int ?? 0) }
        #expect(total > 2)
        let server = try ServeTests.server(registry)
        let folder = try TemporaryDirectory()
        let base = "http://127.0.0.1:\(server.port)"
        let netLog = folder.path("net.json")

        let dom = try Browser.run(["--dump-dom", "--log-net-log=\(netLog)"], url: base + "/", folder: folder)
        #expect(dom.status == 0, "\(dom)")
        #expect(dom.stdout.contains("<strong id=\"total-centers\">\(total)</strong>"), "\(dom.stdout.prefix(500))")
        for row in byKind {
            let kind = row["kind"] as? String ?? ""
            let count = row["centers"] as? Int ?? -1
            // The kind by its name in the page's language (the browser's Accept-Language chooses it);
            // the link keeps its code.
            let names = CenterKind(rawValue: kind).map { [Vocabulary.kind($0).zh, Vocabulary.kind($0).en] } ?? []
            #expect(
                names.contains {
                    dom.stdout.contains(
                        "<td><a href=\"/centers?kind=\(kind)\">\($0)</a></td><td class=\"n\">\(count)</td>")
                }, "\(kind)")
        }
        #expect(dom.stdout.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(!dom.stdout.contains("<script"))

        // The log holds the page's load, and every request the page made went to the server.
        let requests = try Browser.requests(inNetLog: netLog)
        #expect(requests.contains { $0.url == base + "/" }, "the network log does not show the page's load")
        let elsewhere = requests.filter { $0.initiator == base && !$0.url.hasPrefix(base + "/") }.map(\.url)
        #expect(elsewhere.isEmpty, "the page asked another host for: \(elsewhere.prefix(5))")

        let screenshot = ProcessInfo.processInfo.environment["IPREG_SCREENSHOT"] ?? folder.path("overview.png")
        let shot = try Browser.run(
            ["--screenshot=\(screenshot)", "--window-size=1280,1900", "--hide-scrollbars"],
            url: base + "/", folder: folder)
        #expect(shot.status == 0, "\(shot)")
        let png = try Data(contentsOf: URL(fileURLWithPath: screenshot))
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]) && png.count > 10_000, "no screenshot at \(screenshot)")
    }

    @Test func centerPageRendersItsFieldsAsText() throws {
        let registry = try DashboardTests.hostileRegistry()
        let server = try ServeTests.server(registry)
        let folder = try TemporaryDirectory()
        let dom = try Browser.run(["--dump-dom"], url: "http://127.0.0.1:\(server.port)/centers/XSS-1", folder: folder)
        #expect(dom.status == 0, "\(dom)")
        #expect(
            dom.stdout.contains("<td data-field=\"name\">&lt;script&gt;alert(1)&lt;/script&gt;</td>"),
            "\(dom.stdout.prefix(800))")
        #expect(!dom.stdout.contains("<script"))
        let list = try Browser.run(
            ["--dump-dom"], url: "http://127.0.0.1:\(server.port)/centers?kind=tisc", folder: folder)
        #expect(list.stdout.contains("<strong id=\"total\">3</strong>"), "\(list.stdout.prefix(800))")
    }
}
