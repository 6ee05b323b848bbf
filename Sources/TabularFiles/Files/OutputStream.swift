// Buffered writing to a file descriptor: standard output, standard error, or a file. The library
// writes only to the stream it is given; the command line owns the process's standard streams.
#if canImport(Glibc)
import Glibc
#endif

public final class OutputStream {
    public let fileDescriptor: Int32
    private var buffer: [UInt8] = []
    private let flushThreshold: Int
    /// Set when a write failed (a full disk, a closed pipe); later writes are dropped.
    public private(set) var writeError: Int32?

    /// Whether what is written stays in memory (`collected`) rather than going to a file.
    private let keepsInMemory: Bool

    public init(fileDescriptor: Int32, flushThreshold: Int = 64 * 1024) {
        self.fileDescriptor = fileDescriptor
        self.flushThreshold = flushThreshold
        keepsInMemory = false
        buffer.reserveCapacity(flushThreshold + 4096)
    }

    /// A stream that keeps everything written to it in memory, for an answer sent whole (the web
    /// view's workbooks): read it back with `collected`.
    public init() {
        fileDescriptor = -1
        flushThreshold = Int.max
        keepsInMemory = true
    }

    /// Everything written so far, for a stream made with `init()`.
    public var collected: [UInt8] { keepsInMemory ? buffer : [] }

    deinit { flush() }

    public var isTerminal: Bool { isatty(fileDescriptor) == 1 }

    public func write(_ text: String) {
        var text = text
        text.withUTF8 { write(bytes: $0) }
    }

    public func write(bytes: UnsafeBufferPointer<UInt8>) {
        buffer.append(contentsOf: bytes)
        if buffer.count >= flushThreshold { flush() }
    }

    public func write(bytes: [UInt8]) {
        buffer.append(contentsOf: bytes)
        if buffer.count >= flushThreshold { flush() }
    }

    /// Appends directly into the pending buffer, for formatters that build bytes.
    public func withBuffer(_ body: (inout [UInt8]) -> Void) {
        body(&buffer)
        if buffer.count >= flushThreshold { flush() }
    }

    public func flush() {
        guard !keepsInMemory, !buffer.isEmpty else { return }
        defer { buffer.removeAll(keepingCapacity: true) }
        guard writeError == nil else { return }
        buffer.withUnsafeBytes { raw in
            guard let base = raw.baseAddress else { return }
            var offset = 0
            while offset < raw.count {
                let written = Glibc.write(fileDescriptor, base + offset, raw.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    writeError = errno
                    return
                }
                offset += written
            }
        }
    }
}
