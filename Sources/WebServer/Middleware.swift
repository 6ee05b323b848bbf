// What stands between a request and the router, in the order it runs (buildApplication): the
// headers every answer carries; the request head's limits (414, 431); the Host rule (DNS
// rebinding: 400 when missing, doubled or malformed, 421 when it names another server); the
// methods (405 for all but GET and HEAD and the write routes, 403 for a write on a server that
// may not write); and the path's segments (404 for `..`, an encoded `/`,
// a bad escape). Each refusal is WebApp's page for it, so it reads like every other answer.
import HTTPTypes
import Hummingbird
import NIOCore
import WebPages

extension WebResponse {
    /// The HTTP response for this answer to a request made with `method`.
    func response(to method: HTTPRequest.Method) -> Response {
        var fields = HTTPFields()
        fields[.contentType] = contentType
        for (name, value) in headers {
            if let field = HTTPField.Name(name) { fields[field] = value }
        }
        // HEAD says what GET would send, without sending it (RFC 9110 section 9.3.2).
        if method == .head {
            fields[.contentLength] = String(body.count)
            return Response(status: .init(code: status), headers: fields, body: .init(byteBuffer: ByteBuffer()))
        }
        return Response(status: .init(code: status), headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }
}

/// The policy headers of every answer, refusals included.
struct SecurityHeadersMiddleware: RouterMiddleware {
    typealias Context = WebRequestContext

    static let referrerPolicy = HTTPField.Name("Referrer-Policy")
    /// Another site's page may not embed these answers (an <img> or <script> of /sql.json).
    static let resourcePolicy = HTTPField.Name("Cross-Origin-Resource-Policy")

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        var response = try await next(request, context)
        response.headers[.contentSecurityPolicy] = Layout.contentSecurityPolicy
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[.cacheControl] = "no-store"
        if let name = Self.referrerPolicy { response.headers[name] = "no-referrer" }
        if let name = Self.resourcePolicy { response.headers[name] = "same-origin" }
        return response
    }
}

/// The request head's limits. The guard (RequestHeadGuard.swift) refuses longer heads before
/// they are decoded and hands the refusal on as a request of its own, answered here (and the
/// connection closed: the rest of its input was never read). The checks of the decoded head stay
/// for a request after a chunked body, which the guard lets pass unread.
struct RequestLimitsMiddleware: RouterMiddleware {
    typealias Context = WebRequestContext

    let app: WebApp

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        if let status = HeadRefusalInjector.refusedStatus(of: request.head) {
            var response = refusal(status, request).response(to: request.method)
            response.headers[.connection] = "close"
            return response
        }
        if (request.head.path?.utf8.count ?? 0) > ServeLimits.maxTargetLength {
            return refusal(414, request).response(to: request.method)
        }
        if request.headers.count > ServeLimits.maxHeaderCount
            || request.headers.reduce(0, { $0 + $1.name.rawName.utf8.count + $1.value.utf8.count + 4 })
                > ServeLimits.maxHeaderBytes
        {
            return refusal(431, request).response(to: request.method)
        }
        return try await next(request, context)
    }

    func refusal(_ status: Int, _ request: Request) -> WebResponse {
        let language = RequestTarget.language(of: request)
        if status == 414 {
            return app.refusal(
                414, "the request target is longer than \(ServeLimits.maxTargetLength) bytes", language: language)
        }
        return app.refusal(
            431,
            "the request headers are larger than \(ServeLimits.maxHeaderBytes) bytes or \(ServeLimits.maxHeaderCount) fields",
            language: language)
    }
}

/// Answers only requests with one Host header naming this server (HostRule).
struct HostRuleMiddleware: RouterMiddleware {
    typealias Context = WebRequestContext

    let app: WebApp
    let hosts: HostRule

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        // The first Host header becomes the authority; another one stays among the fields.
        let oneHost = HTTPField.Name.host.map { request.headers[values: $0].isEmpty } ?? true
        if let authority = request.head.authority, oneHost {
            let port = context.localAddress?.port ?? 0
            if hosts.accepts(authority, port: port, localAddress: context.localAddress?.ipAddress) {
                return try await next(request, context)
            }
            if HostRule.Name(parsing: authority) != nil {
                return app.refusal(
                    421, "this server does not answer to that Host name; start it with --allowed-host NAME to let it",
                    language: RequestTarget.language(of: request)
                ).response(to: request.method)
            }
        }
        return app.refusal(
            400, "the request must carry one Host header naming the server",
            language: RequestTarget.language(of: request)
        ).response(to: request.method)
    }
}

extension HTTPField.Name {
    /// HTTPTypes names no Host field: over HTTP/1 it becomes the request's authority.
    fileprivate static let host = HTTPField.Name("Host")
}

