// Signing in, sessions, CSRF, tokens, --private, TLS and trusted proxies (docs/web-security.md):
// the application in the test's process, through HummingbirdTesting's router, or over a socket
// (`.live`, `.ahc(.https)`) where the peer's address or TLS matters; and `ipreg serve` itself
// for its options. Accounts are made in process with a password hashed once for the suite.
import Foundation
import HTTPTypes
import HummingbirdTesting
import IPRegistry
import NIOCore
import Testing
import WebPages
import WebServer

@Suite struct WebSignInTests {
    static let password = "correct horse battery staple"
    /// bcrypt takes a quarter of a second: hashed once.
    static let hashed: HashedPassword? = try? HashedPassword(password)

    struct Reply {
        let status: Int
        let headers: HTTPFields
        let body: String
        func header(_ name: String) -> String? { HTTPField.Name(name).flatMap { headers[$0] } }
    }

    /// The example centers and an admin `ada`, with a token `ci` when asked.
    static func registry() throws -> TestRegistry {
        let registry = try CenterSupport.registry()
        let store = try Registry.open(path: registry.path)
        guard let hashed else { throw TestFailure("cannot hash the password") }
        _ = try store.write { db in
            try AccountRepository(db).add(name: "ada", role: .admin, regions: [], password: hashed)
        }
        return registry
    }

    struct TestFailure: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    static func token(_ registry: TestRegistry, label: String, revoked: Bool = false) throws -> String {
        let store = try Registry.open(path: registry.path)
        return try store.write { db in
            let repository = TokenRepository(db)
            let (token, secret) = try repository.create(user: "ada", label: label, regions: [], expiresInDays: nil)
            if revoked { try repository.revoke(id: token.id) }
            return secret
        }
    }

