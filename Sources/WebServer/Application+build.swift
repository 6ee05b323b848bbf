// The web server (docs/web.md) as a Hummingbird application: `buildApplication` puts together
// the router (WebRoutes.swift), the middleware in front of it (Middleware.swift, AccessLog.swift),
// the reader scheduler the pages run on (ReaderScheduler.swift), and the HTTP/1 channel with the
// request head's guard, the idle timeout and the connection cap (RequestHeadGuard.swift), over
// TLS when asked; sign-in, sessions and the writer (WebSecurity.swift, AuthMiddleware.swift,
// SignInRoutes.swift, RegistryWriter.swift).
// `ipreg-serve` parses its options and runs what this returns; tests run it in process.
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import IPRegistry
import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle
import WebPages

#if canImport(Glibc)
import Glibc
#endif

/// How the server listens and what it allows (`ipreg serve`'s options), and the sizes of its
/// reader threads and waiting lines.
public struct WebServerConfiguration: Sendable {
    public var host = "127.0.0.1"
    public var port = 8080
    public var sqlTimeLimitMilliseconds = 1000
    public var maxRows = 1000
    public var maxResponseBytes = WebApp.defaultMaxResponseBytes
    /// The largest body the JSON API reads (`--max-upload-bytes`); beyond, 413.
    public var maxUploadBytes = ServeLimits.defaultMaxUploadBytes
    public var idleTimeoutSeconds = ServeLimits.defaultIdleTimeoutSeconds
    /// Lowered to what the open-file limit leaves room for (`connectionCap`).
    public var maxConnections = ServeLimits.defaultMaxConnections
    public var allowedHosts: [String] = []
    /// Connections the kernel holds, handshake done, while the cap keeps them from being accepted:
    /// they cost no descriptor, and waiting there they are answered in turn instead of being refused.
    public var backlog = 2048
    /// Threads for the SQLite work, so a long query never holds an event loop or Swift's
    /// cooperative pool; one read-only connection each (`RegistryReaders`).
    public var readerThreads = 4
    /// How many of them SQL a user wrote may hold at once: the others are always free for pages.
    public var userSQLReaders = 2
    /// Requests that may wait for a reader; past them, 503 with Retry-After.
    public var maxWaitingPages = 256
    public var maxWaitingUserSQL = 16
    /// HTTPS (`--tls-cert`, `--tls-key`): sessions' cookies are `Secure`, and sign-in and
    /// writes are taken on any address.
    public var tls: ServerTLS?
    /// Peers whose `X-Forwarded-Proto` and `X-Forwarded-For` are believed (`--trusted-proxy`).
    public var trustedProxies: [String] = []
    /// Every page needs a session (`--private`).
    public var isPrivate = false
    /// The registry file the writer opens; nil: the one `data` reads.
    public var registryPath: String?
    public var busyTimeoutMilliseconds: Int32 = 5000
    /// What the writer stamps sessions and the audit log with (tests fix it).
    public var clock: RegistryClock = .system
    /// Threads for bcrypt at sign-in.
    public var passwordThreads = 2
    /// Signals that stop the server (SIGTERM, SIGINT): running queries are interrupted at once.
    /// None in tests, whose process keeps its signals.
    public var stopSignals: [Int32] = []

    public init() {}
}

