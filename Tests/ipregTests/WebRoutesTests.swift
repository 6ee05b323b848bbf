// The server's routes, middleware and refusals in the test's process: WebServer's application
// driven through HummingbirdTesting's router (no socket), over a registry the command line
// wrote. Every route in every format, the path's escapes, 404, 405, 400, HEAD, the policy
// headers on every answer, the Host rule and the size limits. The live-socket tests (Serve*)
// keep what needs a connection: the guard before NIO's parser, timeouts, signals, the access log.
import Foundation
import HTTPTypes
import HummingbirdTesting
import IPRegistry
import Testing
import WebPages
import WebServer

@Suite struct WebRoutesTests {
    struct Reply {
        let status: Int
        let headers: HTTPFields
        /// The body as sent (a workbook's bytes are no text).
        let bytes: [UInt8]
        var body: String { String(decoding: bytes, as: UTF8.self) }

        func header(_ name: String) -> String? { HTTPField.Name(name).flatMap { headers[$0] } }
        var type: String { headers[.contentType] ?? "" }
    }

    /// The example centers, and a saved report with a parameter.
    static func registry() throws -> TestRegistry {
        let registry = try CenterSupport.registry()
        let saved = try registry.run([
            "report", "save", "by-kind", "--sql", "SELECT code, name FROM centers WHERE kind = :kind ORDER BY code",
        ])
        #expect(saved.status == 0, "\(saved.stderr)")
        return registry
    }

    typealias Sent = (method: HTTPRequest.Method, target: String, headers: HTTPFields)

    /// Sends each request to a new application over `registry`, as `configure` sets it up, and
    /// hands back the replies in order.
    static func replies(
        _ registry: TestRegistry, _ requests: [Sent], configure: (inout WebServerConfiguration) -> Void = { _ in }
    ) async throws -> [Reply] {
        var configuration = WebServerConfiguration()
        configuration.readerThreads = 1
        // The whole suite runs at once on a busy machine: no page here should meet the time limit
        // (its own tests are ServeTests').
        configuration.sqlTimeLimitMilliseconds = 60_000
        // The router's test client names its server `localhost` (port 80) and has no socket.
        configuration.allowedHosts = ["localhost:80"]
        configure(&configuration)
        let app = buildApplication(configuration, data: WebData(registry: try Registry.open(path: registry.path)))
        return try await app.test(.router) { client in
            var replies: [Reply] = []
            for request in requests {
                let response = try await client.execute(
                    uri: request.target, method: request.method, headers: request.headers)
                replies.append(
                    Reply(
                        status: response.status.code, headers: response.headers,
                        bytes: Array(response.body.readableBytesView)))
            }
            return replies
        }
    }

    /// GETs each target, in English unless its query chooses (the pages speak Chinese first;
    /// these tests read their English words).
    static func get(
        _ registry: TestRegistry, _ targets: [String], method: HTTPRequest.Method = .get
    ) async throws -> [Reply] {
        try await replies(registry, targets.map { (method, $0, [.acceptLanguage: "en"]) })
    }

    /// GETs each target as a browser that names no language does: Chinese unless the query chooses.
    static func getWithoutLanguage(
        _ registry: TestRegistry, _ targets: [String], method: HTTPRequest.Method = .get
    ) async throws -> [Reply] {
        try await replies(registry, targets.map { (method, $0, [:]) })
    }

    // MARK: Routes and formats

