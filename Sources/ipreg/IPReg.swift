// The ipreg command: its subcommands, and the one place where failures become exit statuses.
import ArgumentParser
import IPRegistry
#if canImport(Glibc)
import Glibc
#endif

@main
struct IPReg: ParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "ipreg",
        abstract: "A registry of intellectual-property service centers, kept in one SQLite file.",
        version: version,
        subcommands: [
            InitCommand.self,
            RegionCommand.self,
            IndustryCommand.self,
            ServiceCommand.self,
            SQLCommand.self,
            ReportCommand.self,
        ]
    )

    static func main() {
        let status: Int32
        do {
            var command = try parseAsRoot()
            try command.run()
            status = 0
        } catch {
            status = ErrorReporter.report(error)
        }
        OutputStream.standardOutput.flush()
        Glibc.exit(status)
    }
}
