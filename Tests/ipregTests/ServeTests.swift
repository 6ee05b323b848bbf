// `ipreg serve` over HTTP on loopback (`--port 0`): every route and status of docs/web.md,
// the JSON shapes, CSV, filters, paging, escaping, the refusals and the limits.
import Foundation
import SQLiteDB
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite struct ServeTests {
    static func server(_ registry: TestRegistry, _ options: [String] = []) throws -> WebServer {
        let server = try WebServer(registry: registry.path, options: options)
        #expect(server.port > 0, "the server did not say where it listens: \(server.firstLine)")
        return server
    }

    @Test func firstLineSaysWhereItServes() throws {
        let registry = try TestRegistry()
        let server = try Self.server(registry)
        #expect(server.firstLine == "serving \(registry.path) at http://127.0.0.1:\(server.port)/")
        #expect(server.stop(SIGINT) == 0, "SIGINT should stop the server cleanly")
    }

    @Test func everyPageAnswersWithItsContentTypeAndPolicy() throws {
        let registry = try DashboardTests.hostileRegistry()
        let server = try Self.server(registry)
        let routes: [(String, String)] = [
            ("/", "text/html"), ("/.json", "application/json"), ("/index.json", "application/json"),
            ("/centers", "text/html"), ("/centers.json", "application/json"), ("/centers.csv", "text/csv"),
            ("/centers/PC-BJ", "text/html"), ("/centers/PC-BJ.json", "application/json"),
            ("/centers/pc-bj.csv", "text/csv"),
            ("/reports", "text/html"), ("/reports.json", "application/json"),
            ("/reports/centers-by-kind", "text/html"), ("/reports/centers-by-kind.json", "application/json"),
            ("/reports/case-totals.csv", "text/csv"), ("/figures", "text/html"), ("/figures.json", "application/json"),
            ("/sql", "text/html"), ("/sql.json?sql=SELECT+1+AS+one", "application/json"),
        ]
        for (target, type) in routes {
            let reply = try server.get(target)
            #expect(reply.status == 200, "\(target): \(reply.status) \(reply.body.prefix(300))")
            #expect(
                reply.header("content-type")?.hasPrefix(type) == true,
                "\(target): \(reply.header("content-type") ?? "none")")
            #expect(reply.header("content-security-policy")?.contains("default-src 'none'") == true, "\(target)")
        }
    }

    @Test func overviewJSONHoldsTheReportsRows() throws {
        let registry = try DashboardTests.hostileRegistry()
        let server = try Self.server(registry)
        let object = try #require(try server.get("/index.json").json as? [String: Any])
        #expect(Set(object.keys) == ["by_kind", "by_region", "case_totals", "reconcile"])
        let byKind = try #require(object["by_kind"] as? [[String: Any]])
        let counts = Dictionary(
            uniqueKeysWithValues: byKind.compactMap { row in
                (row["kind"] as? String).map { ($0, row["centers"] as? Int ?? -1) }
            })
        #expect(counts["tisc"] == 3)  // TISC-TJU and the two hostile ones
        #expect(counts["protection"] == 2)
    }

    @Test func centersFilterPageAndCountAsCenterListDoes() throws {
        let registry = try DashboardTests.hostileRegistry()
        let server = try Self.server(registry)
        let all = try #require(try server.get("/centers.json").json as? [String: Any])
        #expect(all["total"] as? Int == 8)
        #expect((all["centers"] as? [[String: Any]])?.count == 8)

        let tianjin = try #require(
            try server.get("/centers.json?region=120000&kind=protection&kind=tisc").json as? [String: Any])
        let codes = (tianjin["centers"] as? [[String: Any]])?.compactMap { $0["code"] as? String }
        #expect(codes == ["PC-TJ", "TISC-TJU"])
        #expect(tianjin["total"] as? Int == 2)

        let page = try #require(try server.get("/centers.json?limit=2&offset=2&sort=code").json as? [String: Any])
        let pageCodes = (page["centers"] as? [[String: Any]])?.compactMap { $0["code"] as? String }
        #expect(
            pageCodes
                == Array(
                    ["AMP-1", "OC-HB-PV", "OC-SJZ-CYBER", "PC-BJ", "PC-TJ", "RPC-BAZHOU", "TISC-TJU", "XSS-1"][2..<4]))
        #expect(page["total"] as? Int == 8)

        let html = try server.get("/centers?limit=2&offset=2")
        #expect(html.body.contains("rel=\"next\" href=\"/centers?limit=2&amp;offset=4\""))
        #expect(html.body.contains("rel=\"prev\" href=\"/centers?limit=2&amp;offset=0\""))

        let csv = try server.get("/centers.csv?industry=photovoltaics")
        let lines = csv.body.split(separator: "\r\n")
        #expect(lines.first?.hasPrefix("code,name,name_en,kind") == true)
        #expect(lines.count == 2 && lines[1].hasPrefix("OC-HB-PV,"))

        // 天津
        let searched = try #require(try server.get("/centers.json?search=%E5%A4%A9%E6%B4%A5").json as? [String: Any])
        #expect(searched["total"] as? Int == 2)
    }

    /// A filter that matches many centers walks the code index instead of sorting (WebQueries):
    /// the pages must come out the same, in code order, whichever way they are read.
    @Test func pagesOfACommonFilterAreInCodeOrder() throws {
        let registry = try DashboardTests.hostileRegistry()
        let server = try Self.server(registry)
        let operating = ["AMP-1", "PC-BJ", "PC-TJ", "RPC-BAZHOU", "XSS-1"]
        var seen: [String] = []
        for offset in stride(from: 0, to: 6, by: 2) {
            let page = try #require(
                try server.get("/centers.json?status=operating&limit=2&offset=\(offset)").json as? [String: Any])
            #expect(page["total"] as? Int == 5)
            seen += (page["centers"] as? [[String: Any]])?.compactMap { $0["code"] as? String } ?? []
        }
        #expect(seen == operating)
        let whole = try #require(try server.get("/centers.json?status=operating&limit=100").json as? [String: Any])
        #expect((whole["centers"] as? [[String: Any]])?.compactMap { $0["code"] as? String } == operating)
    }

    @Test func centerJSONIsTheCenterObjectWithStatistics() throws {
        let registry = try DashboardTests.hostileRegistry()
        let added = try registry.run([
            "stats", "add", "--center", "PC-BJ", "--period", "2023", "--pretrial", "120", "--protection", "45",
        ])
        #expect(added.status == 0, "\(added.stderr)")
        let server = try Self.server(registry)
        let object = try #require(try server.get("/centers/PC-BJ.json").json as? [String: Any])
        let shown = try CenterSupport.shown(registry, "PC-BJ")
        for (key, value) in shown { #expect(CenterSupport.same(object[key], value), "\(key)") }
        let statistics = try #require(object["statistics"] as? [[String: Any]])
        #expect(statistics.count == 1)
        #expect(statistics.first?["period"] as? String == "2023")
        #expect(statistics.first?["pretrial_cases"] as? Int == 120)
        let page = try server.get("/centers/PC-BJ?lang=en")
        #expect(page.body.contains("2023") && page.body.contains("History"))
    }

    @Test func everyValueIsEscapedOnEveryPage() throws {
        let registry = try DashboardTests.hostileRegistry()
        let server = try Self.server(registry)
        for target in [
            "/", "/centers", "/centers/XSS-1", "/centers/AMP-1", "/sql?sql=SELECT+name+FROM+centers",
            "/reports/top-centers", "/centers?search=%3Cscript%3E",
        ] {
            let reply = try server.get(target)
            #expect(reply.status == 200, "\(target): \(reply.status)")
            #expect(!reply.body.contains("<script"), "\(target) carries a script element")
            #expect(!reply.body.contains("<b>bye"), "\(target) carries a center's markup")
        }
        #expect(try server.get("/centers/XSS-1").body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(try server.get("/centers/AMP-1").body.contains("Say &quot;hi&quot; &amp; &lt;b&gt;bye&lt;/b&gt;"))
        let json = try #require(try server.get("/centers/XSS-1.json").json as? [String: Any])
        #expect(json["name"] as? String == "<script>alert(1)</script>")
    }

    @Test func missingThingsAre404AndOtherMethods405() throws {
        let registry = try CenterSupport.registry()
        let server = try Self.server(registry)
        for target in [
            "/nope", "/centers/NOPE", "/reports/nope", "/centers/PC-BJ/extra", "/index.html", "/favicon.ico",
        ] {
            #expect(try server.get(target).status == 404, "\(target)")
        }
        let json = try server.get("/centers/NOPE.json")
        #expect(json.status == 404)
        #expect((json.json as? [String: Any])?["error"] as? String != nil)
        for method in ["POST", "PUT", "DELETE", "PATCH", "OPTIONS"] {
            let reply = try server.get("/centers", method: method)
            #expect(reply.status == 405, "\(method)")
            #expect(reply.header("allow") == "GET, HEAD")
        }
        let head = try server.get("/centers.json", method: "HEAD")
        #expect(head.status == 200 && head.body.isEmpty)
        let get = try server.get("/centers.json")
        #expect(head.header("content-length") == String(get.body.utf8.count), "HEAD gives GET's length")
    }

    @Test func badQueriesAre400() throws {
        let registry = try CenterSupport.registry()
        let server = try Self.server(registry)
        let cases = [
            "/centers.json?kind=%zz", "/centers.json?kind=%E4", "/centers.json?kind=museum", "/centers.json?colour=red",
            "/centers.json?limit=ten", "/centers.json?sort=size", "/centers.json?region=999999",
            "/reports/top-centers.json?by=size",
            "/reports/centers-by-kind.json?colour=red", "/sql.json?sql=SELEC", "/sql.json", "/?region=zz",
        ]
        for target in cases {
            let reply = try server.get(target)
            #expect(reply.status == 400, "\(target): \(reply.status) \(reply.body.prefix(200))")
            if target.contains(".json") {
                #expect((reply.json as? [String: Any])?["error"] is String, "\(target): \(reply.body.prefix(200))")
            }
        }
    }

    @Test func writesAreRefusedAndChangeNothing() throws {
        let registry = try CenterSupport.registry()
        let before = try registry.fingerprint()
        let server = try Self.server(registry)
        for sql in [
            "DELETE FROM centers", "UPDATE centers SET name = 'x'", "DROP TABLE centers",
            "ATTACH DATABASE '/tmp/x.sqlite' AS x", "PRAGMA journal_mode = DELETE", "SELECT 1; DELETE FROM centers",
        ] {
            let reply = try server.get("/sql.json?sql=" + Self.encoded(sql))
            #expect(reply.status == 400, "\(sql): \(reply.status)")
        }
        let count = try server.get("/sql.json?sql=" + Self.encoded("SELECT count(*) AS n FROM centers"))
        #expect((count.json as? [[String: Any]])?.first?["n"] as? Int == 6)
        _ = server.stop()
        #expect(try registry.fingerprint() == before)
    }

    @Test func traversalAttemptsAre404() throws {
        let registry = try CenterSupport.registry()
        let server = try Self.server(registry)
        for target in [
            "/..%2f..%2fetc%2fpasswd", "/%2e%2e/", "/%2e%2e/%2e%2e/etc/passwd", "/centers/..%2f..%2fetc%2fpasswd",
            "/../../etc/passwd", "/centers/%2e%2e", "/reports/..%5c..%5cwin.ini", "/%00", "/centers/%ff",
        ] {
            let reply = try server.get(target)
            #expect(reply.status == 404 || reply.status == 400, "\(target): \(reply.status)")
            #expect(!reply.body.contains("root:"), "\(target)")
        }
        #expect(try server.get("/..%2f..%2fetc%2fpasswd").status == 404)
        #expect(try server.get("/%2e%2e/").status == 404)
    }

    @Test func sqlTakesParametersAndCutsAtTheRowCap() throws {
        let registry = try CenterSupport.registry()
        let server = try Self.server(registry, ["--max-rows", "3"])
        let reply = try server.get(
            "/sql.json?sql=" + Self.encoded("SELECT code FROM centers WHERE kind = :kind ORDER BY code")
                + "&kind=protection")
        #expect(reply.status == 200, "\(reply.body)")
        #expect((reply.json as? [[String: Any]])?.compactMap { $0["code"] as? String } == ["PC-BJ", "PC-TJ"])
        #expect(reply.header("x-rows-truncated") == nil)
        let many = try server.get("/sql.json?sql=" + Self.encoded("SELECT code FROM centers ORDER BY code"))
        #expect((many.json as? [[String: Any]])?.count == 3)
        #expect(many.header("x-rows-truncated") == "3")
        let page = try server.get("/sql?sql=" + Self.encoded("SELECT code FROM centers ORDER BY code"))
        #expect(page.body.contains("cut at the limit of 3 rows"))
    }

    @Test func aQueryThatNeverEndsIsStoppedWhileOthersAreServed() throws {
        let registry = try CenterSupport.registry()
        let server = try Self.server(registry, ["--sql-time-limit", "1500"])
        let endless = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT count(*) FROM n"
        let slow = Completion()
        let port = server.port
        let thread = Thread {
            slow.finish(
                try? HTTPClient.send(port: port, method: "GET", target: "/sql.json?sql=" + Self.encoded(endless)))
        }
        thread.start()
        // Served while the endless query runs: it cannot end before its time limit.
        for _ in 0..<5 {
            #expect(try server.get("/centers/PC-BJ.json").status == 200)
        }
        #expect(!slow.isDone, "the endless query ended before the other requests were answered")
        let reply = try #require(slow.wait())
        #expect(reply.status == 400)
        #expect(
            (reply.json as? [String: Any])?["error"] as? String
                == "the query ran past the time limit of 1500 ms and was stopped")
    }

    @Test func pagesShowWhatTheCommandLineWritesMeanwhile() throws {
        let registry = try CenterSupport.registry()
        let server = try Self.server(registry)
        #expect((try server.get("/centers.json").json as? [String: Any])?["total"] as? Int == 6)
        #expect(try registry.run(CenterSupport.newCenter()).status == 0)
        #expect((try server.get("/centers.json").json as? [String: Any])?["total"] as? Int == 7)
        #expect(try server.get("/centers/NEW-1.json").status == 200)
    }

    @Test func keptReportsAndTotalsFollowTheCommandLinesWrites() throws {
        let registry = try CenterSupport.registry()
        let server = try Self.server(registry)
        func tisc(_ rows: Any?) -> Int? {
            (rows as? [[String: Any]])?.first { $0["kind"] as? String == "tisc" }?["centers"] as? Int
        }
        func seen() throws -> [Int?] {
            [
                tisc(try server.get("/reports/centers-by-kind.json").json),
                tisc((try server.get("/index.json").json as? [String: Any])?["by_kind"]),
                (try server.get("/centers.json?kind=tisc&region=130000").json as? [String: Any])?["total"] as? Int,
            ]
        }
        // Asked twice, the second time from what the server kept.
        let before = try seen()
        #expect(before.allSatisfy { $0 != nil }, "\(before)")
        #expect(try seen() == before)
        #expect(try registry.run(CenterSupport.newCenter()).status == 0)  // a tisc in 130100
        #expect(try seen() == before.map { $0.map { $0 + 1 } })
    }

    @Test func theOverviewStopsAtTheTimeLimitAsAReportDoes() throws {
        // 300,000 rows of zeros in the centers' counts: the answers stay the same, but reading
        // them takes far more than 1 ms, so the overview meets its limit (it had none).
        let registry = try CenterSupport.registry()
        let db = try Connection(path: registry.path, mode: .readWrite)
        try db.execute(
            """
            INSERT INTO report_center_counts (region_code, kind, status, centers)
            WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300000)
            SELECT '110000', 'tisc', 'padding-' || i, 0 FROM n
            """)
        let server = try Self.server(registry, ["--sql-time-limit", "1"])
        for target in ["/index.json", "/reports/centers-by-kind.json"] {
            let reply = try server.get(target)
            #expect(reply.status == 400, "\(target): \(reply.status)")
            #expect(((reply.json as? [String: Any])?["error"] as? String)?.contains("time limit of 1 ms") == true)
        }
        #expect(try server.get("/").status == 400)
        // The same registry within the default limit: whole answers.
        let patient = try Self.server(registry)
        #expect(try patient.get("/index.json").status == 200)
    }

    @Test func oversizedRequestsAreRefused() throws {
        let registry = try TestRegistry()
        let server = try Self.server(registry)
        let long = try server.get("/centers?search=" + String(repeating: "a", count: 9000))
        #expect(long.status == 414)
        let headers = (0..<120).map { "X-Filler-\($0): value" }
        #expect(try server.get("/", headers: headers).status == 431)
    }

    @Test func serveRefusesBadOptionsAndANonRegistry() throws {
        let folder = try TemporaryDirectory()
        let notARegistry = try folder.write("notes.sqlite", "just text, not SQLite")
        let refused = try CLI.run(["serve", "--db", notARegistry, "--port", "0"])
        #expect(refused.status == 74)
        #expect(refused.errorLines.count == 1, "\(refused.stderr)")
        #expect(try CLI.run(["serve", "--db", folder.path("r.sqlite"), "--port", "70000"]).status == 64)
        #expect(try CLI.run(["serve", "--db", folder.path("r.sqlite"), "--sql-time-limit", "0"]).status == 64)
    }

    static func encoded(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? text
    }
}

/// A result handed from a thread, waited for without sleeping.
final class Completion: @unchecked Sendable {
    private let lock = NSLock()
    private let done = DispatchSemaphore(value: 0)
    private var reply: HTTPReply?
    private var finished = false

    func finish(_ value: HTTPReply?) {
        lock.withLock {
            reply = value
            finished = true
        }
        done.signal()
    }

    var isDone: Bool { lock.withLock { finished } }

    func wait() -> HTTPReply? {
        done.wait()
        return lock.withLock { reply }
    }
}
