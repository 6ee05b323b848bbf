// `--output FILE` of `export` and `dashboard`: a file written complete or not at all, never the registry.
import ArgumentParser
import IPRegistry
import RegistryOutput
import TabularFiles

struct FileOutputOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Write to this file (complete or not at all) instead of standard output; - is standard output.",
            valueName: "file"))
    var output: String?

    /// Called from the command's `validate()` rather than being this group's own, which
    /// ArgumentParser would run before the registry's options are checked.
    func checkPath() throws {
        if output?.isEmpty == true { throw ValidationError("--output must name a file") }
    }

    /// The file to write, nil for standard output.
    var path: String? { output == "-" ? nil : output }

    /// Refuses to write over the registry itself (or its journal files).
    func refuse(_ registry: Registry) throws {
        if let path { try registry.refuseAsOutput(path) }
    }

    /// Hands `body` the stream to write to; a file is put in place only when `body` returns.
    func write(_ body: (OutputStream) throws -> Void) throws {
        let file = try path.map { try AtomicFile(path: $0) }
        try body(file?.stream ?? .standardOutput)
        try file?.commit()
    }
}
