// An output file written under a temporary name and renamed into place when complete,
// so a failed or interrupted write never leaves a half file at the destination.
// A destination that is a device or a FIFO (/dev/null, /dev/stdout on a pipe) is written
// directly: renaming a file over it would replace the device with a file. A symbolic link is
// followed, and the file it leads to is replaced, never the link.
#if canImport(Glibc)
import Glibc
#endif

public final class AtomicFile {
    public let path: String
    /// nil when writing straight to a device or FIFO.
    private let temporaryPath: String?
    /// What the finished file is renamed to: `path`, or the file a link at `path` leads to.
    private let destination: String
    public let stream: OutputStream
    private var finished = false

    public init(path: String) throws(FileWriteError) {
        self.path = path
        let destination = FileSystem.replacementTarget(path)
        self.destination = destination
        let slash = destination.lastIndex(of: "/")
        let folder = slash.map { String(destination[..<$0]) } ?? "."
        let name = slash.map { String(destination[destination.index(after: $0)...]) } ?? destination
        if FileSystem.isDirectory(path) { throw .unwritable(path: path, reason: "is a directory") }
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
        guard descriptor >= 0 else { throw .unwritable(path: path, reason: FileSystem.lastErrorText) }
        stream = OutputStream(fileDescriptor: descriptor)
    }

    /// Flushes, syncs and renames the file into place.
    public func commit() throws(FileWriteError) {
        stream.flush()
        if let error = stream.writeError {
            discard()
            throw .unwritable(path: path, reason: String(cString: strerror(error)))
        }
        guard let temporaryPath else {
            finished = true
            guard close(stream.fileDescriptor) == 0 else {
                throw .unwritable(path: path, reason: FileSystem.lastErrorText)
            }
            return
        }
        guard fsync(stream.fileDescriptor) == 0, close(stream.fileDescriptor) == 0 else {
            let reason = FileSystem.lastErrorText
            discard()
            throw .unwritable(path: path, reason: reason)
        }
        finished = true
        guard rename(temporaryPath, destination) == 0 else {
            let reason = FileSystem.lastErrorText
            unlink(temporaryPath)
            throw .unwritable(path: path, reason: reason)
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
