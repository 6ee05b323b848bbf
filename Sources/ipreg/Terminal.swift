// What the terminal standard output writes to is like, when it is one.
#if canImport(Glibc)
import Glibc
#endif

enum Terminal {
    /// The width of the terminal on standard output, or nil when standard output is not one.
    static var width: Int? {
        guard isatty(1) == 1 else { return nil }
        var size = winsize()
        if ioctl(1, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        if let columns = environment("COLUMNS").flatMap(Int.init), columns > 0 { return columns }
        return 80
    }

    static var standardErrorIsTerminal: Bool { isatty(2) == 1 }
    static var standardOutputIsTerminal: Bool { isatty(1) == 1 }
    static var standardInputIsTerminal: Bool { isatty(0) == 1 }
}
