// The limits of the web server's options and of what it accepts, in one place: `ipreg serve`
// checks its options with them before anything starts, and `ipreg-serve`, which can be run by
// hand, checks the same options again with the same words.

/// The range of each numeric option of `ipreg serve` and `ipreg-serve`, with the message that
/// names it.
public struct ServeOptionRange: Sendable {
    public let flag: String
    public let range: ClosedRange<Int>
    /// What the number counts, for the message ("milliseconds"); empty for a bare count.
    public let unit: String

    /// Why `value` is refused, nil when it is in the range.
    public func problem(_ value: Int) -> String? {
        guard !range.contains(value) else { return nil }
        let unitText = unit.isEmpty ? "" : " " + unit
        return "\(flag) must be from \(range.lowerBound) to \(range.upperBound)\(unitText)"
    }
}

public enum ServeLimits {
    public static let port = ServeOptionRange(flag: "--port", range: 0...65535, unit: "")
    /// An hour: past that a query is no page any more, and the deadline's arithmetic stays far from overflow.
    public static let sqlTimeLimit = ServeOptionRange(
        flag: "--sql-time-limit", range: 1...3_600_000, unit: "milliseconds")
    public static let maxRows = ServeOptionRange(flag: "--max-rows", range: 1...100_000_000, unit: "")
    /// SQLite takes the busy timeout as a C int.
    public static let busyTimeout = ServeOptionRange(
        flag: "--busy-timeout", range: 0...Int(Int32.max), unit: "milliseconds")
    /// How long a connection may go without a complete request head, new or between requests.
    public static let idleTimeout = ServeOptionRange(flag: "--idle-timeout", range: 1...3600, unit: "seconds")
    public static let maxConnections = ServeOptionRange(flag: "--max-connections", range: 1...1_000_000, unit: "")
    /// About the bytes of rows one response may carry: at least a kilobyte, at most a gigabyte.
    public static let maxResponseBytes = ServeOptionRange(
        flag: "--max-response-bytes", range: 1024...(1 << 30), unit: "bytes")

    /// The largest body the JSON API reads (an import's file): beyond, 413. At most a gigabyte,
    /// since the body is held in memory while the file is imported.
    public static let maxUploadBytes = ServeOptionRange(
        flag: "--max-upload-bytes", range: 1...(1 << 30), unit: "bytes")
    public static let defaultMaxUploadBytes = 50_000_000

    public static let defaultIdleTimeoutSeconds = 10
    /// Under the common descriptor limit of 1024 with room to spare for the registry, the log and the event loops.
    public static let defaultMaxConnections = 768

    /// The first problem with these option values, nil when every one is in its range.
    public static func problem(
        port: Int, sqlTimeLimit: Int, maxRows: Int, busyTimeout: Int, idleTimeout: Int, maxConnections: Int,
        maxResponseBytes: Int = WebApp.defaultMaxResponseBytes, host: String, allowedHosts: [String]
    ) -> String? {
        let checks: [(ServeOptionRange, Int)] = [
            (Self.port, port), (Self.sqlTimeLimit, sqlTimeLimit), (Self.maxRows, maxRows),
            (Self.busyTimeout, busyTimeout), (Self.idleTimeout, idleTimeout), (Self.maxConnections, maxConnections),
            (Self.maxResponseBytes, maxResponseBytes),
        ]
        for (range, value) in checks {
            if let problem = range.problem(value) { return problem }
        }
        if host.isEmpty { return "--host must name an address" }
        for name in allowedHosts where HostRule.Name(parsing: name) == nil {
            return "--allowed-host \(name): must be a host name or address, with an optional :PORT (example.org:8080)"
        }
        return nil
    }

    /// The longest request target served; a longer one is 414.
    public static let maxTargetLength = 8192
    /// The most bytes of header lines a request may send; more is 431.
    public static let maxHeaderBytes = 16384
    /// The most header lines a request may send; more is 431.
    public static let maxHeaderCount = 100
}

/// Which `Host` values the server answers (DNS rebinding: a page of any web site can make the
/// browser send requests here under its own name, so a name that is not this server's is refused).
public struct HostRule: Sendable {
    /// A host name or address as a Host header or `--allowed-host` gives it, lowercased; an IPv6
    /// address keeps its brackets.
    public struct Name: Sendable, Equatable {
        public let host: String
        public let port: Int?

