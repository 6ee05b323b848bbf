// The process's standard output and standard error, owned by the command line: the library
// writes only to the streams it is handed (RowPrinter, Importer, the exporters).
import TabularFiles

extension OutputStream {
    /// Buffered: flushed when full, before an error is printed, and at exit.
    nonisolated(unsafe) static let standardOutput = OutputStream(fileDescriptor: 1)
    /// Unbuffered, so that a message is out before anything that follows it.
    nonisolated(unsafe) static let standardError = OutputStream(fileDescriptor: 2, flushThreshold: 0)
}
