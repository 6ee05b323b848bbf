// `ipreg-serve`: the web view over HTTP (docs/web.md). `ipreg serve` checks the options, opens
// the registry, and execs this program, which parses them again (they are one declaration,
// ServeOptions), opens the registry's readers, and runs the server that WebServer's
// `buildApplication` puts together.
import ArgumentParser
import IPRegistry
import NIOCore
import ServeArguments
import WebPages
import WebServer

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
    @OptionGroup var options: ServeOptions

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
        signal(SIGPIPE, SIG_IGN)
        var log: AccessLog?
        if let accessLog = options.accessLog {
            do throws(AccessLogError) {
                log = try AccessLog(path: accessLog)
            } catch {
                Self.fail(error.message, status: 73)
            }
        }
        var configuration = WebServerConfiguration()
        configuration.host = options.host
        configuration.port = options.port
        configuration.sqlTimeLimitMilliseconds = options.sqlTimeLimit
        configuration.maxRows = options.maxRows
        configuration.maxResponseBytes = options.maxResponseBytes
        configuration.maxUploadBytes = options.maxUploadBytes
        configuration.idleTimeoutSeconds = options.idleTimeout
        configuration.maxConnections = options.maxConnections
        configuration.allowedHosts = options.allowedHost
        configuration.stopSignals = [SIGTERM, SIGINT]
        configuration.trustedProxies = options.trustedProxy
        configuration.isPrivate = options.isPrivate
        configuration.busyTimeoutMilliseconds = Int32(busyTimeout)
        configuration.registryPath = db
        if let certificate = options.tlsCert, let key = options.tlsKey {
            do throws(ServerTLS.Failure) {
                configuration.tls = try ServerTLS(certificateFile: certificate, keyFile: key)
            } catch {
                Self.fail(error.description, status: 64)
            }
        }
        // One read-only connection per reader thread; a file that is no registry is refused before listening.
        let data: WebData
        do {
            data = WebData(
                readers: try RegistryReaders(
                    path: db, count: configuration.readerThreads, busyTimeoutMilliseconds: Int32(busyTimeout)))
        } catch {
            Self.fail("\(error)", status: 74)
        }
        let host = options.host
        let shownHost = host.contains(":") ? "[\(host)]" : host
        let registryPath = db
        let scheme = configuration.tls == nil ? "http" : "https"
        let readOnly = !options.takesSignIn
        let app = buildApplication(configuration, data: data, accessLog: log) { port in
            Self.writeError("serving \(registryPath) at \(scheme)://\(shownHost):\(port)/\n")
            if !HostRule.isLoopback(host) {
                Self.writeError(
                    "warning: listening on \(shownHost): every machine that can reach this one can read the "
                        + "registry and run queries; pass --allowed-host NAME for each name it is reached by\n")
            }
            if readOnly {
                Self.writeError(
                    "read-only: sign-in and writes are refused on \(shownHost) without --tls-cert and --tls-key "
                        + "or a --trusted-proxy (passwords and cookies would cross the network in the clear)\n")
            }
        }
        do {
            try await app.runService()
        } catch {
            Self.fail("cannot serve on \(shownHost):\(options.port): \(Self.describe(error))", status: 69)
        }
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
