// Who is asking, and whether they may (docs/web-security.md), in the order they run after the
// Host rule, the methods and the path: the audit entry of a refusal or a token's use
// (AuditMiddleware); the token of an `/api/` request or the session cookie of any other
// (CredentialsMiddleware); `--private` (PrivateMiddleware); and a form POST's origin and CSRF
// token (CSRFMiddleware).
import HTTPTypes
import Hummingbird
import IPRegistry
import NIOCore
import WebPages

#if canImport(Glibc)
import Glibc
#endif

extension WebRequestContext {
    /// Whether `submitted` is this request's session's CSRF token: for a route whose body the
    /// CSRF middleware cannot read (`multipart/form-data`, an upload), which must call this on
    /// the `csrf` field it reads and answer 403 when false.
    public func csrfMatches(_ submitted: String?) -> Bool {
        guard let submitted, let session else { return false }
        return WebSecurity.same(submitted, session.csrf)
    }
}

extension WebRequestContext {
    /// The signed-in browser for a page's header (`Layout.document(signedIn:)`): its name, role
    /// and the CSRF token its forms carry; nil without a session.
    public var signedInUser: SignedInUser? {
        guard let principal, let session else { return nil }
        return SignedInUser(name: principal.name, role: principal.role, csrf: session.csrf)
    }
}

enum AuthPaths {
    /// The JSON API: tokens only, never the cookie.
    static func isAPI(_ path: Substring) -> Bool { path == "/api" || path.hasPrefix("/api/") }

    /// The format a refusal of `path` takes: JSON for the API and `.json`, text for `.csv`.
    static func format(of path: Substring) -> WebFormat {
        isAPI(path) ? .json : RequestTarget.format(ofPath: path)
    }
}

/// A refusal, in the format the path asks for (a page in the request's language), its message kept
/// for the audit entry.
func refusal(
    _ app: WebApp, _ status: Int, _ message: String, _ request: Request, _ context: WebRequestContext,
    headers: [(String, String)] = []
) -> Response {
    context.audit.explain(message)
    var answer = app.refusal(
        status, message, format: AuthPaths.format(of: RequestTarget.path(of: request.head.path ?? "/")),
        language: RequestTarget.language(of: request))
    answer.headers += headers
    return answer.response(to: request.method)
}

/// Sets the client's address and transport, and writes the request's audit entry once its answer
/// is known: for every 401, 403, 412 and 429, and for whatever a route or middleware marked
/// (`context.audit.record`). Fire-and-forget on the writer: the answer does not wait for it.
struct AuditMiddleware: RouterMiddleware {
    typealias Context = WebRequestContext

    let security: WebSecurity
    static let audited: Set<Int> = [401, 403, 412, 429]

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        var context = context
        let (address, secure) = security.client(of: request, peer: context.remoteAddress)
        context.clientAddress = address
        context.isSecure = secure
        let note = context.audit
        let status: Int
        let response: Response
        do {
            response = try await next(request, context)
            status = response.status.code
        } catch let error as HTTPError {
            record(request, note: note, address: address, status: error.status.code)
            throw error
        }
        record(request, note: note, address: address, status: status)
        return response
    }

    private func record(_ request: Request, note: AuditNote, address: String?, status: Int) {
        guard let writer = security.writer, note.isMarked || Self.audited.contains(status) else { return }
        let path = String(RequestTarget.path(of: request.head.path ?? "/").prefix(400))
        writer.recordLater(
            AuditEntry(
                actor: note.actor, address: address, method: request.method.rawValue, path: path, status: status,
                detail: note.detail.map { String($0.prefix(400)) }))
    }
}

/// Who is asking. Under `/api/`: only `Authorization: Bearer ipr_...` (checked through the
/// writer, which stamps the token's last use); none is 401, a bad one 401, both with
/// `WWW-Authenticate: Bearer`; a cookie counts for nothing there. Elsewhere: the session cookie,
/// looked up on a reader; its last use is stamped at most once a minute, through the writer.
struct CredentialsMiddleware: RouterMiddleware {
    typealias Context = WebRequestContext

    let app: WebApp
    let security: WebSecurity
    let scheduler: ReaderScheduler

    /// A session's last use is written when it is older than this.
    static let touchSeconds = 60

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        var context = context
        let path = RequestTarget.path(of: request.head.path ?? "/")
        if AuthPaths.isAPI(path) {
            guard let writer = security.writer else {
                return refusal(app, 403, security.readOnlyReason ?? "this server is read-only", request, context)
            }
            guard let token = Self.bearer(request) else {
                return refusal(
                    app, 401, "the API takes an API token only: send Authorization: Bearer ipr_...", request, context,
                    headers: [("WWW-Authenticate", "Bearer")])
            }
            // Looked up on a reader: the registry's one writer is for changes, and a token's last
            // use is stamped at most once a minute, as a session's is.
            let data = app.data
            let found: (holder: TokenHolder, lastUsedAt: String?)?
            do {
                found = try await scheduler.run(.credentials, clientGone: context.clientGone(scheduler)) {
                    Result { try data.read { try TokenRepository($0).holder(of: token) } }
                }.get()
            } catch {
                return refusal(app, 503, "the registry cannot be read now: \(error)", request, context)
            }
            if let found,
                found.lastUsedAt.map({ $0 < AuthTime.shifted(writer.clock.timestamp(), bySeconds: -Self.touchSeconds) })
                    ?? true
            {
                let id = found.holder.tokenID
                writer.writeLater(actor: nil) { try TokenRepository($0).stamp(id) }
            }
            guard let holder = found?.holder else {
                return refusal(
                    app, 401, "the token is unknown, revoked or expired", request, context,
                    headers: [("WWW-Authenticate", "Bearer error=\"invalid_token\"")])
            }
            let principal = Principal.token(holder)
            context.principal = principal
            context.audit.record("token used", actor: principal.actor)
            return try await next(request, context)
        }
        if let writer = security.writer, let secret = WebSecurity.sessionCookie(request) {
            let data = app.data
            let found = try? await scheduler.run(.credentials, clientGone: context.clientGone(scheduler)) {
                try? data.read { try SessionRepository($0).find(secret) }
            }
            if let session = found {
                let principal = Principal.session(session.account)
                context.principal = principal
                context.session = SessionCredentials(secret: secret, csrf: session.csrf)
                context.audit.setActor(principal.actor)
                if session.lastSeen < AuthTime.shifted(writer.clock.timestamp(), bySeconds: -Self.touchSeconds) {
                    writer.writeLater(actor: nil) { try SessionRepository($0).touch(secret) }
                }
            }
        }
        return try await next(request, context)
    }

    /// The token of `Authorization: Bearer TOKEN` (the scheme in any case), nil without one.
    static func bearer(_ request: Request) -> String? {
        guard let value = request.headers[.authorization] else { return nil }
        let parts = value.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        let token = parts[1].filter { $0 != " " }
        return token.isEmpty ? nil : String(token)
    }
}

