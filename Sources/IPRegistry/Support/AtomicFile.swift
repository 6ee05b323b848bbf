// An output file written under a temporary name and renamed into place when complete,
// so a failed or interrupted write never leaves a half file at the destination.
#if canImport(Glibc)
import Glibc
#endif

public final class AtomicFile {
    public let path: String
    private let temporaryPath: String
    public let stream: OutputStream
    private var finished = false

    public init(path: String) throws(RegistryError) {
        self.path = path
        let slash = path.lastIndex(of: "/")
        let folder = slash.map { String(path[..<$0]) } ?? "."
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        if FileSystem.isDirectory(path) { throw .outputUnwritable(path: path, reason: "is a directory") }
        temporaryPath = (folder.isEmpty ? "" : folder) + "/." + name + ".ipreg-\(getpid()).tmp"
        let descriptor = open(temporaryPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw .outputUnwritable(path: path, reason: FileSystem.lastErrorText) }
        stream = OutputStream(fileDescriptor: descriptor)
    }

    /// Flushes, syncs and renames the file into place.
    public func commit() throws(RegistryError) {
        stream.flush()
        if let error = stream.writeError {
            discard()
            throw .outputUnwritable(path: path, reason: String(cString: strerror(error)))
        }
        guard fsync(stream.fileDescriptor) == 0, close(stream.fileDescriptor) == 0 else {
            let reason = FileSystem.lastErrorText
            discard()
            throw .outputUnwritable(path: path, reason: reason)
        }
        finished = true
        guard rename(temporaryPath, path) == 0 else {
            let reason = FileSystem.lastErrorText
            unlink(temporaryPath)
            throw .outputUnwritable(path: path, reason: reason)
        }
    }

    /// Throws the partial file away.
    public func discard() {
        guard !finished else { return }
        finished = true
        close(stream.fileDescriptor)
        unlink(temporaryPath)
    }

    deinit { discard() }
}