/// GET and HEAD go on; another method only to a path and method that a write route takes
/// (WriteRouteTable), else 405 with `Allow`. A write on a server that may not write (no TLS or
/// trusted proxy, not on loopback) is 403 saying why, before anything reads its body.
struct ReadOnlyMiddleware: RouterMiddleware {
    typealias Context = WebRequestContext

    let app: WebApp
    let writeRoutes: WriteRouteTable
    let security: WebSecurity

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        guard request.method == .get || request.method == .head else {
            let methods = writeRoutes.methods(at: RequestTarget.path(of: request.head.path ?? "/"))
            guard methods.contains(request.method) else {
                var answer = app.methodNotAllowed(
                    request.method.rawValue, language: RequestTarget.language(of: request))
                if !methods.isEmpty {
                    answer.headers = [("Allow", (["GET", "HEAD"] + methods.map(\.rawValue)).joined(separator: ", "))]
                }
                return answer.response(to: request.method)
            }
            if let reason = security.readOnlyReason { return refusal(app, 403, reason, request, context) }
            return try await next(request, context)
        }
        return try await next(request, context)
    }
}

/// Every segment of the path must decode to a plain name: `..`, `.`, an encoded `/` or `\`, a
/// bad escape or a NUL is no page (404), whatever the router holds. A path with escapes goes on
/// to the router with each segment decoded and encoded again, so that an escaped letter routes
/// as the letter does (`/%63enters` is `/centers`) and a parameter holds one spelling of a name.
/// An empty segment (`/centers/`, `//`) names no page either: the router would skip it.
struct RequestPathMiddleware: RouterMiddleware {
    typealias Context = WebRequestContext

    let app: WebApp

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let target = request.head.path ?? "/"
        let path = RequestTarget.path(of: target)
        guard path.first == "/" else { return noSuchPage(request) }
        if path.utf8.count == 1 { return try await next(request, context) }
        // One pass over the bytes for the common path: no escapes, no `\`, no `.` or `..` segment.
        var escaped = false
        var empty = false
        var length = 0
        var dots = 0
        for byte in path.utf8.dropFirst() {
            if byte == UInt8(ascii: "/") {
                if length == 0 { empty = true }
                if length > 0 && length == dots && dots <= 2 { return noSuchPage(request) }
                length = 0
                dots = 0
                continue
            }
            length += 1
            if byte == UInt8(ascii: ".") { dots += 1 }
            if byte == UInt8(ascii: "%") { escaped = true }
            if byte == UInt8(ascii: "\\") { return noSuchPage(request) }
        }
        if length == 0 { empty = true }
        if length > 0 && length == dots && dots <= 2 { return noSuchPage(request) }
        guard escaped else {
            if empty { return notFound(path: path, target: target, request) }
            return try await next(request, context)
        }
        var canonical = ""
        for raw in path.dropFirst().split(separator: "/", omittingEmptySubsequences: false) {
            guard let segment = Query.decode(raw, plusIsSpace: false), !segment.contains("/"), !segment.contains("\\"),
                segment != "..", segment != "."
            else {
                return noSuchPage(request)
            }
            canonical += "/" + Query.encode(segment)
        }
        if empty { return notFound(path: path, target: target, request) }
        var head = request.head
        head.path = canonical + target[path.endIndex...]
        return try await next(Request(head: head, body: request.body), context)
    }

    func notFound(path: Substring, target: String, _ request: Request) -> Response {
        app.notFound(
            query: RequestTarget.query(of: target), format: RequestTarget.format(ofPath: path),
            language: RequestTarget.language(of: request)
        ).response(to: request.method)
    }

    func noSuchPage(_ request: Request) -> Response {
        app.noSuchPage(language: RequestTarget.language(of: request)).response(to: request.method)
    }
}

/// The parts of a request target (`/path?query`), as sent.
enum RequestTarget {
    static func path(of target: String) -> Substring {
        target.utf8.firstIndex(of: UInt8(ascii: "?")).map { target[..<$0] } ?? target[...]
    }

    /// The query string without its `?`; empty when there is none.
    static func query(of target: String) -> Substring {
        target.utf8.firstIndex(of: UInt8(ascii: "?")).map { target[target.index(after: $0)...] } ?? ""
    }

    /// The format a path's last segment asks for (`.json`, `.csv`), its escapes decoded.
    static func format(ofPath path: Substring) -> WebFormat {
        let last = path.utf8.lastIndex(of: UInt8(ascii: "/")).map { path[path.index(after: $0)...] } ?? path
        guard last.contains("%") else { return WebFormat.split(last).format }
        return WebFormat.split(Substring(Query.decode(last, plusIsSpace: false) ?? String(last))).format
    }

    /// The language of a refusal's page for `request`: the pages' order (`?lang=`, the cookie,
    /// `Accept-Language`, else Chinese; FormLanguage).
    static func language(of request: Request) -> Language {
        FormLanguage.of(request).language
    }
}
