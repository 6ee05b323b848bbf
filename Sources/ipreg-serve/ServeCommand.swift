// `ipreg-serve`: the web view over HTTP (SPEC.md section 6) on Hummingbird. `ipreg serve` checks
// the options, opens the registry, and execs this program; the routes themselves are WebApp's.
import ArgumentParser
import HTTPTypes
import Hummingbird
import IPRegistry
import Logging
import NIOCore
import NIOPosix
import WebPages

#if canImport(Glibc)
import Glibc
#endif

@main
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ipreg-serve", abstract: "Started by `ipreg serve`; see `ipreg serve --help`.")

    @Option var db: String
    @Option var busyTimeout: Int32 = 5000
    @Option var host: String = "127.0.0.1"
    @Option var port: Int = 8080
    @Option var sqlTimeLimit: Int = 1000
    @Option var maxRows: Int = 1000

    @Option var maxResponseBytes: Int = WebApp.defaultMaxResponseBytes

    /// Threads for the SQLite work, so a long query never holds an event loop or Swift's cooperative pool.
    static let readerThreads = 4
    /// How many of them SQL a user wrote may hold at once: the others are always free for pages.
    static let userSQLReaders = 2
    /// Requests that may wait for a reader; past them, 503 with Retry-After.
    static let maxWaitingPages = 256
    static let maxWaitingUserSQL = 16

    func run() async throws {
        signal(SIGPIPE, SIG_IGN)
        // One read-only connection per reader thread; a file that is no registry is refused before listening.
        let data: WebData
        do {
            data = WebData(
                readers: try RegistryReaders(path: db, count: Self.readerThreads, busyTimeoutMilliseconds: busyTimeout))
        } catch {
            Self.fail("\(error)", status: 74)
        }
        let scheduler = ReaderScheduler(
            readers: Self.readerThreads, userSQLReaders: Self.userSQLReaders, maxWaitingPages: Self.maxWaitingPages,
            maxWaitingUserSQL: Self.maxWaitingUserSQL)
        let app = WebApp(
            data: data, timeLimitMilliseconds: sqlTimeLimit, maxRows: maxRows, maxResponseBytes: maxResponseBytes)
        var logger = Logger(label: "ipreg-serve")
        logger.logLevel = .error
        let shownHost = host.contains(":") ? "[\(host)]" : host
        let registryPath = db
        let application = Application(
            responder: WebResponder(app: app, scheduler: scheduler),
            server: .http1(configuration: .init(additionalChannelHandlers: [ClientGoneHandler()])),
            configuration: .init(address: .hostname(host, port: port), serverName: nil),
            onServerRunning: { channel in
                let bound = channel.localAddress?.port ?? 0
                Self.writeError("serving \(registryPath) at http://\(shownHost):\(bound)/\n")
            },
            logger: logger)
        do {
            try await application.runService()
        } catch {
            Self.fail("cannot serve on \(shownHost):\(port): \(error)", status: 69)
        }
        await scheduler.shutdown()
    }

    static func writeError(_ text: String) {
        let bytes = Array(text.utf8)
        var written = 0
        while written < bytes.count {
            let count = bytes[written...].withUnsafeBytes { Glibc.write(2, $0.baseAddress, $0.count) }
            if count <= 0 { break }
            written += count
        }
    }

    static func fail(_ message: String, status: Int32) -> Never {
        writeError("error: " + message.split(whereSeparator: \.isNewline).joined(separator: " ") + "\n")
        Glibc.exit(status)
    }
}

/// What a request carries besides itself: the connection it came on, to tell when its client
/// has gone.
struct ServeContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    let channel: any Channel

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        channel = source.channel
    }
}

/// Hands each request to WebApp on the reader threads, within the limits of the web view.
struct WebResponder: HTTPResponder {
    typealias Context = ServeContext

    let app: WebApp
    let scheduler: ReaderScheduler

    static let maxTargetLength = 8192
    static let maxHeaderBytes = 16384
    static let maxHeaderCount = 100
    /// Sent with a 503 from a full waiting line: the time one slow query may take.
    static let retryAfterSeconds = 1

    func respond(to request: Request, context: Context) async throws -> Response {
        let arrival = RowLimits.now()
        let method = request.method.rawValue
        let target = request.head.path ?? "/"
        let headerBytes = request.headers.reduce(0) { $0 + $1.name.rawName.utf8.count + $1.value.utf8.count + 4 }
        var answer: WebResponse
        if target.utf8.count > Self.maxTargetLength {
            answer = app.refusal(414, "the request target is longer than \(Self.maxTargetLength) bytes")
        } else if headerBytes > Self.maxHeaderBytes || request.headers.count > Self.maxHeaderCount {
            answer = app.refusal(
                431, "the request headers are larger than \(Self.maxHeaderBytes) bytes or \(Self.maxHeaderCount) fields"
            )
        } else {
            let app = self.app
            let channel = context.channel
            let clientGone: @Sendable () -> Bool = { !channel.isActive }
            let lane: ReaderLane = WebApp.runsUserSQL(target: target) ? .userSQL : .page
            // A client that leaves while its request waits frees its place in the line at once.
            let scheduler = self.scheduler
            channel.closeFuture.whenComplete { _ in scheduler.sweep() }
            do throws(SchedulerRefusal) {
                answer = try await scheduler.run(lane, clientGone: clientGone) {
                    app.respond(method: method, target: target, arrival: arrival, clientGone: clientGone)
                }
            } catch {
                switch error {
                case .full:
                    answer = app.refusal(
                        503, "the server is busy: too many requests are waiting for the registry; try again shortly")
                    answer.headers.append(("Retry-After", String(Self.retryAfterSeconds)))
                case .clientGone:
                    answer = app.refusal(503, "the client went away before the request was read")
                }
            }
        }
        var headers = HTTPFields()
        headers[.contentType] = answer.contentType
        headers[.contentSecurityPolicy] = Layout.contentSecurityPolicy
        headers[.xContentTypeOptions] = "nosniff"
        headers[.cacheControl] = "no-store"
        if let referrer = HTTPField.Name("Referrer-Policy") { headers[referrer] = "no-referrer" }
        // Another site's page may not embed these answers (an <img> or <script> of /sql.json).
        if let resourcePolicy = HTTPField.Name("Cross-Origin-Resource-Policy") {
            headers[resourcePolicy] = "same-origin"
        }
        for (name, value) in answer.headers {
            if let field = HTTPField.Name(name) { headers[field] = value }
        }
        // HEAD says what GET would send, without sending it (RFC 9110 section 9.3.2).
        if method == "HEAD" { headers[.contentLength] = String(answer.body.count) }
        let body = method == "HEAD" ? ByteBuffer() : ByteBuffer(bytes: answer.body)
        return Response(status: .init(code: answer.status), headers: headers, body: .init(byteBuffer: body))
    }
}
