// `--rejects FILE`: the invalid rows of an import as they were read, after an `error` column.
// The error comes first so that a row with missing or extra fields cannot push it out of its
// column. `-` writes them to standard output, the stream the caller gives.
import TabularFiles

final class RejectsFile {
    /// nil when the rows go to standard output.
    private let file: AtomicFile?
    private let stream: OutputStream

    init(path: String, header: [String], standardOutput: OutputStream) throws(RegistryError) {
        if path == "-" {
            file = nil
            stream = standardOutput
        } else {
            let file: AtomicFile
            do { file = try AtomicFile(path: path) } catch { throw RegistryError(error) }
            self.file = file
            stream = file.stream
        }
        stream.withBuffer { CSVEncoding.appendRow(["error"] + header, to: &$0) }
    }

    func write(_ fields: [String], error: String) {
        stream.withBuffer { CSVEncoding.appendRow([error] + fields, to: &$0) }
    }

    func commit() throws(RegistryError) {
        guard let file else { return stream.flush() }
        do { try file.commit() } catch { throw RegistryError(error) }
    }

    /// Throws the rows away; those already on standard output cannot be taken back.
    func discard() { file?.discard() }
}
