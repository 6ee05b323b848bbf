// `ipreg serve`: checks its options, opens (creating or migrating) the registry as every command
// does, then execs `ipreg-serve` from the folder this binary is in. The server is a program of its
// own so that the command line never links it (README, "The web view").
import ArgumentParser
import IPRegistry
import WebPages

#if canImport(Glibc)
import Glibc
#endif

extension IPReg {
    struct Serve: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "serve",
            abstract: "Serve the registry read-only over HTTP: overview, centers, reports, figures, SQL.",
            discussion:
                "Listens on 127.0.0.1:8080 unless told otherwise (--port 0 takes any free port). Only GET and HEAD."
        )

        @OptionGroup var registryOptions: RegistryOptions

        @Option(help: ArgumentHelp("The address to listen on.", valueName: "host"))
        var host: String = "127.0.0.1"

        @Option(help: ArgumentHelp("The port to listen on (0: any free port).", valueName: "port"))
        var port: Int = 8080

        @Option(help: ArgumentHelp("Stop a query of /sql or /reports after this many milliseconds.", valueName: "ms"))
        var sqlTimeLimit: Int = 1000

        @Option(help: ArgumentHelp("Cut the rows of /sql and /reports after this many.", valueName: "n"))
        var maxRows: Int = 1000

        @Option(
            help: ArgumentHelp(
                "Cut the rows of a response from /sql and /reports at about this many bytes.", valueName: "bytes"))
        var maxResponseBytes: Int = WebApp.defaultMaxResponseBytes

        func validate() throws {
            guard (0...65535).contains(port) else { throw ValidationError("--port must be from 0 to 65535") }
            guard sqlTimeLimit >= 1 else { throw ValidationError("--sql-time-limit must be at least 1 millisecond") }
            guard maxRows >= 1 else { throw ValidationError("--max-rows must be at least 1") }
            guard (1024...(1 << 30)).contains(maxResponseBytes) else {
                throw ValidationError("--max-response-bytes must be from 1024 to 1073741824")
            }
            guard !host.isEmpty else { throw ValidationError("--host must name an address") }
        }

        func run() throws {
            let path = registryOptions.resolvedPath
            _ = try registryOptions.openForQueries()
            let server = Self.serverPath()
            let arguments = [
                server, "--db", path, "--busy-timeout", String(registryOptions.busyTimeout), "--host", host,
                "--port", String(port), "--sql-time-limit", String(sqlTimeLimit), "--max-rows", String(maxRows),
                "--max-response-bytes", String(maxResponseBytes),
            ]
            OutputStream.standardOutput.flush()
            let argv = arguments.map { strdup($0) } + [nil]
            execv(server, argv)
            throw CommandFailure(
                message: "cannot start \(server): \(String(cString: strerror(errno)))", status: ExitStatus.cannotOpen)
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
