// The refusals made before a request reaches WebApp: a head the guard stopped (414, 431) and a
// Host that does not name this server (DNS rebinding: 400 when missing, doubled or malformed, 421
// when it names another server). Each is a small function, the responder only chains them.
import HTTPTypes
import Hummingbird
import NIOCore
import WebPages

/// What every request's context carries of its connection: the addresses at both ends.
struct WebContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    let remoteAddress: SocketAddress?
    let localAddress: SocketAddress?
    /// The connection, to tell when its client has gone (ReaderScheduler, ClientGoneHandler).
    let channel: any Channel

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        channel = source.channel
        remoteAddress = source.channel.remoteAddress
        localAddress = source.channel.localAddress
    }
}

struct RequestGate<Next: HTTPResponder>: HTTPResponder where Next.Context == WebContext {
    typealias Context = WebContext

    let app: WebApp
    let hosts: HostRule
    let next: Next

    func respond(to request: Request, context: Context) async throws -> Response {
        if let refusal = headRefusal(request) {
            var response = WebResponder.response(refusal, method: request.method.rawValue)
            response.headers[.connection] = "close"
            return response
        }
        if let refusal = hostRefusal(request, context: context) {
            return WebResponder.response(refusal, method: request.method.rawValue)
        }
        return try await next.respond(to: request, context: context)
    }

    /// The guard's refusal of a request head (RequestHeadGuard.swift), with the usual page.
    func headRefusal(_ request: Request) -> WebResponse? {
        switch HeadRefusalInjector.refusedStatus(of: request.head) {
        case 414?:
            return app.refusal(414, "the request target is longer than \(ServeLimits.maxTargetLength) bytes")
        case 431?:
            return app.refusal(
                431,
                "the request headers are larger than \(ServeLimits.maxHeaderBytes) bytes "
                    + "or \(ServeLimits.maxHeaderCount) fields")
        default:
            return nil
        }
    }

    /// Nil when the request has one Host header naming this server (HostRule).
    func hostRefusal(_ request: Request, context: Context) -> WebResponse? {
        // The first Host header becomes the authority; another one stays among the fields.
        let oneHost = HTTPField.Name.host.map { request.headers[values: $0].isEmpty } ?? true
        if let authority = request.head.authority, oneHost {
            let port = context.localAddress?.port ?? 0
            if hosts.accepts(authority, port: port, localAddress: context.localAddress?.ipAddress) { return nil }
            if HostRule.Name(parsing: authority) != nil {
                return app.refusal(
                    421, "this server does not answer to that Host name; start it with --allowed-host NAME to let it")
            }
        }
        return app.refusal(400, "the request must carry one Host header naming the server")
    }
}

extension HTTPField.Name {
    /// HTTPTypes names no Host field: over HTTP/1 it becomes the request's authority.
    fileprivate static let host = HTTPField.Name("Host")
}
