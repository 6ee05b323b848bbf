// The ipreg command: its subcommands, and the one place where failures become exit statuses.
// Where the code lives: every command is a type nested in its parent (`IPReg.CenterCommand.Add`), one
// command to a file: a group in Commands/<Group>/<Group>.swift with its leaves beside it as
// Commands/<Group>/<Group><Leaf>.swift (`industry` and `service` share theirs, Commands/CodeList/),
// a leaf of ipreg itself in Commands/<Name>.swift; option groups, and helpers more than one
// command uses, in Options/.
import ArgumentParser
import IPRegistry
import RegistryOutput
import TabularFiles

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
            Init.self,
            CenterCommand.self,
            Stats.self,
            Region.self,
            Industry.self,
            Service.self,
            FigureCommand.self,
            Import.self,
            Export.self,
            SQL.self,
            Report.self,
            Check.self,
            Backup.self,
            Dashboard.self,
            ServeCommand.self,
            User.self,
            Token.self,
            Audit.self,
        ]
    )

    static func main() {
        // SQLite and the importer allocate and free large blocks over and over; without this, glibc
        // returns them to the kernel each time and pays page faults to get them back (measured: a
        // third of an import's system time).
        #if os(Linux)
        _ = glibcMallopt(-3, 8 << 20)  // M_MMAP_THRESHOLD
        _ = glibcMallopt(-1, 32 << 20)  // M_TRIM_THRESHOLD
        #endif
        // A closed pipe (`ipreg center list | head -1`) ends the process quietly, as it does every
        // Unix tool, even when the parent left SIGPIPE ignored (Python's subprocess, some CI runners).
        signal(SIGPIPE, SIG_DFL)
        var status: Int32
        do {
            // The plain shapes of `center show`, `center nearest` and `sql` skip ArgumentParser's costly
            // first parse (FastPath.swift).
            let arguments = Array(CommandLine.arguments.dropFirst())
            if let show = CenterShowArguments(arguments) {
                try show.run()
            } else if let nearest = CenterNearestArguments(arguments) {
                try nearest.run()
            } else if let sql = SQLArguments(arguments) {
                try sql.run()
            } else {
                var command = try parseAsRoot()
                try command.run()
            }
            status = 0
        } catch {
            status = ErrorReporter.report(error)
        }
        OutputStream.standardOutput.flush()
        // Data that did not reach standard output (a full disk, /dev/full) is a failed command,
        // never a silent short file.
        if status == 0, let failure = OutputStream.standardOutput.writeError {
            status = ErrorReporter.report(
                RegistryError.outputUnwritable(path: "standard output", reason: String(cString: strerror(failure))))
        }
        Glibc.exit(status)
    }
}

#if os(Linux)
/// glibc's mallopt(3); <malloc.h> is not part of the Glibc module.
@_silgen_name("mallopt")
private func glibcMallopt(_ parameter: Int32, _ value: Int32) -> Int32
#endif
