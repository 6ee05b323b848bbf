// The routes that take more than GET and HEAD (`/login`, `/logout`, the forms, the API): the
// method middleware lets a POST, PATCH or DELETE through only to a path and method listed here,
// and answers 405 for every other, as a server that only reads did. A route is added to the
// router and to this table in one call (`on(_:_:method:use:)`), so the two cannot disagree.
import HTTPTypes
import Hummingbird
import Synchronization

final class WriteRouteTable: Sendable {
    private struct Route {
        /// Literal segments, or nil for a parameter (`:code`), which matches any one segment.
        let segments: [String?]
        let method: HTTPRequest.Method
    }
    private let routes = Mutex<[Route]>([])

    /// Adds `handler` for `method` at `path` (a router pattern: `centers/:code/edit`) to `router`,
    /// and lets that method through to it.
    func on(
        _ router: Router<WebRequestContext>, _ path: String, method: HTTPRequest.Method,
        use handler: @escaping @Sendable (Request, WebRequestContext) async throws -> Response
    ) {
        let segments = path.split(separator: "/").map { $0.hasPrefix(":") ? nil : String($0) }
        routes.withLock { $0.append(Route(segments: segments, method: method)) }
        router.on(RouterPath(path), method: method, use: handler)
    }

    /// The methods besides GET and HEAD that `path` (without its query) takes; empty for a
    /// path that only reads.
    func methods(at path: Substring) -> [HTTPRequest.Method] {
        let segments = path.split(separator: "/")
        return routes.withLock { routes in
            routes.filter { route in
                route.segments.count == segments.count
                    && zip(route.segments, segments).allSatisfy { pattern, segment in
                        pattern.map { $0 == segment } ?? true
                    }
            }.map(\.method)
        }
    }
}
