// `ipreg serve`: checks its options, opens (creating or migrating) the registry as every command
// does, then execs `ipreg-serve` from the folder this binary is in. The server is a program of its
// own so that the command line never links it (docs/architecture.md).
import ArgumentParser
import IPRegistry
import RegistryOutput
import TabularFiles
import WebPages

#if canImport(Glibc)
import Glibc
#endif

extension IPReg {
    struct ServeCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "serve",
            abstract: "Serve the registry read-only over HTTP: overview, centers, reports, figures, SQL.",
            discussion: """
                Listens on 127.0.0.1:8080 unless told otherwise (--port 0 takes any free port). Only GET and HEAD. \
                Answers only requests whose Host names this server (127.0.0.1, localhost, [::1] or the --host \
                address, with the port) or an --allowed-host name: others get 421.
                """
        )

        @OptionGroup var registryOptions: RegistryOptions

        @Option(
            help: ArgumentHelp(
                "The address to listen on (one that is not loopback lets other machines read the registry).",
                valueName: "host"))
        var host: String = "127.0.0.1"

        // Numbers are read as values even when they start with `-`, so that `--port -1` is refused
        // for its range rather than taken for a missing value.
        @Option(
            parsing: .unconditional,
            help: ArgumentHelp("The port to listen on, 0 to 65535 (0: any free port).", valueName: "port"))
        var port: Int = 8080

        @Option(
            parsing: .unconditional,
            help: ArgumentHelp(
                "Stop a query of /sql or /reports after this many milliseconds (1 to 3600000).", valueName: "ms"))
        var sqlTimeLimit: Int = 1000

        @Option(
            parsing: .unconditional,
            help: ArgumentHelp("Cut the rows of /sql and /reports after this many (1 to 100000000).", valueName: "n"))
        var maxRows: Int = 1000

        @Option(
            parsing: .unconditional,
            help: ArgumentHelp(
                "Close a connection that sends no complete request head for this many seconds, "
                    + "new or between requests, or that reads nothing of an answer for six times as long (1 to 3600).",
                valueName: "seconds"))
        var idleTimeout: Int = ServeLimits.defaultIdleTimeoutSeconds

        @Option(
            parsing: .unconditional,
            help: ArgumentHelp(
                "Hold at most this many connections open; more wait to be accepted "
                    + "(1 to 1000000, and never more than the open-file limit leaves room for).",
                valueName: "n"))
        var maxConnections: Int = ServeLimits.defaultMaxConnections

        @Option(
            help: ArgumentHelp(
                "Also answer requests whose Host is this name (NAME or NAME:PORT; repeatable).", valueName: "name"))
        var allowedHost: [String] = []

        @Option(help: ArgumentHelp("Append a line per request to this file (-: standard error).", valueName: "file"))
        var accessLog: String?

        @Option(
            parsing: .unconditional,
            help: ArgumentHelp(
                "Cut the rows of a response from /sql and /reports at about this many bytes (1024 to 1073741824).",
                valueName: "bytes"))
        var maxResponseBytes: Int = WebApp.defaultMaxResponseBytes

        func validate() throws {
            if let problem = ServeLimits.problem(
                port: port, sqlTimeLimit: sqlTimeLimit, maxRows: maxRows, busyTimeout: Int(registryOptions.busyTimeout),
                idleTimeout: idleTimeout, maxConnections: maxConnections, maxResponseBytes: maxResponseBytes,
                host: host,
                allowedHosts: allowedHost)
            {
                throw ValidationError(problem)
            }
            if accessLog?.isEmpty == true {
                throw ValidationError("--access-log must name a file, or - for standard error")
            }
        }

        func run() throws {
            let path = registryOptions.resolvedPath
            if let accessLog, accessLog != "-" { try Self.checkWritable(accessLog) }
            _ = try registryOptions.openForReading()
            let server = Self.serverPath()
            var arguments = [
                server, "--db", path, "--busy-timeout", String(registryOptions.busyTimeout), "--host", host,
                "--port", String(port), "--sql-time-limit", String(sqlTimeLimit), "--max-rows", String(maxRows),
                "--idle-timeout", String(idleTimeout), "--max-connections", String(maxConnections),
                "--max-response-bytes", String(maxResponseBytes),
            ]
            for name in allowedHost { arguments += ["--allowed-host", name] }
            if let accessLog { arguments += ["--access-log", accessLog] }
            OutputStream.standardOutput.flush()
            let argv = arguments.map { strdup($0) } + [nil]
            execv(server, argv)
            throw CommandFailure(
                message: "cannot start \(server): \(String(cString: strerror(errno)))", status: ExitStatus.cannotOpen)
        }

        /// The access log is opened (made if missing) before the registry, so a log that cannot be
        /// written stops the server before anything else happens.
        static func checkWritable(_ path: String) throws {
            let descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
            guard descriptor >= 0 else {
                throw CommandFailure(
                    message: "cannot write the access log \(path): \(String(cString: strerror(errno)))",
                    status: ExitStatus.outputUnwritable)
            }
            close(descriptor)
        }

        /// `ipreg-serve` beside the running binary (links resolved, as /proc/self/exe gives it).
        static func serverPath() -> String {
            var buffer = [CChar](repeating: 0, count: 4096)
            let length = readlink("/proc/self/exe", &buffer, buffer.count - 1)
            let me =
                length > 0
                ? String(decoding: buffer[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
                : CommandLine.arguments[0]
            let folder = me.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
            return (folder.isEmpty ? "." : folder) + "/ipreg-serve"
        }
    }
}
