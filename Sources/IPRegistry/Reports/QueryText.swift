// SQL text from a file or standard input, read with the C library (no Foundation at start-up).
import TabularFiles
#if canImport(Glibc)
import Glibc
#endif

private let systemRead = Glibc.read

public enum QueryText {
    /// The whole of file `path` as UTF-8 text (invalid bytes become U+FFFD; SQLite would refuse them anyway).
    public static func read(path: String) throws(RegistryError) -> String {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw .inputUnreadable(path: path, reason: FileSystem.lastErrorText) }
        defer { close(descriptor) }
        return try readAll(descriptor, name: path)
    }

    public static func readStandardInput() throws(RegistryError) -> String {
        try readAll(0, name: "<stdin>")
    }

    private static func readAll(_ descriptor: Int32, name: String) throws(RegistryError) -> String {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { systemRead(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw .inputUnreadable(path: name, reason: FileSystem.lastErrorText)
            }
            if count == 0 { break }
            bytes.append(contentsOf: chunk[0..<count])
            guard bytes.count <= 16 * 1024 * 1024 else {
                throw .inputUnreadable(path: name, reason: "more than 16 MiB of SQL; is this the right file?")
            }
        }
        // A byte-order mark from an editor is not SQL.
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        return String(decoding: bytes, as: UTF8.self)
    }
}
