// The options of `ipreg serve` and of `ipreg-serve`, the server program it execs, declared once:
// both commands take this group, so their names, defaults, help and ranges (ServeLimits) cannot
// drift apart, and `ipreg serve` hands them on with `arguments`. A target of its own because both
// programs link it: it needs swift-argument-parser and the limits, never the server itself.
import ArgumentParser
import WebPages

#if canImport(Glibc)
import Glibc
#endif

public struct ServeOptions: ParsableArguments {
    public init() {}

    @Option(
        help: ArgumentHelp(
            "The address to listen on (one that is not loopback lets other machines read the registry).",
            valueName: "host"))
    public var host: String = "127.0.0.1"

    // Numbers are read as values even when they start with `-`, so that `--port -1` is refused
    // for its range rather than taken for a missing value.
    @Option(
        parsing: .unconditional,
        help: ArgumentHelp("The port to listen on, 0 to 65535 (0: any free port).", valueName: "port"))
    public var port: Int = 8080

    @Option(
        parsing: .unconditional,
        help: ArgumentHelp(
            "Stop a query of /sql or /reports after this many milliseconds (1 to 3600000).", valueName: "ms"))
    public var sqlTimeLimit: Int = 1000

    @Option(
        parsing: .unconditional,
        help: ArgumentHelp("Cut the rows of /sql and /reports after this many (1 to 100000000).", valueName: "n"))
    public var maxRows: Int = 1000

    @Option(
        parsing: .unconditional,
        help: ArgumentHelp(
            "Close a connection that sends no complete request head for this many seconds, "
                + "new or between requests, or that reads nothing of an answer for six times as long (1 to 3600).",
            valueName: "seconds"))
    public var idleTimeout: Int = ServeLimits.defaultIdleTimeoutSeconds

    @Option(
        parsing: .unconditional,
        help: ArgumentHelp(
            "Hold at most this many connections open; more wait to be accepted "
                + "(1 to 1000000, and never more than the open-file limit leaves room for).",
            valueName: "n"))
    public var maxConnections: Int = ServeLimits.defaultMaxConnections

    @Option(
        help: ArgumentHelp(
            "Also answer requests whose Host is this name (NAME or NAME:PORT; repeatable).", valueName: "name"))
    public var allowedHost: [String] = []

    @Option(help: ArgumentHelp("Append a line per request to this file (-: standard error).", valueName: "file"))
    public var accessLog: String?

    @Option(
        parsing: .unconditional,
        help: ArgumentHelp(
            "Cut the rows of a response from /sql and /reports at about this many bytes (1024 to 1073741824).",
            valueName: "bytes"))
    public var maxResponseBytes: Int = WebApp.defaultMaxResponseBytes

    @Option(
        parsing: .unconditional,
        help: ArgumentHelp(
            "Refuse (413) an API request whose body, an imported file among them, is larger than this "
                + "(1 to 1073741824; default 50000000).", valueName: "bytes"))
    public var maxUploadBytes: Int = ServeLimits.defaultMaxUploadBytes

    @Option(
        help: ArgumentHelp(
            "Serve HTTPS with this certificate chain (PEM); with --tls-key. Sign-in and writes are then taken "
                + "on any address.", valueName: "file"))
    public var tlsCert: String?

    @Option(help: ArgumentHelp("The private key (PEM) of --tls-cert.", valueName: "file"))
    public var tlsKey: String?

    @Option(
        help: ArgumentHelp(
            "Believe X-Forwarded-Proto and X-Forwarded-For from this proxy's address (repeatable); "
                + "sign-in and writes are then taken on any address.", valueName: "address"))
    public var trustedProxy: [String] = []

    @Flag(name: .customLong("private"), help: "Require signing in to read every page too.")
    public var isPrivate = false

    /// Whether sign-in and writes are taken: over TLS, behind a trusted proxy, or on loopback
    /// only (docs/web-security.md).
    public var takesSignIn: Bool { tlsCert != nil || !trustedProxy.isEmpty || HostRule.isLoopback(host) }

    /// The first problem with these values, nil when there is none. The busy timeout is checked
    /// here with the others (in the same order, so the same value is refused first everywhere),
    /// but it is a registry option of `ipreg`: each command passes its own. Each command's
    /// `validate()` calls this.
    public func problem(busyTimeout: Int) -> String? {
        if let problem = ServeLimits.problem(
            port: port, sqlTimeLimit: sqlTimeLimit, maxRows: maxRows, busyTimeout: busyTimeout,
            idleTimeout: idleTimeout, maxConnections: maxConnections, maxResponseBytes: maxResponseBytes, host: host,
            allowedHosts: allowedHost)
        {
            return problem
        }
        if let problem = ServeLimits.maxUploadBytes.problem(maxUploadBytes) { return problem }
        if accessLog?.isEmpty == true { return "--access-log must name a file, or - for standard error" }
        if (tlsCert == nil) != (tlsKey == nil) { return "--tls-cert and --tls-key go together: give both" }
        for (option, file) in [("--tls-cert", tlsCert), ("--tls-key", tlsKey)] {
            guard let file else { continue }
            if file.isEmpty || access(file, R_OK) != 0 {
                return "cannot read \(option) \(file): \(String(cString: strerror(file.isEmpty ? ENOENT : errno)))"
            }
        }
        for address in trustedProxy where !Self.isAddress(address) {
            return "--trusted-proxy \(address): must be an IP address (127.0.0.1, ::1)"
        }
        if isPrivate && !takesSignIn {
            return "--private needs signing in, which a server on \(host) takes only with --tls-cert and --tls-key "
                + "or a --trusted-proxy"
        }
        return nil
    }

    /// These options as `ipreg-serve`'s arguments.
    public var arguments: [String] {
        var arguments = [
            "--host", host, "--port", String(port), "--sql-time-limit", String(sqlTimeLimit), "--max-rows",
            String(maxRows), "--idle-timeout", String(idleTimeout), "--max-connections", String(maxConnections),
            "--max-response-bytes", String(maxResponseBytes),
        ]
        for name in allowedHost { arguments += ["--allowed-host", name] }
        if let accessLog { arguments += ["--access-log", accessLog] }
        if maxUploadBytes != ServeLimits.defaultMaxUploadBytes {
            arguments += ["--max-upload-bytes", String(maxUploadBytes)]
        }
        if let tlsCert, let tlsKey { arguments += ["--tls-cert", tlsCert, "--tls-key", tlsKey] }
        for address in trustedProxy { arguments += ["--trusted-proxy", address] }
        if isPrivate { arguments.append("--private") }
        return arguments
    }

    /// An IPv4 or IPv6 address literal (an IPv6 one may be in brackets).
    static func isAddress(_ text: String) -> Bool {
        var bare = text
        if bare.hasPrefix("[") && bare.hasSuffix("]") { bare = String(bare.dropFirst().dropLast()) }
        var buffer = [UInt8](repeating: 0, count: 16)
        return inet_pton(AF_INET, bare, &buffer) == 1 || inet_pton(AF_INET6, bare, &buffer) == 1
    }
}
