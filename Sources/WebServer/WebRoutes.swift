// The routes of docs/web.md by path pattern. A page's data comes as `.json`, `.csv` or `.xlsx` on
// its last segment (`/centers.json`, `/centers/CODE.csv`), centers also as `.geojson`; the overview
// has no CSV or workbook form (`/.csv` is 404). Each page runs on a reader thread when its lane's turn
// comes (ReaderScheduler): SQL a user wrote in its own lane, so that pages never wait behind it.
import HTTPTypes
import Hummingbird
import IPRegistry
import WebPages

struct WebRoutes: Sendable {
    let app: WebApp
    let scheduler: ReaderScheduler

    /// Sent with a 503 from a full waiting line: the time one slow query may take.
    static let retryAfterSeconds = 1

    func add(to router: Router<WebRequestContext>) {
        router.add(middleware: NotFoundMiddleware(app: app))
        page(router, "/", .overview, .html)
        page(router, ".json", .overview, .json)
        page(router, "index.json", .overview, .json)
        for (suffix, format) in [("", WebFormat.html), (".json", .json), (".csv", .csv), (".xlsx", .xlsx)] {
            page(router, "centers" + suffix, .centers, format)
            page(router, "reports" + suffix, .reports, format)
            page(router, "figures" + suffix, .figures, format)
            page(router, "trends" + suffix, .trends, format)
            page(router, "coverage" + suffix, .coverage, format)
            page(router, "sql" + suffix, .sql, format)
        }
        page(router, "centers.geojson", .centers, .geojson)
        // `/centers/nearest` is a page of its own, not the center coded `nearest`.
        named(router, "centers/:code") { $0 == "nearest" ? .nearest : .center(code: $0) }
        named(router, "reports/:name") { .report(name: $0) }
    }

    /// A page at a fixed path, for GET and HEAD.
    private func page(_ router: Router<WebRequestContext>, _ path: String, _ route: WebRoute, _ format: WebFormat) {
        for method in [HTTPRequest.Method.get, .head] {
            router.on(RouterPath(path), method: method) { request, context in
                await answer(route, format, request, context)
            }
        }
    }

    /// A page for each name (a center's code, a report's name) in the path's last segment,
    /// which may end in `.json`, `.csv` or `.xlsx`; an empty name is no page.
    private func named(
        _ router: Router<WebRequestContext>, _ path: String, _ route: @escaping @Sendable (String) -> WebRoute
    ) {
        let parameter = String(path.split(separator: ":").last ?? "")
        for method in [HTTPRequest.Method.get, .head] {
            router.on(RouterPath(path), method: method) { request, context in
                // RequestPathMiddleware has checked the escapes: they decode.
                let raw = context.parameters.get(parameter) ?? ""
                let decoded = raw.contains("%") ? Query.decode(Substring(raw), plusIsSpace: false) ?? raw : raw
                let (name, format) = WebFormat.split(Substring(decoded))
                guard !name.isEmpty else {
                    let target = request.head.path ?? ""
                    return app.notFound(
                        query: RequestTarget.query(of: target), format: format,
                        language: RequestTarget.language(of: request)
                    ).response(to: request.method)
                }
                return await answer(route(String(name)), format, request, context)
            }
        }
    }

    /// Runs the page on a reader in its lane; a full line or a client that left is a 503.
    func answer(
        _ route: WebRoute, _ format: WebFormat, _ request: Request, _ context: WebRequestContext
    ) async
        -> Response
    {
        let app = self.app
        let query = RequestTarget.query(of: request.head.path ?? "/")
        let arrival = context.arrival
        let clientGone = context.clientGone(scheduler)
        // A signed-in browser's pages name its user and offer the forms it may use.
        let principal = context.session == nil ? nil : context.principal
        let signedIn = principal.flatMap { principal in
            context.session.map { SignedInUser(name: principal.name, role: principal.role, csrf: $0.csrf) }
        }
        let mayEdit: @Sendable (String) -> Bool = {
            principal?.writesCenters == true && principal?.covers(region: $0) == true
        }
        let languageCookie = WebSecurity.cookie(named: Language.cookieName, in: request)
        let acceptLanguage = HTTPField.Name("Accept-Language").flatMap { request.headers[$0] }
        var answer: WebResponse
        do throws(SchedulerRefusal) {
            answer = try await scheduler.run(route.runsUserSQL ? .userSQL : .page, clientGone: clientGone) {
                app.respond(
                    to: route, query: query, format: format, arrival: arrival, clientGone: clientGone,
                    signedIn: signedIn, mayEdit: mayEdit, languageCookie: languageCookie,
                    acceptLanguage: acceptLanguage)
            }
        } catch {
            switch error {
            case .full:
                answer = app.refusal(
                    503, "the server is busy: too many requests are waiting for the registry; try again shortly",
                    language: RequestTarget.language(of: request))
                answer.headers.append(("Retry-After", String(Self.retryAfterSeconds)))
            case .clientGone:
                answer = app.refusal(
                    503, "the request was dropped: its client went away or the server is stopping",
                    language: RequestTarget.language(of: request))
            }
        }
        return answer.response(to: request.method)
    }
}

/// A path the router has no route for: WebApp's 404 in the format its last segment asks for
/// (or its 400 when the query string is malformed), instead of Hummingbird's empty 404.
struct NotFoundMiddleware: RouterMiddleware {
    typealias Context = WebRequestContext

    let app: WebApp

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound {
            let target = request.head.path ?? "/"
            return app.notFound(
                query: RequestTarget.query(of: target),
                format: RequestTarget.format(ofPath: RequestTarget.path(of: target)),
                language: RequestTarget.language(of: request)
            ).response(to: request.method)
        }
    }
}