    @Test func everyRouteAnswersInEachOfItsFormats() async throws {
        let registry = try Self.registry()
        let html = "text/html; charset=utf-8"
        let json = "application/json"
        let csv = "text/csv; charset=utf-8"
        let routes: [(String, String, String)] = [
            ("/", html, "id=\"total-centers\""),
            ("/.json", json, "\"by_kind\":"),
            ("/index.json", json, "\"by_region\":"),
            ("/centers?lang=en", html, "<h1>Centers</h1>"),
            ("/centers.json", json, "{\"total\":6,"),
            ("/centers.csv", csv, "code,name,"),
            ("/centers/PC-BJ", html, "data-field=\"code\">PC-BJ<"),
            ("/centers/PC-BJ.json", json, "{\"code\":\"PC-BJ\","),
            ("/centers/PC-BJ.csv", csv, "\r\nPC-BJ,"),
            ("/reports", html, "<h1>Reports</h1>"),
            ("/reports.json", json, "\"name\":\"centers-by-kind\""),
            ("/reports/centers-by-kind", html, "<h1>Report centers-by-kind</h1>"),
            ("/reports/centers-by-kind.json", json, "\"kind\":\"protection\""),
            ("/reports/centers-by-kind.csv", csv, "kind,centers\r\n"),
            ("/reports/by-kind?kind=tisc", html, ">TISC-TJU<"),
            ("/reports/by-kind.json?kind=tisc", json, "\"code\":\"TISC-TJU\""),
            ("/figures?lang=en", html, "<h1>Published figures against the registry</h1>"),
            ("/figures.json", json, "["),
            ("/figures.csv", csv, "code,metric,"),
            ("/sql", html, "<textarea name=\"sql\"></textarea>"),
            ("/sql?sql=SELECT+2%2B2+AS+four", html, "<td class=\"n\">4</td>"),
            ("/sql.json?sql=SELECT+2%2B2+AS+four", json, "[{\"four\":4}]"),
            ("/sql.csv?sql=SELECT+2%2B2+AS+four", csv, "four\r\n4\r\n"),
        ]
        let replies = try await Self.get(registry, routes.map(\.0))
        for ((target, type, text), reply) in zip(routes, replies) {
            #expect(reply.status == 200, "\(target): \(reply.status) \(reply.body.prefix(200))")
            #expect(reply.type == type, "\(target)")
            #expect(reply.body.contains(text), "\(target): \(reply.body.prefix(300))")
        }
    }

    @Test func anEscapedLetterRoutesAsTheLetterAndANameIsDecoded() async throws {
        let registry = try Self.registry()
        let replies = try await Self.get(
            registry,
            [
                "/%63enters.json", "/centers%2Ejson", "/centers/PC%2DBJ.json", "/centers/PC-BJ%2Ejson", "/centers.json",
            ])
        #expect(replies[0].status == 200 && replies[0].body == replies[4].body)
        #expect(replies[1].status == 200 && replies[1].body == replies[4].body)
        #expect(replies[2].status == 200 && replies[2].body.hasPrefix("{\"code\":\"PC-BJ\""))
        #expect(replies[3].status == 200 && replies[3].type == "application/json")
    }

    // MARK: Refusals

    @Test func pathsThatAreNoPageAre404InTheFormatTheyAskFor() async throws {
        let registry = try Self.registry()
        let cases: [(String, String, String)] = [
            ("/.csv", "text/plain; charset=utf-8", "error: no such page\n"),
            ("/index.csv", "text/plain; charset=utf-8", "error: no such page\n"),
            ("/reports.csv", "text/plain; charset=utf-8", "error: no such page\n"),
            ("/nowhere.json", "application/json", "{\"error\":\"no such page\"}\n"),
            ("/centers/.json", "application/json", "{\"error\":\"no such page\"}\n"),
            ("/centers/NOPE.json", "application/json", "{\"error\":\"center NOPE: no such center\"}\n"),
            ("/centers/NOPE.csv", "text/plain; charset=utf-8", "error: center NOPE: no such center\n"),
        ]
        let replies = try await Self.get(registry, cases.map(\.0))
        for ((target, type, body), reply) in zip(cases, replies) {
            #expect(reply.status == 404, "\(target)")
            #expect(reply.type == type, "\(target)")
            #expect(reply.body == body, "\(target)")
        }
        // Pages in HTML: the error page with the status and the message.
        let html = [
            "/index", "/nowhere", "/centers/", "/centers//x", "//centers", "/reports/", "/centers/PC-BJ/extra",
            "/reports/nope", "/favicon.ico",
        ]
        for (target, reply) in zip(html, try await Self.get(registry, html)) {
            #expect(reply.status == 404, "\(target)")
            #expect(reply.type == "text/html; charset=utf-8", "\(target)")
            #expect(reply.body.contains("<h1>404</h1>"), "\(target)")
        }
    }

