// `ipreg serve`: checks its options, opens (creating or migrating) the registry as every command
// does, then execs `ipreg-serve` from the folder this binary is in. The server is a program of its
// own so that the command line never links it (docs/architecture.md).
import ArgumentParser
import IPRegistry
import RegistryOutput
import ServeArguments
import TabularFiles
import WebPages

#if canImport(Glibc)
import Glibc
#endif

extension IPReg {
    struct ServeCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "serve",
            abstract: "Serve the registry over HTTP: overview, centers, reports, figures, SQL; sign-in at /login.",
            discussion: """
                Listens on 127.0.0.1:8080 unless told otherwise (--port 0 takes any free port). Pages take GET and \
                HEAD; /login, /logout and the write routes take POST. Answers only requests whose Host names this \
                server (127.0.0.1, localhost, [::1] or the --host address, with the port) or an --allowed-host \
                name: others get 421. Sign-in and writes are taken on a loopback address, over HTTPS (--tls-cert, \
                --tls-key), or behind a --trusted-proxy; elsewhere the server is read-only.
                """
        )

        @OptionGroup var registryOptions: RegistryOptions

        /// The server's own options, declared once for this command and `ipreg-serve` (ServeArguments).
        @OptionGroup var serveOptions: ServeOptions

        func validate() throws {
            if let problem = serveOptions.problem(busyTimeout: Int(registryOptions.busyTimeout)) {
                throw ValidationError(problem)
            }
        }

        func run() throws {
            let path = registryOptions.resolvedPath
            if let accessLog = serveOptions.accessLog, accessLog != "-" { try Self.checkWritable(accessLog) }
            _ = try registryOptions.openForReading()
            let server = Self.serverPath()
            let arguments =
                [server, "--db", path, "--busy-timeout", String(registryOptions.busyTimeout)] + serveOptions.arguments
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