    /// The audit log once `predicate` holds for it (its entries are written after the answers,
    /// off their path), or as it is after a while.
    static func audit(_ registry: TestRegistry, until predicate: ([AuditEntry]) -> Bool) async throws -> [AuditEntry] {
        var entries: [AuditEntry] = []
        for _ in 0..<200 {
            entries = try Registry.open(path: registry.path, readOnly: true).read { try AuditLog($0).list() }
            if predicate(entries) { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        return entries
    }

    static func configuration(_ configure: (inout WebServerConfiguration) -> Void) -> WebServerConfiguration {
        var configuration = WebServerConfiguration()
        configuration.readerThreads = 1
        configuration.sqlTimeLimitMilliseconds = 60_000
        configuration.allowedHosts = ["localhost:80"]
        configuration.port = 0
        // A live connection may wait long on a machine the whole suite keeps busy (bcrypt at cost
        // 12 in parallel tests): the 10 s idle close then ends it before its request ("I/O on
        // closed channel"). ServeLimitsTests tests the idle close itself.
        configuration.idleTimeoutSeconds = 120
        configure(&configuration)
        return configuration
    }

    /// A client that keeps the session cookie between requests, as a browser does.
    final class Browser: @unchecked Sendable {
        let client: any TestClientProtocol
        var cookie: String?
        /// The browser's `Accept-Language`: English, which the tests that read the pages' words
        /// were written in; nil sends none (the pages speak Chinese).
        var acceptLanguage: String? = "en"

        init(_ client: any TestClientProtocol) { self.client = client }

        func send(
            _ method: HTTPRequest.Method, _ target: String, form: [(String, String)]? = nil,
            headers extra: [(String, String)] = []
        ) async throws -> Reply {
            var headers = HTTPFields()
            if let cookie { headers[.cookie] = "ipreg_session=\(cookie)" }
            if let acceptLanguage { headers[HTTPField.Name("Accept-Language")!] = acceptLanguage }
            var body: ByteBuffer?
            if let form {
                headers[.contentType] = "application/x-www-form-urlencoded"
                body = ByteBuffer(string: Query.string(form))
            }
            for (name, value) in extra { headers[HTTPField.Name(name)!] = value }
            let response = try await client.execute(uri: target, method: method, headers: headers, body: body)
            let reply = Reply(
                status: response.status.code, headers: response.headers, body: String(buffer: response.body))
            if let set = reply.header("Set-Cookie"), set.hasPrefix("ipreg_session=") {
                let value = set.dropFirst("ipreg_session=".count).prefix { $0 != ";" }
                cookie = value.isEmpty ? nil : String(value)
            }
            return reply
        }

        func signIn(_ name: String = "ada", _ password: String = WebSignInTests.password) async throws -> Reply {
            try await send(.post, "/login", form: [("name", name), ("password", password)])
        }

        /// The CSRF token of the signed-in session, from the sign-out form of `/login`.
        func csrf() async throws -> String? {
            let page = try await send(.get, "/login").body
            guard let range = page.range(of: "name=\"csrf\" value=\"") else { return nil }
            return String(page[range.upperBound...].prefix { $0 != "\"" })
        }
    }

    static func run<T: Sendable>(
        _ registry: TestRegistry, _ framework: TestingSetup = .router,
        configure: (inout WebServerConfiguration) -> Void = { _ in },
        _ test: @escaping @Sendable (Browser) async throws -> T
    ) async throws -> T {
        let app = buildApplication(
            configuration(configure), data: WebData(registry: try Registry.open(path: registry.path)))
        return try await app.test(framework) { client in try await test(Browser(client)) }
    }

    // MARK: Signing in

    @Test func signingInSetsAStrictHttpOnlyCookieAndGoesToNext() async throws {
        let registry = try Self.registry()
        let (first, page, next) = try await Self.run(registry) { browser in
            let first = try await browser.signIn()
            let page = try await browser.send(.get, "/login")
            let next = try await browser.send(
                .post, "/login", form: [("name", "ADA"), ("password", Self.password), ("next", "/centers?kind=tisc")])
            return (first, page, next)
        }
        #expect(first.status == 303)
        #expect(first.header("Location") == "/")
        let cookie = first.header("Set-Cookie") ?? ""
        #expect(cookie.hasPrefix("ipreg_session="))
        #expect(cookie.hasSuffix("; HttpOnly; SameSite=Strict; Path=/"), "\(cookie)")
        #expect(!cookie.contains("Secure"), "not over TLS")
        #expect(page.body.contains("Signed in as <strong>ada</strong>"))
        #expect(next.header("Location") == "/centers?kind=tisc")
        let entries = try await Self.audit(registry) { $0.filter { $0.detail == "signed in" }.count == 2 }
        #expect(entries.filter { $0.detail == "signed in" && $0.actor == "web:ada" }.count == 2)
        #expect(!entries.contains { ($0.detail ?? "").contains(Self.password) })
    }

    @Test func nextNeverLeadsToAnotherHost() async throws {
        let registry = try Self.registry()
        let locations = try await Self.run(registry) { browser in
            var locations: [String?] = []
            for next in ["//evil.example/", "https://evil.example/", "/\\evil.example", "centers"] {
                let reply = try await browser.send(
                    .post, "/login", form: [("name", "ada"), ("password", Self.password), ("next", next)])
                locations.append(reply.header("Location"))
            }
            return locations
        }
        #expect(locations == ["/", "/", "/", "/"])
    }

    @Test func anUnknownNameAndAWrongPasswordGetTheSameAnswer() async throws {
        let registry = try Self.registry()
        let (unknown, wrong) = try await Self.run(registry) { browser in
            (
                try await browser.signIn("nobody", Self.password),
                try await browser.signIn("ada", "not the password at all")
            )
        }
        #expect(unknown.status == 401 && wrong.status == 401)
        #expect(unknown.body == wrong.body)
        #expect(unknown.body.contains("wrong name or password"))
        #expect(unknown.header("Set-Cookie") == nil && wrong.header("Set-Cookie") == nil)
        let entries = try await Self.audit(registry) { $0.filter { $0.detail == "sign-in failed" }.count == 2 }
        let failed = entries.filter { $0.detail == "sign-in failed" }
        #expect(failed.map(\.actor) == ["nobody", "ada"])
        #expect(failed.allSatisfy { $0.status == 401 && $0.path == "/login" && $0.method == "POST" })
    }

    @Test func theSixthTryForANameIs429EvenWithTheRightPassword() async throws {
        let registry = try Self.registry()
        let replies = try await Self.run(registry) { browser in
            var replies: [Reply] = []
            // The name in any case is the same name.
            for name in ["ada", "ADA", "Ada", "ada", "aDa"] {
                replies.append(try await browser.signIn(name, "wrong password!"))
            }
            replies.append(try await browser.signIn())
            return replies
        }
        #expect(replies.prefix(5).allSatisfy { $0.status == 401 })
        let last = replies[5]
        #expect(last.status == 429)
        #expect(last.header("Retry-After") == "900")
        #expect(last.header("Set-Cookie") == nil)
        let entries = try await Self.audit(registry) { $0.contains { $0.status == 429 } }
        #expect(entries.contains { $0.status == 429 && $0.actor == "ada" && $0.detail == "sign-in throttled" })
    }

    @Test func twentyFailuresFromOneAddressAre429ForAnyNameAcrossRestarts() async throws {
        let registry = try Self.registry()
        // Twenty failures from 127.0.0.1 an earlier run of the server recorded.
        try Registry.open(path: registry.path).write { db in
            for index in 0..<20 {
                try AuditLog(db).record(
                    AuditEntry(
                        actor: "guess\(index)", address: "127.0.0.1", method: "POST", path: "/login", status: 401,
                        detail: "sign-in failed"))
            }
        }
        let reply = try await Self.run(registry, .live) { browser in try await browser.signIn() }
        #expect(reply.status == 429)
        #expect(reply.header("Set-Cookie") == nil)
    }

    // MARK: Sessions and CSRF

    @Test func signingOutNeedsTheCSRFTokenAndThisOrigin() async throws {
        let registry = try Self.registry()
        let (missing, stillIn, foreign, refererForeign, out, afterwards) = try await Self.run(registry) { browser in
            _ = try await browser.signIn()
            let csrf = try await browser.csrf() ?? ""
            let missing = try await browser.send(.post, "/logout", form: [])
            let stillIn = try await browser.send(.get, "/login")
            let foreign = try await browser.send(
                .post, "/logout", form: [("csrf", csrf)], headers: [("Origin", "http://evil.example")])
            let refererForeign = try await browser.send(
                .post, "/logout", form: [("csrf", csrf)], headers: [("Referer", "http://localhost:8081/centers")])
            let out = try await browser.send(
                .post, "/logout", form: [("csrf", csrf)], headers: [("Origin", "http://localhost")])
            let afterwards = try await browser.send(.get, "/login")
            return (missing, stillIn, foreign, refererForeign, out, afterwards)
        }
        #expect(missing.status == 403)
        #expect(missing.body.contains("CSRF"))
        #expect(stillIn.body.contains("Signed in as <strong>ada</strong>"), "a refused sign-out changes nothing")
        #expect(foreign.status == 403 && foreign.body.contains("another site"))
        #expect(refererForeign.status == 403, "another port is another origin")
        #expect(out.status == 303 && out.header("Location") == "/")
        #expect(out.header("Set-Cookie") == "ipreg_session=; Max-Age=0; HttpOnly; SameSite=Strict; Path=/")
        #expect(!afterwards.body.contains("Signed in as"))
        let entries = try await Self.audit(registry) { $0.contains { $0.detail == "signed out" } }
        #expect(entries.filter { $0.status == 403 && $0.path == "/logout" && $0.actor == "web:ada" }.count == 3)
        #expect(entries.contains { $0.detail == "signed out" && $0.actor == "web:ada" })
    }

    @Test func aSignInFromAnotherSiteIs403() async throws {
        let registry = try Self.registry()
        let reply = try await Self.run(registry) { browser in
            try await browser.send(
                .post, "/login", form: [("name", "ada"), ("password", Self.password)],
                headers: [("Origin", "https://evil.example")])
        }
        #expect(reply.status == 403 && reply.header("Set-Cookie") == nil)
    }

    @Test func otherMethodsOfASignInPathAre405() async throws {
        let registry = try Self.registry()
        let (put, getLogout) = try await Self.run(registry) { browser in
            (try await browser.send(.put, "/login"), try await browser.send(.get, "/logout"))
        }
        #expect(put.status == 405 && put.header("Allow") == "GET, HEAD, POST")
        #expect(getLogout.status == 404)
    }

    // MARK: The API

    @Test func theAPITakesTokensOnlyNeverTheCookie() async throws {
        let registry = try Self.registry()
        let good = try Self.token(registry, label: "ci")
        let revoked = try Self.token(registry, label: "old", revoked: true)
        let (cookieOnly, bad, withToken) = try await Self.run(registry) { browser in
            _ = try await browser.signIn()
            let cookieOnly = try await browser.send(.get, "/api/centers/PC-BJ")
            let bad = try await browser.send(
                .get, "/api/centers/PC-BJ", headers: [("Authorization", "Bearer \(revoked)")])
            let withToken = try await browser.send(
                .get, "/api/centers/PC-BJ", headers: [("Authorization", "bearer \(good)")])
            return (cookieOnly, bad, withToken)
        }
        #expect(cookieOnly.status == 401)
        #expect(cookieOnly.header("WWW-Authenticate") == "Bearer")
        #expect(cookieOnly.body.hasPrefix("{\"error\":"))
        #expect(bad.status == 401 && bad.body.contains("unknown, revoked or expired"))
        #expect(bad.header("WWW-Authenticate")?.hasPrefix("Bearer") == true)
        #expect(withToken.status != 401 && withToken.status != 403, "a good token passes (\(withToken.status))")
        let entries = try await Self.audit(registry) { $0.contains { $0.detail == "token used" } }
        #expect(entries.filter { $0.status == 401 && $0.path == "/api/centers/PC-BJ" }.count == 2)
        #expect(entries.contains { $0.detail == "token used" && $0.actor == "token:ada/ci" })
        let secrets = [good, revoked]
        #expect(
            !entries.contains { entry in
                secrets.contains { (entry.detail ?? "").contains($0) || (entry.actor ?? "").contains($0) }
            })
        let stamped = try Registry.open(path: registry.path).read { try TokenRepository($0).list() }
        #expect(stamped.first { $0.label == "ci" }?.lastUsedAt != nil)
    }

    // MARK: --private

    @Test func aPrivateServerSendsAnonymousPagesToSignIn() async throws {
        let registry = try Self.registry()
        let (page, data, login, signedIn) = try await Self.run(registry, configure: { $0.isPrivate = true }) {
            browser in
            let page = try await browser.send(.get, "/centers?kind=tisc")
            let data = try await browser.send(.get, "/centers.json")
            let login = try await browser.send(.get, "/login")
            _ = try await browser.signIn()
            let signedIn = try await browser.send(.get, "/centers.json")
            return (page, data, login, signedIn)
        }
        #expect(page.status == 303)
        #expect(page.header("Location") == "/login?next=%2Fcenters%3Fkind%3Dtisc")
        #expect(data.status == 401 && data.body.hasPrefix("{\"error\":"))
        #expect(login.status == 200 && login.body.contains("name=\"password\""))
        #expect(signedIn.status == 200 && signedIn.body.hasPrefix("{\"total\":"))
        let entries = try await Self.audit(registry) { $0.contains { $0.path == "/centers.json" } }
        #expect(entries.contains { $0.path == "/centers.json" && $0.status == 401 })
    }

    // MARK: Where writes are taken

    @Test func onAnotherAddressWithoutTLSSignInIsRefused() async throws {
        let registry = try Self.registry()
        let (login, page) = try await Self.run(registry, configure: { $0.host = "0.0.0.0" }) { browser in
            (try await browser.signIn(), try await browser.send(.get, "/centers.json"))
        }
        #expect(login.status == 403)
        #expect(login.body.contains("read-only"))
        #expect(login.header("Set-Cookie") == nil)
        #expect(page.status == 200, "reads go on")
    }

    @Test func theCookieIsSecureOverTLS() async throws {
        let registry = try Self.registry()
        let (certificate, key) = (registry.folder.path("cert.pem"), registry.folder.path("key.pem"))
        let openssl = Process()
        openssl.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        openssl.arguments = [
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", certificate, "-subj",
            "/CN=localhost", "-days", "1",
        ]
        openssl.standardError = FileHandle.nullDevice
        try openssl.run()
        openssl.waitUntilExit()
        #expect(openssl.terminationStatus == 0)
        // `ipreg serve` itself over HTTPS, and curl as the browser (HummingbirdTesting's HTTPS
        // client follows the 303 and loses the cookie).
        let server = try WebServer(registry: registry.path, options: ["--tls-cert", certificate, "--tls-key", key])
        #expect(server.firstLine.contains(" at https://127.0.0.1:"))
        let curl = Process()
        curl.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
        curl.arguments = [
            "-sk", "-o", "/dev/null", "-D", "-", "--data", "name=ada&password=" + Query.encode(Self.password),
            "https://127.0.0.1:\(server.port)/login",
        ]
        let output = Pipe()
        curl.standardOutput = output
        try curl.run()
        let head = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        curl.waitUntilExit()
        #expect(head.hasPrefix("HTTP/1.1 303"), "\(head)")
        let cookie = head.split(separator: "\r\n").first { $0.lowercased().hasPrefix("set-cookie:") } ?? ""
        #expect(cookie.hasSuffix("; HttpOnly; SameSite=Strict; Path=/; Secure"), "\(cookie)")
        #expect(throws: ServerTLS.Failure.self) { try ServerTLS(certificateFile: key, keyFile: key) }
    }

    @Test func aTrustedProxysForwardedProtoAndAddressAreBelievedAndNoOneElses() async throws {
        let registry = try Self.registry()
        let forwarded = [("X-Forwarded-Proto", "https"), ("X-Forwarded-For", "198.51.100.1, 203.0.113.7")]
        let trusted = try await Self.run(registry, .live, configure: { $0.trustedProxies = ["127.0.0.1"] }) {
            browser in
            try await browser.send(
                .post, "/login", form: [("name", "ada"), ("password", Self.password)], headers: forwarded)
        }
        let untrusted = try await Self.run(registry, .live, configure: { $0.trustedProxies = ["192.0.2.9"] }) {
            browser in
            try await browser.send(
                .post, "/login", form: [("name", "ada"), ("password", Self.password)], headers: forwarded)
        }
        #expect(trusted.header("Set-Cookie")?.hasSuffix("; Secure") == true)
        #expect(untrusted.status == 303)
        #expect(untrusted.header("Set-Cookie")?.contains("Secure") == false)
        let entries = try await Self.audit(registry) { $0.filter { $0.detail == "signed in" }.count == 2 }
        let addresses = entries.filter { $0.detail == "signed in" }.map(\.address)
        #expect(addresses == ["203.0.113.7", "127.0.0.1"])
    }

    // MARK: `ipreg serve`

    @Test func badTLSFilesAndProxiesAreRefusedBeforeServing() throws {
        let registry = try TestRegistry()
        let missing = try registry.run(["serve", "--tls-cert", "/nonexistent.pem", "--tls-key", "/nonexistent.pem"])
        #expect(missing.status == 64)
        #expect(missing.stderr.hasPrefix("error: cannot read --tls-cert /nonexistent.pem"))
        let alone = try registry.run(["serve", "--tls-cert", registry.path])
        #expect(alone.status == 64 && alone.stderr.contains("--tls-cert and --tls-key go together"))
        let proxy = try registry.run(["serve", "--trusted-proxy", "proxy.example"])
        #expect(proxy.status == 64 && proxy.stderr.contains("must be an IP address"))
        let privateAway = try registry.run(["serve", "--host", "0.0.0.0", "--private"])
        #expect(privateAway.status == 64 && privateAway.stderr.contains("--private needs signing in"))
        // Not PEM at all: read by the server, refused there in one line.
        let notPEM = try registry.run(["serve", "--port", "0", "--tls-cert", registry.path, "--tls-key", registry.path])
        #expect(notPEM.status == 64)
        #expect(notPEM.stderr.hasPrefix("error: cannot use --tls-cert"))
        #expect(notPEM.stderr.split(separator: "\n").count == 1)
    }

    @Test func aServerOnAnotherAddressSaysItIsReadOnly() throws {
        let registry = try TestRegistry()
        let server = try WebServer(registry: registry.path, options: ["--host", "0.0.0.0"])
        _ = server.nextErrorLine()
        #expect(server.nextErrorLine().hasPrefix("read-only: sign-in and writes are refused on 0.0.0.0"))
        let reply = try server.get("/login", method: "POST")
        #expect(reply.status == 403 && reply.body.contains("read-only"))
    }
}
