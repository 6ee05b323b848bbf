// `--access-log FILE` (`-`: standard error): one line per request, written whole with one
// write(2) under a lock so that lines of concurrent requests never interleave. The client's
// bytes (method, target) are escaped and cut, so no request can write a line of its own.
import Hummingbird
import NIOCore
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

public final class AccessLog: Sendable {
    private let descriptor: Int32
    private let lock = Mutex(())

    /// The most bytes of a request target written; the rest is left out, and `...` says so.
    static let maxTargetBytes = 400

    /// Opens `path` for appending (made if missing); `-` is standard error. Nil with the reason when it cannot be.
    public init(path: String) throws(AccessLogError) {
        if path == "-" {
            descriptor = 2
            return
        }
        let opened = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
        guard opened >= 0 else {
            throw AccessLogError(message: "cannot write the access log \(path): \(String(cString: strerror(errno)))")
        }
        descriptor = opened
    }

    deinit {
        if descriptor > 2 { close(descriptor) }
    }

    /// `TIME REMOTE METHOD TARGET STATUS BYTES MILLISECONDS`, time in UTC (ISO 8601), `-` for a
    /// remote address that is not known.
    func record(
        remote: SocketAddress?, method: String, target: String, status: Int, bytes: Int, milliseconds: Double
    ) {
        let tenths = Int((milliseconds * 10).rounded())
        let line =
            Self.timestamp() + " " + Self.describe(remote) + " " + Self.escaped(method, limit: 32) + " "
            + Self.escaped(target, limit: Self.maxTargetBytes) + " \(status) \(bytes) \(tenths / 10).\(tenths % 10)\n"
        let data = Array(line.utf8)
        lock.withLock { _ in
            var written = 0
            while written < data.count {
                let count = data[written...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
                if count < 0 && errno == EINTR { continue }
                if count <= 0 { break }
                written += count
            }
        }
    }

    /// Printable ASCII passes but for `\` and `"`; every other byte is `\xHH`. Past `limit` bytes, `...`.
    static func escaped(_ text: String, limit: Int) -> String {
        let hex = Array("0123456789abcdef".unicodeScalars)
        var out = String.UnicodeScalarView()
        for byte in text.utf8.prefix(limit) {
            if (0x21...0x7E).contains(byte) && byte != UInt8(ascii: "\\") && byte != UInt8(ascii: "\"") {
                out.append(Unicode.Scalar(byte))
            } else {
                out.append(contentsOf: ["\\", "x", hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
            }
        }
        if text.utf8.count > limit { out.append(contentsOf: "...".unicodeScalars) }
        return out.isEmpty ? "-" : String(out)
    }

    static func describe(_ address: SocketAddress?) -> String {
        guard let address, let ip = address.ipAddress, let port = address.port else { return "-" }
        return (ip.contains(":") ? "[\(ip)]" : ip) + ":\(port)"
    }

    /// Now, as `2026-12-07T10:46:35.123Z`.
    static func timestamp() -> String {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        var seconds = now.tv_sec
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func padded(_ value: Int32, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return padded(parts.tm_year + 1900, 4) + "-" + padded(parts.tm_mon + 1, 2) + "-" + padded(parts.tm_mday, 2)
            + "T" + padded(parts.tm_hour, 2) + ":" + padded(parts.tm_min, 2) + ":" + padded(parts.tm_sec, 2) + "."
            + padded(Int32(now.tv_nsec / 1_000_000), 3) + "Z"
    }
}

public struct AccessLogError: Error {
    public let message: String
}

/// Writes a line for every request the middleware and routes inside it answer (or fail to).
struct AccessLogMiddleware: RouterMiddleware {
    typealias Context = WebRequestContext

    let log: AccessLog

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let started = ContinuousClock.now
        func record(_ status: Int, _ bytes: Int) {
            let elapsed = ContinuousClock.now - started
            let milliseconds =
                Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
            log.record(
                remote: context.remoteAddress, method: request.method.rawValue, target: request.head.path ?? "",
                status: status, bytes: bytes, milliseconds: milliseconds)
        }
        do {
            let response = try await next(request, context)
            record(response.status.code, response.body.contentLength ?? 0)
            return response
        } catch {
            record(500, 0)
            throw error
        }
    }
}
