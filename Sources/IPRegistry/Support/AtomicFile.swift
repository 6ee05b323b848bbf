// An output file written under a temporary name and renamed into place when complete,
// so a failed or interrupted write never leaves a half file at the destination.
// A destination that is a device or a FIFO (/dev/null, /dev/stdout, a pipe) is written
// directly: renaming a file over it would replace the device with a file.
#if canImport(Glibc)
import Glibc
#endif

public final class AtomicFile {
    public let path: String
    /// nil when writing straight to a device or FIFO.
    private let temporaryPath: String?
    public let stream: OutputStream
    private var finished = false

    public init(path: String) throws(RegistryError) {
        self.path = path
        let slash = path.lastIndex(of: "/")
        let folder = slash.map { String(path[..<$0]) } ?? "."
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        if FileSystem.isDirectory(path) { throw .outputUnwritable(path: path, reason: "is a directory") }
        let target: String
        if FileSystem.isSpecialFile(path) {
            temporaryPath = nil
            target = path
        } else {
            let temporary = (folder.isEmpty ? "" : folder) + "/." + name + ".ipreg-\(getpid()).tmp"
            temporaryPath = temporary
            target = temporary
        }
        let descriptor = open(target, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
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
        guard let temporaryPath else {
            finished = true
            guard close(stream.fileDescriptor) == 0 else { throw .outputUnwritable(path: path, reason: FileSystem.lastErrorText) }
            return
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
        if let temporaryPath { unlink(temporaryPath) }
    }

    deinit { discard() }
}
