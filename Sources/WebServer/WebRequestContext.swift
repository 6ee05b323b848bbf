// The request context of the web server: what a request carries of its connection besides
// Hummingbird's own (route parameters, logger), made once per request when its head arrives.
import Hummingbird
import IPRegistry
import NIOCore
import WebPages

public struct WebRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The two ends of the connection: the client's for the access log, this server's for the
    /// Host rule (the port it listens on, the address it was reached at).
    public let remoteAddress: SocketAddress?
    public let localAddress: SocketAddress?
    /// The connection, to tell when its client has gone (ReaderScheduler, ClientGoneHandler).
    public let channel: any Channel
    /// When the request arrived (`QueryClock`): its time limit counts from here, so time spent
    /// waiting for a reader counts too.
    public let arrival: UInt64
    /// False for a channel that is no socket (HummingbirdTesting's router tests make one per
    /// request and never open it): there is no client there to go away.
    let isSocket: Bool

    /// Who is asking (CredentialsMiddleware): a token's holder under `/api/`, else a signed-in
    /// browser's account; nil for someone who has not shown either.
    public internal(set) var principal: Principal?
    /// The browser's session when it has one (its cookie's id and the CSRF token its forms carry).
    public internal(set) var session: SessionCredentials?
    /// The client's address as the audit log and throttling know it: the peer's, or the last
    /// `X-Forwarded-For` entry when the peer is a `--trusted-proxy`.
    public internal(set) var clientAddress: String?
    /// True when the request came over TLS: this server's own, or a trusted proxy's
    /// (`X-Forwarded-Proto: https`). Cookies are `Secure` then.
    public internal(set) var isSecure = false
    /// The fields of a form POST (`application/x-www-form-urlencoded`), read and its `csrf`
    /// checked before the route runs (CSRFMiddleware).
    public internal(set) var form: FormFields?
    /// What the audit entry of this request says, should it get one (AuditMiddleware): a route
    /// fills it in; the middleware writes it once the answer is known.
    public let audit = AuditNote()

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        channel = source.channel
        remoteAddress = source.channel.remoteAddress
        localAddress = source.channel.localAddress
        arrival = RowLimits.now()
        isSocket = source.channel is any SocketOptionProvider
    }

    /// True once this request's answer has no one to go to: its client closed the connection,
    /// or the server is stopping (`scheduler.isStopping`).
    func clientGone(_ scheduler: ReaderScheduler) -> @Sendable () -> Bool {
        let channel = self.channel
        let isSocket = self.isSocket
        return { (isSocket && !channel.isActive) || scheduler.isStopping }
    }
}
