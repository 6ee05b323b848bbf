// An input named on the command line: a file, or `-` for standard input.
import TabularFiles

#if canImport(Glibc)
import Glibc
#endif

public final class InputFile {
    /// How messages name it: the path, or `<stdin>`.
    public let displayName: String
    public let fileDescriptor: Int32
    /// The size in bytes when known (a regular file), for progress bars.
    public let size: Int?
    private let ownsDescriptor: Bool

    public init(path: String) throws(RegistryError) {
        if path == "-" {
            displayName = "<stdin>"
            fileDescriptor = 0
            ownsDescriptor = false
        } else {
            displayName = path
            if FileSystem.isDirectory(path) { throw .inputUnreadable(path: path, reason: "is a directory") }
            let descriptor = open(path, O_RDONLY | O_CLOEXEC)
            guard descriptor >= 0 else { throw .inputUnreadable(path: path, reason: FileSystem.lastErrorText) }
            fileDescriptor = descriptor
            ownsDescriptor = true
        }
        var info = stat()
        if fstat(fileDescriptor, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG {
            size = Int(info.st_size)
        } else {
            size = nil
        }
    }

    /// An input held in memory (an upload), named `displayName` in messages: written to an unnamed
    /// temporary file, so that a workbook (read by seeking) and a text file read as from disk.
    public init(bytes: [UInt8], displayName: String) throws(RegistryError) {
        self.displayName = displayName
        let folder = getenv("TMPDIR").map { String(cString: $0) } ?? "/tmp"
        var template = Array((folder + "/ipreg-upload-XXXXXX").utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { $0.baseAddress.map { mkstemp($0) } ?? -1 }
        guard descriptor >= 0 else {
            throw .inputUnreadable(path: displayName, reason: "cannot hold the upload: \(FileSystem.lastErrorText)")
        }
        // Unlinked at once: the file lives as long as the descriptor, and nobody else can open it.
        template.withUnsafeBufferPointer { if let path = $0.baseAddress { unlink(path) } }
        _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
        var written = 0
        while written < bytes.count {
            let count = bytes.withUnsafeBytes {
                write(descriptor, $0.baseAddress?.advanced(by: written), bytes.count - written)
            }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else {
                let reason = FileSystem.lastErrorText
                close(descriptor)
                throw .inputUnreadable(path: displayName, reason: "cannot hold the upload: \(reason)")
            }
            written += count
        }
        guard lseek(descriptor, 0, SEEK_SET) == 0 else {
            let reason = FileSystem.lastErrorText
            close(descriptor)
            throw .inputUnreadable(path: displayName, reason: "cannot hold the upload: \(reason)")
        }
        fileDescriptor = descriptor
        ownsDescriptor = true
        size = bytes.count
    }

    deinit { if ownsDescriptor { close(fileDescriptor) } }

    /// Up to `count` bytes from `offset`, without moving the read position; nil when the input
    /// cannot seek (a pipe) or the read fails.
    public func bytes(count: Int, at offset: Int) -> [UInt8]? {
        var bytes = [UInt8](repeating: 0, count: count)
        let read = bytes.withUnsafeMutableBytes { pread(fileDescriptor, $0.baseAddress, count, off_t(offset)) }
        guard read >= 0 else { return nil }
        bytes.removeLast(count - read)
        return bytes
    }
}
