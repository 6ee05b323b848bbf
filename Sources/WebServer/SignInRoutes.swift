// Signing in and out (docs/web-security.md). `GET /login` is the form; `POST /login` checks
// the password with bcrypt on the password threads (never the writer's or an event loop), gives
// one answer for an unknown name and a wrong password, refuses a name after 5 failures (an
// address after 20) within 15 minutes, counted in the audit log so that a restart forgets
// nothing, and opens a session whose cookie is HttpOnly, SameSite=Strict, and Secure over TLS.
// `POST /logout` (its CSRF token checked by CSRFMiddleware) ends the session.
import HTTPTypes
import Hummingbird
import IPRegistry
import WebPages

struct SignInRoutes: Sendable {
    let app: WebApp
    let security: WebSecurity

    static let failuresPerName = 5
    static let failuresPerAddress = 20
    static let windowSeconds = 15 * 60

    func add(to router: Router<WebRequestContext>, writes: WriteRouteTable) {
        for method in [HTTPRequest.Method.get, .head] {
            router.on("login", method: method) { request, context in
                page(
                    SignInPage.html(
                        next: Self.next(Self.queryNext(request)), signedIn: context.signedInUser,
                        language: FormLanguage.of(request).language),
                    status: 200, request)
            }
        }
        writes.on(router, "login", method: .post) { request, context in
            try await signIn(request, context)
        }
        writes.on(router, "logout", method: .post) { request, context in
            try await signOut(request, context)
        }
    }

    private func page(_ body: [UInt8], status: Int, _ request: Request, headers: [(String, String)] = []) -> Response {
        WebResponse(
            status: status, contentType: "text/html; charset=utf-8", body: body,
            headers: headers + FormLanguage.of(request).headers
        )
        .response(to: request.method)
    }

    private func signIn(_ request: Request, _ context: WebRequestContext) async throws -> Response {
        // The method middleware lets no write through to a server without its writer.
        guard let writer = security.writer else {
            return refusal(app, 403, security.readOnlyReason ?? "this server is read-only", request, context)
        }
        let form = context.form ?? FormFields(items: [])
        let language = FormLanguage.of(request).language
        let next = Self.next(form["next"])
        guard let typed = form["name"], let password = form["password"] else {
            return page(
                SignInPage.html(error: SignInPage.nameAndPasswordRequired, next: next, language: language),
                status: 400, request)
        }
        // What the audit log keeps of a typed name, and what throttling counts by.
        let name = String(typed.prefix(100))
        let address = context.clientAddress
        let since = AuthTime.shifted(writer.clock.timestamp(), bySeconds: -Self.windowSeconds)
        let (throttled, record) = try await writer.write(actor: nil) {
            db -> (Bool, (account: Account, passwordHash: String)?) in
            let log = AuditLog(db)
            if try log.failedSignIns(actor: name, address: nil, since: since) >= Self.failuresPerName {
                return (true, nil)
            }
            if let address, try log.failedSignIns(actor: nil, address: address, since: since) >= Self.failuresPerAddress
            {
                return (true, nil)
            }
            return (false, try AccountRepository(db).signInRecord(name: name))
        }
        if throttled {
            context.audit.record("sign-in throttled", actor: name)
            return page(
                SignInPage.html(
                    error: SignInPage.throttled(minutes: Self.windowSeconds / 60), next: next, language: language),
                status: 429, request, headers: [("Retry-After", String(Self.windowSeconds))])
        }
        let matches = await security.passwords.verify(password, hash: record?.passwordHash)
        guard matches, let account = record?.account, !account.disabled else {
            context.audit.record("sign-in failed", actor: name)
            return page(
                SignInPage.html(error: SignInPage.wrongNameOrPassword, next: "/", language: language), status: 401,
                request)
        }
        let secret = try await writer.write(actor: nil) { try SessionRepository($0).create(for: account).secret }
        context.audit.record("signed in", actor: Principal.session(account).actor)
        var fields = HTTPFields()
        fields[.location] = next
        fields[.setCookie] = WebSecurity.cookie(secret, secure: context.isSecure)
        return Response(status: .seeOther, headers: fields)
    }

    private func signOut(_ request: Request, _ context: WebRequestContext) async throws -> Response {
        guard let writer = security.writer, let session = context.session else {
            return refusal(app, 403, "refused: sign in first (this form needs a session)", request, context)
        }
        try await writer.write(actor: nil) { try SessionRepository($0).end(session.secret) }
        context.audit.record("signed out")
        var fields = HTTPFields()
        fields[.location] = "/"
        fields[.setCookie] = WebSecurity.cookie(nil, secure: context.isSecure)
        return Response(status: .seeOther, headers: fields)
    }

    static func queryNext(_ request: Request) -> String? {
        let items = try? Query.parse(RequestTarget.query(of: request.head.path ?? "/"))
        return items?.first { $0.0 == "next" }?.1
    }

    /// `next` when it is a path of this site (`/centers?kind=tisc`), else `/`: never another
    /// host (`//evil.example`, `/\evil.example`, `https://...`), never a header's line break.
    static func next(_ given: String?) -> String {
        guard let given, given.hasPrefix("/"), !given.hasPrefix("//"), !given.hasPrefix("/\\"),
            given.utf8.count <= 2000,
            given.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F })
        else { return "/" }
        return given
    }
}
