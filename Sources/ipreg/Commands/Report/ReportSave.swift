// `ipreg report save NAME`: a read-only query kept under a name, as a report.
import ArgumentParser
import IPRegistry
import RegistryOutput
import TabularFiles

extension IPReg.Report {
    struct Save: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "save",
            abstract: "Save a read-only SQL query as a report.",
            discussion:
                "The SQL must compile against the registry and only read. Saving under an existing saved name replaces it."
        )

        @OptionGroup var registryOptions: RegistryOptions

        @Argument(help: ArgumentHelp("The report's name: 1-64 characters of a-z, 0-9 and -.", valueName: "name"))
        var name: String

        // Unconditional: the SQL may start with a comment (`-- note`), which looks like an option.
        @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("The report's SQL.", valueName: "query"))
        var sql: String?

        @Option(
            name: .long,
            help: ArgumentHelp("Read the report's SQL from this file (- for standard input).", valueName: "file"))
        var file: String?

        @Option(name: .long, help: ArgumentHelp("What the report shows.", valueName: "text"))
        var description: String?

        func validate() throws {
            if (sql == nil) == (file == nil) {
                throw ValidationError("give exactly one of --sql QUERY and --file FILE")
            }
        }

        func run() throws {
            let text: String
            switch (sql, file) {
            case (let query?, _): text = query
            case (_, "-"?): text = try QueryText.readStandardInput()
            case (_, let path?): text = try QueryText.read(path: path)
            default: return
            }
            let registry = try registryOptions.open()
            let replaced = try registry.write { db in
                try SavedReportRepository(db).save(name: name, sql: text, description: description)
            }
            OutputStream.standardError.write("\(replaced ? "replaced" : "saved") report \(name)\n")
        }
    }
}