    @Test func traversalAndBadEscapesInThePathAre404() async throws {
        let registry = try Self.registry()
        let targets = [
            "/..%2f..%2fetc%2fpasswd", "/%2e%2e/", "/centers/%2e%2e", "/centers/..", "/centers/.",
            "/reports/..%5cwin.ini",
            "/reports/a\\b", "/%00", "/centers/%ff", "/centers/%zz", "/centers/PC-BJ%2F.json", "/../../etc/passwd",
        ]
        for (target, reply) in zip(targets, try await Self.get(registry, targets)) {
            #expect(reply.status == 404, "\(target): \(reply.status)")
            #expect(reply.body.contains("no such page"), "\(target)")
            #expect(reply.type == "text/html; charset=utf-8", "\(target): refused before its format is read")
        }
    }

    @Test func otherMethodsAre405WithAllowWhateverThePath() async throws {
        let registry = try Self.registry()
        let methods: [HTTPRequest.Method] =
            [.post, .put, .delete, .patch, .options] + [.init("PROPFIND")].compactMap { $0 }
        let requests: [Sent] = methods.flatMap { method in
            ["/centers", "/nowhere.json", "/..%2f"].map { (method, $0, [:]) }
        }
        for (request, reply) in zip(requests, try await Self.replies(registry, requests)) {
            let name = "\(request.method) \(request.target)"
            #expect(reply.status == 405, "\(name)")
            #expect(reply.header("Allow") == "GET, HEAD", "\(name)")
            #expect(reply.body.contains("method \(request.method.rawValue) is not allowed"), "\(name)")
        }
    }

    @Test func malformedQueriesAndBadValuesAre400() async throws {
        let registry = try Self.registry()
        let cases: [(String, String)] = [
            ("/centers.json?=x", "{\"error\":\"malformed query string: a query item with no name\"}\n"),
            (
                "/nowhere.json?kind=%zz",
                "{\"error\":\"malformed query string: a % escape that is not two hex digits\"}\n"
            ),
            ("/centers.json?colour=red", "unknown query item colour"),
            ("/centers/PC-BJ.json?x=1", "{\"error\":\"unknown query item x (this page takes none)\"}\n"),
            ("/reports.csv?x=1", "error: unknown query item x (this page takes none)\n"),
            ("/reports/by-kind.json", "{\"error\":\"give a value for kind\"}\n"),
            ("/sql.json", "{\"error\":\"give the query as sql=...\"}\n"),
            ("/?region=zz", "<h1>400</h1>"),
        ]
        for ((target, text), reply) in zip(cases, try await Self.get(registry, cases.map(\.0))) {
            #expect(reply.status == 400, "\(target): \(reply.status)")
            #expect(reply.body.contains(text), "\(target): \(reply.body.prefix(200))")
        }
    }

    // MARK: HEAD and headers

    @Test func headSaysWhatGetWouldSendWithoutTheBody() async throws {
        let registry = try Self.registry()
        let targets = ["/", "/centers.json", "/centers/PC-BJ.csv", "/nowhere.json", "/centers/NOPE"]
        let gets = try await Self.get(registry, targets)
        let heads = try await Self.get(registry, targets, method: .head)
        for (target, (get, head)) in zip(targets, zip(gets, heads)) {
            #expect(head.status == get.status, "\(target)")
            #expect(head.body.isEmpty, "\(target)")
            #expect(head.header("Content-Length") == String(get.body.utf8.count), "\(target)")
            #expect(head.type == get.type, "\(target)")
        }
    }

    @Test func everyAnswerCarriesThePolicyHeaders() async throws {
        let registry = try Self.registry()
        var requests: [Sent] = [
            "/", "/centers.json", "/centers.csv", "/nowhere", "/%2e%2e/", "/sql.json?sql=SELEC", "/centers.json?=x",
            "/" + String(repeating: "a", count: 9000),
        ].map { (.get, $0, [:]) }
        requests.append((.post, "/centers", [:]))
        requests.append((.get, "/", [HTTPField.Name("Host")!: "evil.example"]))
        for (request, reply) in zip(requests, try await Self.replies(registry, requests)) {
            let name = "\(request.method) \(request.target.prefix(40)) (\(reply.status))"
            #expect(reply.header("Content-Security-Policy") == Layout.contentSecurityPolicy, "\(name)")
            #expect(reply.header("X-Content-Type-Options") == "nosniff", "\(name)")
            #expect(reply.header("Cache-Control") == "no-store", "\(name)")
            #expect(reply.header("Referrer-Policy") == "no-referrer", "\(name)")
            #expect(reply.header("Cross-Origin-Resource-Policy") == "same-origin", "\(name)")
        }
    }

