// Why a file could not be written. The registry wraps it as its own error (the same words), so
// that a command says "out.csv: permission denied" whichever layer found it.
public enum FileWriteError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The path cannot be written: `reason` is the system's words, or what is wrong with the path.
    case unwritable(path: String, reason: String)
    /// What was to be written cannot be (a workbook past 4 GiB, a deflate failure).
    case invalid(String)

    public var description: String {
        switch self {
        case .unwritable(let path, let reason): return "\(path): \(reason)"
        case .invalid(let message): return message
        }
    }
}
