// `--rejects FILE`: the invalid rows of an import as they were read, with an added `error` column.
final class RejectsFile {
    private let file: AtomicFile
    private let width: Int

    init(path: String, header: [String]) throws(RegistryError) {
        file = try AtomicFile(path: path)
        width = header.count
        file.stream.withBuffer { CSVEncoding.appendRow(header + ["error"], to: &$0) }
    }

    func write(_ fields: [String], error: String) {
        // A short row is padded so its error lands in the error column.
        let padded = fields.count < width ? fields + Array(repeating: "", count: width - fields.count) : fields
        file.stream.withBuffer { CSVEncoding.appendRow(padded + [error], to: &$0) }
    }

    func commit() throws(RegistryError) { try file.commit() }

    func discard() { file.discard() }
}
