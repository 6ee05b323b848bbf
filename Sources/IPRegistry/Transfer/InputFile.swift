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