/// The server for `data` as `configuration` says; `accessLog` gets a line per request;
/// `onServerRunning` is told the port once the server listens.
public func buildApplication(
    _ configuration: WebServerConfiguration, data: WebData, accessLog: AccessLog? = nil,
    onServerRunning: @escaping @Sendable (_ port: Int) -> Void = { _ in }
) -> some ApplicationProtocol {
    let app = WebApp(
        data: data, timeLimitMilliseconds: configuration.sqlTimeLimitMilliseconds, maxRows: configuration.maxRows,
        maxResponseBytes: configuration.maxResponseBytes)
    let scheduler = ReaderScheduler(
        readers: configuration.readerThreads, userSQLReaders: configuration.userSQLReaders,
        maxWaitingPages: configuration.maxWaitingPages, maxWaitingUserSQL: configuration.maxWaitingUserSQL,
        stopSignals: configuration.stopSignals)
    let security = WebSecurity(configuration, registryPath: configuration.registryPath ?? data.path)
    let writeRoutes = WriteRouteTable()
    let router = Router(context: WebRequestContext.self)
    WebRoutes(app: app, scheduler: scheduler).add(to: router)
    SignInRoutes(app: app, security: security).add(to: router, writes: writeRoutes)
    FormRoutes(
        app: app, security: security, scheduler: scheduler, uploads: UploadStore(),
        maxUploadBytes: configuration.maxUploadBytes
    ).add(to: router, writes: writeRoutes)
    APIRoutes(app: app, security: security, scheduler: scheduler, maxUploadBytes: configuration.maxUploadBytes)
        .add(to: router, writes: writeRoutes)
    // The middleware wraps the router rather than being added to it: Hummingbird looks a route
    // up before router middleware runs, and a path must be checked and its escapes decoded before
    // its route is chosen, and a request refused for its Host or method before its path is looked at.
    let hosts = HostRule(boundHost: configuration.host, allowedHosts: configuration.allowedHosts)
    let responder = WebResponder(
        middleware: webMiddleware(
            app: app, hosts: hosts, accessLog: accessLog, security: security, writeRoutes: writeRoutes,
            scheduler: scheduler),
        router: router.buildResponder(), clock: app.clock)
    var services: [any Service] = [scheduler, security.passwords]
    if let writer = security.writer { services.append(writer) }
    var logger = Logger(label: "ipreg-serve")
    logger.logLevel = .error
    let idleTimeout = TimeAmount.seconds(Int64(configuration.idleTimeoutSeconds))
    return Application(
        responder: responder,
        server: HTTPServerBuilder { responder in
            let channel = GuardedHTTP1Channel(
                responder: responder, idleTimeout: idleTimeout, onClientGone: { scheduler.sweep() })
            guard let tls = configuration.tls else { return channel }
            return try TLSChannel(channel, tlsConfiguration: tls.configuration)
        },
        configuration: .init(
            address: .hostname(configuration.host, port: configuration.port), serverName: nil,
            backlog: configuration.backlog,
            availableConnectionsDelegate: MaximumAvailableConnections(connectionCap(configuration.maxConnections))),
        services: services,
        onServerRunning: { channel in onServerRunning(channel.localAddress?.port ?? 0) },
        logger: logger)
}

/// The middleware of every request, outermost first.
@MiddlewareFixedTypeBuilder<Request, Response, WebRequestContext>
func webMiddleware(
    app: WebApp, hosts: HostRule, accessLog: AccessLog?, security: WebSecurity, writeRoutes: WriteRouteTable,
    scheduler: ReaderScheduler
) -> some MiddlewareProtocol<
    Request, Response, WebRequestContext
> {
    if let accessLog { AccessLogMiddleware(log: accessLog) }
    SecurityHeadersMiddleware()
    RequestLimitsMiddleware(app: app)
    HostRuleMiddleware(app: app, hosts: hosts)
    ReadOnlyMiddleware(app: app, writeRoutes: writeRoutes, security: security)
    RequestPathMiddleware(app: app)
    AuditMiddleware(security: security)
    CredentialsMiddleware(app: app, security: security, scheduler: scheduler)
    PrivateMiddleware(app: app, security: security)
    CSRFMiddleware(app: app)
}

/// The middleware, then the router. A route's pages carry the print footer of the request they
/// answer (Layout.printing): the forms and sign-in as the read pages (which WebApp sets it for).
struct WebResponder<Middleware: MiddlewareProtocol<Request, Response, WebRequestContext>>: HTTPResponder {
    let middleware: Middleware
    let router: RouterResponder<WebRequestContext>
    let clock: RegistryClock

    func respond(to request: Request, context: WebRequestContext) async throws -> Response {
        try await middleware.handle(request, context: context) { request, context in
            try await Layout.$printing.withValue(Layout.Printing(address: request.head.path ?? "/", clock: clock)) {
                try await router.respond(to: request, context: context)
            }
        }
    }
}

/// `requested`, lowered when the open-file limit would run out first: each connection holds a
/// descriptor, and the registry, the log and the event loops need some of their own.
func connectionCap(_ requested: Int) -> Int {
    var limit = rlimit()
    guard getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit) == 0, limit.rlim_cur != rlim_t.max
    else { return requested }
    let reserved = 64 + 4 * System.coreCount
    return max(1, min(requested, Int(clamping: limit.rlim_cur) - reserved))
}
