// The options of `ipreg serve` and of `ipreg-serve`, the server program it execs, declared once:
// both commands take this group, so their names, defaults, help and ranges (ServeLimits) cannot
// drift apart, and `ipreg serve` hands them on with `arguments`. A target of its own because both
// programs link it: it needs swift-argument-parser and the limits, never the server itself.
import ArgumentParser
import WebPages

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
        if accessLog?.isEmpty == true { return "--access-log must name a file, or - for standard error" }
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
        return arguments
    }
}