    @Test func rowsCutAtACapSayWhichCapInAHeader() async throws {
        let registry = try Self.registry()
        let target = "/sql.json?sql=" + Query.encode("SELECT code FROM centers ORDER BY code")
        var replies = try await Self.replies(registry, [(.get, target, [:])]) { $0.maxRows = 2 }
        #expect(replies.first?.header("X-Rows-Truncated") == "2")
        #expect(replies.first?.body.filter { $0 == "{" }.count == 2)
        replies = try await Self.replies(
            registry,
            [
                (
                    .get,
                    "/sql.json?sql="
                        + Query.encode("SELECT zeroblob(0) AS b, printf('%.2000c', 'x') AS t FROM centers"), [:]
                )
            ]
        ) {
            $0.maxResponseBytes = 4096
        }
        #expect(replies.first?.header("X-Response-Truncated") == "max-response-bytes=4096")
    }

    // MARK: Host and sizes

    @Test func aHostThatNamesAnotherServerIs421AndADoubledHostIs400() async throws {
        let registry = try Self.registry()
        // Without `localhost:80` allowed, the client's `localhost` names port 80, not this server.
        let other = try await Self.replies(registry, [(.get, "/centers.json", [:])]) { $0.allowedHosts = [] }
        #expect(other.first?.status == 421)
        #expect(other.first?.body.contains("this server does not answer to that Host name") == true)
        // A second Host header beside the authority.
        let doubled = try await Self.replies(
            registry, [(.get, "/centers.json", [HTTPField.Name("Host")!: "localhost:80"])])
        #expect(doubled.first?.status == 400)
        #expect(doubled.first?.body.contains("the request must carry one Host header naming the server") == true)
        // Refused before the method and the path are looked at.
        let post = try await Self.replies(registry, [(.post, "/%2e%2e", [:])]) { $0.allowedHosts = [] }
        #expect(post.first?.status == 421)
    }

    @Test func aLongTargetIs414AndManyOrLargeHeadersAre431() async throws {
        let registry = try Self.registry()
        var many = HTTPFields()
        for index in 0..<(ServeLimits.maxHeaderCount + 1) {
            many.append(HTTPField(name: HTTPField.Name("X-Filler-\(index)")!, value: "v"))
        }
        var large = HTTPFields()
        large[HTTPField.Name("X-Large")!] = String(repeating: "v", count: ServeLimits.maxHeaderBytes)
        let replies = try await Self.replies(
            registry,
            [
                (.get, "/centers?search=" + String(repeating: "a", count: ServeLimits.maxTargetLength), [:]),
                (.get, "/centers?search=" + String(repeating: "a", count: ServeLimits.maxTargetLength - 20), [:]),
                (.get, "/", many),
                (.get, "/", large),
                (.head, "/", many),
            ])
        #expect(replies[0].status == 414)
        #expect(replies[0].body.contains("the request target is longer than 8192 bytes"))
        #expect(replies[1].status == 200)
        #expect(replies[2].status == 431 && replies[3].status == 431)
        #expect(replies[2].body.contains("the request headers are larger than 16384 bytes or 100 fields"))
        #expect(replies[4].status == 431 && replies[4].body.isEmpty)
    }

    // MARK: Lanes

    @Test func userSQLIsTheSQLPageAndSavedReports() {
        #expect(WebRoute.sql.runsUserSQL)
        #expect(WebRoute.report(name: "by-kind").runsUserSQL)
        #expect(!WebRoute.report(name: "centers-by-kind").runsUserSQL)
        #expect(!WebRoute.centers.runsUserSQL && !WebRoute.overview.runsUserSQL && !WebRoute.figures.runsUserSQL)
        #expect(!WebRoute.center(code: "PC-BJ").runsUserSQL && !WebRoute.reports.runsUserSQL)
    }
}