        /// Nil unless `text` is `NAME` or `NAME:PORT`, NAME a DNS name, an IPv4 address or a
        /// bracketed IPv6 address, and PORT a number up to 65535. Names are compared lowercased.
        public init?(parsing text: String) {
            guard !text.isEmpty, text.unicodeScalars.allSatisfy({ $0.isASCII }) else { return nil }
            let lowered = text.lowercased()
            var hostPart = Substring(lowered)
            var portPart: Substring?
            if lowered.hasPrefix("[") {
                guard let close = lowered.firstIndex(of: "]") else { return nil }
                hostPart = lowered[...close]
                let rest = lowered[lowered.index(after: close)...]
                if !rest.isEmpty {
                    guard rest.hasPrefix(":") else { return nil }
                    portPart = rest.dropFirst()
                }
                let inside = hostPart.dropFirst().dropLast()
                guard !inside.isEmpty, inside.contains(":"),
                    inside.allSatisfy({ $0.isHexDigit || $0 == ":" || $0 == "." })
                else { return nil }
            } else {
                let pieces = lowered.split(separator: ":", omittingEmptySubsequences: false)
                guard pieces.count <= 2 else { return nil }
                hostPart = pieces[0]
                portPart = pieces.count == 2 ? pieces[1] : nil
                let labels = hostPart.split(separator: ".", omittingEmptySubsequences: false)
                guard hostPart.utf8.count <= 253,
                    labels.allSatisfy({ label in
                        !label.isEmpty && label.utf8.count <= 63 && !label.hasPrefix("-") && !label.hasSuffix("-")
                            && label.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }
                    })
                else { return nil }
            }
            if let portPart {
                guard (1...5).contains(portPart.count), portPart.allSatisfy(\.isASCII), portPart.allSatisfy(\.isNumber),
                    let number = Int(portPart), number <= 65535
                else { return nil }
                port = number
            } else {
                port = nil
            }
            host = String(hostPart)
        }
    }

    let allowed: [Name]

    /// `boundHost` is `--host`; `allowedHosts` the `--allowed-host` values (checked by ServeLimits.problem).
    public init(boundHost: String, allowedHosts: [String]) {
        var names = ["127.0.0.1", "localhost", "[::1]"].compactMap { Name(parsing: $0) }
        if let bound = Self.literal(boundHost), !Self.isWildcard(boundHost) { names.append(bound) }
        names += allowedHosts.compactMap { Name(parsing: $0) }
        allowed = names
    }

    /// True when `value`, a Host header, names this server listening on `port`, reached at the
    /// address `localAddress` (a server bound to every address answers to the one it was reached at).
    /// A name without a port means port 80.
    public func accepts(_ value: String, port: Int, localAddress: String?) -> Bool {
        if Self.isLoopbackAddress(value, port: port) { return true }
        guard let name = Name(parsing: value) else { return false }
        let asked = name.port ?? 80
        var names = allowed
        if let localAddress, let local = Self.literal(localAddress) { names.append(local) }
        return names.contains { candidate in
            candidate.host == name.host && asked == (candidate.port ?? port)
        }
    }

    /// `127.0.0.1:PORT` exactly, the name the server prints and nearly every request gives,
    /// told without the parsing and lowercasing that other names need.
    static func isLoopbackAddress(_ value: String, port: Int) -> Bool {
        let prefix = "127.0.0.1:".utf8
        let bytes = value.utf8
        guard bytes.starts(with: prefix), bytes.count <= prefix.count + 5 else { return false }
        var number = 0
        for byte in bytes.dropFirst(prefix.count) {
            guard (0x30...0x39).contains(byte) else { return false }
            number = number * 10 + Int(byte - 0x30)
        }
        return bytes.count > prefix.count && number == port
    }

    /// True for an address that only this machine can reach.
    public static func isLoopback(_ host: String) -> Bool {
        let lowered = host.lowercased()
        if lowered == "localhost" || lowered == "::1" || lowered == "[::1]" { return true }
        let octets = lowered.split(separator: ".", omittingEmptySubsequences: false)
        return octets.count == 4 && octets[0] == "127" && octets.allSatisfy { UInt8($0) != nil }
    }

    static func isWildcard(_ host: String) -> Bool { ["0.0.0.0", "::", "[::]"].contains(host) }

    /// `host` as a Host header would name it: an IPv6 address in brackets.
    static func literal(_ host: String) -> Name? {
        if host.contains(":") && !host.hasPrefix("[") { return Name(parsing: "[" + host + "]") }
        return Name(parsing: host)
    }
}
