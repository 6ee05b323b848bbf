// `ipreg-serve`: the web view over HTTP (docs/web.md) on Hummingbird. `ipreg serve` checks
// the options, opens the registry, and execs this program; the routes themselves are WebApp's.
// In front of them: the request head's limits (RequestHeadGuard.swift), the Host rule
// (RequestGate.swift), the access log (AccessLog.swift), an idle timeout and a connection cap.
import ArgumentParser
import Dispatch
import HTTPTypes
import Hummingbird
import HummingbirdCore
import IPRegistry
import Logging
import NIOCore
import NIOPosix
import ServeArguments
import WebPages

#if canImport(Glibc)
import Glibc
#endif

// Top-level code, not `@main`: the program is more than this one file.
await Serve.start()

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ipreg-serve", abstract: "Started by `ipreg serve`; see `ipreg serve --help`.")

    @Option var db: String
    // Numbers may start with `-`, so that a negative one is refused for its range (ServeLimits).
    @Option(parsing: .unconditional) var busyTimeout: Int = 5000
    /// The options `ipreg serve` takes and hands on, declared once for both (ServeArguments).
    @OptionGroup var options: ServeOptions

    /// Threads for the SQLite work, so a long query never holds an event loop or Swift's cooperative pool.
    static let readerThreads = 4
    /// How many of them SQL a user wrote may hold at once: the others are always free for pages.
    static let userSQLReaders = 2
    /// Requests that may wait for a reader; past them, 503 with Retry-After.
    static let maxWaitingPages = 256
    static let maxWaitingUserSQL = 16
    /// Connections the kernel holds, handshake done, while the cap keeps them from being accepted:
    /// they cost no descriptor, and waiting there they are answered in turn instead of being refused.
    static let backlog = 2048

    func validate() throws {
        if let problem = options.problem(busyTimeout: busyTimeout) { throw ValidationError(problem) }
    }

    /// One `error:` line and status 64 for options it refuses, as `ipreg` says them.
    static func start() async {
        let command: Serve
        do {
            command = try parse()
        } catch {
            let code = exitCode(for: error)
            if code == .success { exit(withError: error) }
            fail(message(for: error), status: code.rawValue)
        }
        do {
            try await command.run()
        } catch {
            fail("\(error)", status: 70)
        }
    }

    func run() async throws {
        let (host, port, allowedHost, accessLog) = (options.host, options.port, options.allowedHost, options.accessLog)
        let (sqlTimeLimit, maxRows, maxResponseBytes) = (
            options.sqlTimeLimit, options.maxRows, options.maxResponseBytes
        )
        let (idleTimeout, maxConnections) = (options.idleTimeout, options.maxConnections)
        signal(SIGPIPE, SIG_IGN)
        var log: AccessLog?
        if let accessLog {
            do throws(AccessLogError) {
                log = try AccessLog(path: accessLog)
            } catch {
                Self.fail(error.message, status: 73)
            }
        }
        // One read-only connection per reader thread; a file that is no registry is refused before listening.
        let data: WebData
        do {
            data = WebData(
                readers: try RegistryReaders(
                    path: db, count: Self.readerThreads, busyTimeoutMilliseconds: Int32(busyTimeout)))
        } catch {
            Self.fail("\(error)", status: 74)
        }
        let scheduler = ReaderScheduler(
            readers: Self.readerThreads, userSQLReaders: Self.userSQLReaders, maxWaitingPages: Self.maxWaitingPages,
            maxWaitingUserSQL: Self.maxWaitingUserSQL)
        // SIGTERM and SIGINT start Hummingbird's graceful shutdown, which waits for the requests
        // in hand: the scheduler interrupts their queries, so a stop never waits for a time limit.
        let stopWatchers = [SIGTERM, SIGINT].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { scheduler.beginStopping() }
            source.resume()
            return source
        }
        defer { for watcher in stopWatchers { watcher.cancel() } }
        let app = WebApp(
            data: data, timeLimitMilliseconds: sqlTimeLimit, maxRows: maxRows, maxResponseBytes: maxResponseBytes)
        var logger = Logger(label: "ipreg-serve")
        logger.logLevel = .error
        let shownHost = host.contains(":") ? "[\(host)]" : host
        let registryPath = db
        let boundHost = host
        let idle = TimeAmount.seconds(Int64(idleTimeout))
        let responder = AccessLogResponder(
            log: log,
            next: RequestGate(
                app: app, hosts: HostRule(boundHost: host, allowedHosts: allowedHost),
                next: WebResponder(app: app, scheduler: scheduler)))
        let application = Application(
            responder: responder,
            server: HTTPServerBuilder { responder in
                GuardedHTTP1Channel(responder: responder, idleTimeout: idle, onClientGone: { scheduler.sweep() })
            },
            configuration: .init(
                address: .hostname(host, port: port), serverName: nil, backlog: Self.backlog,
                availableConnectionsDelegate: MaximumAvailableConnections(Self.connectionCap(maxConnections))),
            onServerRunning: { channel in
                let bound = channel.localAddress?.port ?? 0
                Self.writeError("serving \(registryPath) at http://\(shownHost):\(bound)/\n")
                if !HostRule.isLoopback(boundHost) {
                    Self.writeError(
                        "warning: listening on \(shownHost): every machine that can reach this one can read the "
                            + "registry and run queries; pass --allowed-host NAME for each name it is reached by\n")
                }
            },
            logger: logger)
        do {
            try await application.runService()
        } catch {
            Self.fail("cannot serve on \(shownHost):\(port): \(Self.describe(error))", status: 69)
        }
        await scheduler.shutdown()
    }

    /// `requested`, lowered when the open-file limit would run out first: each connection holds a
    /// descriptor, and the registry, the log and the event loops need some of their own.
    static func connectionCap(_ requested: Int) -> Int {
        var limit = rlimit()
        guard getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit) == 0, limit.rlim_cur != rlim_t.max
        else { return requested }
        let reserved = 64 + 4 * System.coreCount
        return max(1, min(requested, Int(clamping: limit.rlim_cur) - reserved))
    }

    /// A system error as its words alone ("address already in use"), without NIO's call and errno.
    static func describe(_ error: Error) -> String {
        if let error = error as? IOError { return String(cString: strerror(error.errnoCode)).lowercased() }
        if let error = error as? SocketAddressError.UnknownHost {
            return "no such host (\(error.errorDescription.lowercased()))"
        }
        if error is SocketAddressError { return "not an address to listen on" }
        return "\(error)"
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

/// Hands each request to WebApp on the reader threads, within the limits of the web view.
struct WebResponder: HTTPResponder {
    typealias Context = WebContext

    let app: WebApp
    let scheduler: ReaderScheduler

    // The guard (RequestHeadGuard.swift) refuses longer heads before they are decoded; these
    // checks stay for a request after a chunked body, which the guard lets pass unread.
    static let maxTargetLength = ServeLimits.maxTargetLength
    static let maxHeaderBytes = ServeLimits.maxHeaderBytes
    static let maxHeaderCount = ServeLimits.maxHeaderCount
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
            let scheduler = self.scheduler
            let clientGone: @Sendable () -> Bool = { !channel.isActive || scheduler.isStopping }
            let lane: ReaderLane = WebApp.runsUserSQL(target: target) ? .userSQL : .page
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
                    answer = app.refusal(503, "the request was dropped: its client went away or the server is stopping")
                }
            }
        }
        return Self.response(answer, method: method)
    }

    /// The HTTP response for `answer`, with the headers every response carries.
    static func response(_ answer: WebResponse, method: String) -> Response {
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