/// `--private`: every page and its data need a session. A page sends the browser to `/login`
/// (303, with the page to come back to); `.json` and `.csv` are 401. `/login` stays open, and
/// the API has its tokens.
struct PrivateMiddleware: RouterMiddleware {
    typealias Context = WebRequestContext

    let app: WebApp
    let security: WebSecurity

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let target = request.head.path ?? "/"
        let path = RequestTarget.path(of: target)
        guard security.isPrivate, context.principal == nil, path != "/login", !AuthPaths.isAPI(path) else {
            return try await next(request, context)
        }
        if RequestTarget.format(ofPath: path) == .html && (request.method == .get || request.method == .head) {
            var fields = HTTPFields()
            fields[.location] = "/login?next=" + Query.encode(String(target.prefix(2000)))
            return Response(status: .seeOther, headers: fields)
        }
        return refusal(app, 401, "this server is private: sign in at /login first", request, context)
    }
}

/// Every POST, PATCH or DELETE that is not the API's (which never takes the cookie): 403 when
/// its `Origin` (else `Referer`) names another scheme, host or port than this server's; then,
/// but for `/login` (which has no session yet), 403 unless its form's `csrf` field is its
/// session's token. A form body (`application/x-www-form-urlencoded`) is read here, capped, and
/// handed to the route as `context.form`; a `multipart/form-data` body is left to its route,
/// which checks the field itself (`context.csrfMatches`).
struct CSRFMiddleware: RouterMiddleware {
    typealias Context = WebRequestContext

    let app: WebApp

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let path = RequestTarget.path(of: request.head.path ?? "/")
        guard request.method != .get, request.method != .head, !AuthPaths.isAPI(path) else {
            return try await next(request, context)
        }
        var context = context
        var request = request
        guard WebSecurity.sameOrigin(request, secure: context.isSecure) else {
            return refusal(
                app, 403, "refused: the request came from another site (its Origin or Referer is not this server)",
                request, context)
        }
        let isLogin = path == "/login"
        let type = (request.headers[.contentType] ?? "").lowercased()
        if type.hasPrefix("multipart/form-data") && !isLogin {
            // The route reads the body and checks its `csrf` field (csrfMatches); a session is needed all the same.
            guard context.session != nil else {
                return refusal(app, 403, "refused: sign in first (this form needs a session)", request, context)
            }
            return try await next(request, context)
        }
        let limit = isLogin ? WebSecurity.maxLoginBytes : WebSecurity.maxFormBytes
        var fields: [(String, String)] = []
        if type.hasPrefix("application/x-www-form-urlencoded") {
            let body: ByteBuffer
            do {
                body = try await request.body.collect(upTo: limit)
            } catch {
                return refusal(app, 413, "the form is larger than \(limit) bytes", request, context)
            }
            do throws(Query.Malformed) {
                fields = try Query.parse(Substring(String(buffer: body)))
            } catch {
                return refusal(app, 400, "the form's body is malformed: \(error.message)", request, context)
            }
            request = Request(head: request.head, body: .init(buffer: body))
        }
        let form = FormFields(items: fields)
        context.form = form
        if !isLogin {
            guard context.session != nil else {
                return refusal(app, 403, "refused: sign in first (this form needs a session)", request, context)
            }
            guard context.csrfMatches(form["csrf"]) else {
                return refusal(
                    app, 403, "refused: the form's CSRF token is missing or not this session's; reload the page",
                    request, context)
            }
        }
        return try await next(request, context)
    }
}

/// Registry timestamps (`2026-11-25T09:30:12Z`) moved by some seconds: they compare as text.
enum AuthTime {
    static func shifted(_ timestamp: String, bySeconds seconds: Int) -> String {
        let digits = timestamp.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
        guard digits.count >= 6 else { return timestamp }
        var parts = tm()
        parts.tm_year = Int32(digits[0] - 1900)
        parts.tm_mon = Int32(digits[1] - 1)
        parts.tm_mday = Int32(digits[2])
        parts.tm_hour = Int32(digits[3])
        parts.tm_min = Int32(digits[4])
        parts.tm_sec = Int32(digits[5])
        var time = timegm(&parts) + seconds
        var shifted = tm()
        guard gmtime_r(&time, &shifted) != nil else { return timestamp }
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(shifted.tm_year + 1900)-\(two(shifted.tm_mon + 1))-\(two(shifted.tm_mday))T"
            + "\(two(shifted.tm_hour)):\(two(shifted.tm_min)):\(two(shifted.tm_sec))Z"
    }
}
