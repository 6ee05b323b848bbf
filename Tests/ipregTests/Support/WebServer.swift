// `ipreg serve` started for a test on a free loopback port, and a plain HTTP/1.1 client that sends
// exactly the bytes a test gives it (odd methods, encoded `..`), one connection per request.
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// An HTTP response as read off the socket.
struct HTTPReply {
    let status: Int
    let headers: [String: String]
    let body: String

    func header(_ name: String) -> String? { headers[name.lowercased()] }

    var json: Any? { try? JSONSerialization.jsonObject(with: Data(body.utf8)) }
}

/// A running `ipreg serve --port 0`; its first line on standard error tells the port. Stopped with
/// SIGTERM when the value goes away.
final class WebServer {
    let pid: pid_t
    let port: Int
    let firstLine: String
    let errorPipe: Int32

    init(registry: String, options: [String] = []) throws {
        var pipeEnds: [Int32] = [0, 0]
        guard pipe(&pipeEnds) == 0 else { throw POSIXError(.EMFILE) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, pipeEnds[1], 2)
        for descriptor in ((try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []).compactMap({
            Int32($0)
        })
        where descriptor > 2 {
            posix_spawn_file_actions_addclose(&actions, descriptor)
        }
        let arguments = [CLI.binary.path, "serve", "--db", registry, "--port", "0"] + options
        let argv = arguments.map { strdup($0) } + [nil]
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "IPREG_DB")
        environment["SWIFT_BACKTRACE"] = "enable=no"
        let envp = environment.map { strdup("\($0)=\($1)") } + [nil]
        defer {
            for argument in argv { free(argument) }
            for variable in envp { free(variable) }
        }
        var child = pid_t()
        let code = posix_spawn(&child, CLI.binary.path, &actions, nil, argv, envp)
        close(pipeEnds[1])
        guard code == 0 else { throw POSIXError(POSIXErrorCode(rawValue: code) ?? .EINVAL) }
        pid = child
        errorPipe = pipeEnds[0]
        // The first line: blocking reads until its newline, or the end when the server fails to start.
        var line: [UInt8] = []
        var byte: UInt8 = 0
        while read(errorPipe, &byte, 1) == 1, byte != 0x0A { line.append(byte) }
        firstLine = String(decoding: line, as: UTF8.self)
        port = firstLine.split(separator: ":").last.flatMap { Int($0.filter(\.isNumber)) } ?? 0
    }

    deinit {
        kill(pid, SIGTERM)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        close(errorPipe)
    }

    /// Stops the server with `signal` and returns its exit status (nil when a signal ended it).
    func stop(_ signal: Int32 = SIGTERM) -> Int32? {
        kill(pid, signal)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        return status & 0x7F == 0 ? (status >> 8) & 0xFF : nil
    }

    /// In English unless `headers` or the query choose: the pages speak Chinese first, and the
    /// tests written before they did read their English words.
    func get(_ target: String, method: String = "GET", headers: [String] = []) throws -> HTTPReply {
        let chosen = headers.contains { $0.lowercased().hasPrefix("accept-language:") }
        return try HTTPClient.send(
            port: port, method: method, target: target, headers: chosen ? headers : headers + ["Accept-Language: en"])
    }
}

enum HTTPClient {
    struct Failure: Error, CustomStringConvertible { let description: String }

    /// Sends one request with `Connection: close` and reads the whole reply.
    static func send(port: Int, method: String, target: String, headers: [String] = []) throws -> HTTPReply {
        // No test waits forever on a server that hangs.
        let socketDescriptor = try RawHTTP.connect(port: port, timeoutSeconds: 60)
        defer { close(socketDescriptor) }
        let request =
            "\(method) \(target) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n"
            + headers.map { $0 + "\r\n" }.joined() + "\r\n"
        RawHTTP.send(socketDescriptor, request)
        var reply: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = read(socketDescriptor, &buffer, buffer.count)
            if count <= 0 { break }
            reply += buffer[..<count]
        }
        return try parse(reply, method: method)
    }

    static func parse(_ reply: [UInt8], method: String) throws -> HTTPReply {
        let separator: [UInt8] = [13, 10, 13, 10]
        guard let end = (0..<max(reply.count - 3, 0)).first(where: { Array(reply[$0..<$0 + 4]) == separator }) else {
            throw Failure(description: "no complete reply: \(String(decoding: reply, as: UTF8.self).prefix(200))")
        }
        let head = String(decoding: reply[..<end], as: UTF8.self).components(separatedBy: "\r\n")
        let status = head.first.flatMap { $0.split(separator: " ").dropFirst().first.flatMap { Int($0) } } ?? 0
        var headers: [String: String] = [:]
        for line in head.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(
                in: .whitespaces)
        }
        var body = Array(reply[(end + 4)...])
        if headers["transfer-encoding"]?.lowercased() == "chunked" { body = dechunk(body) }
        return HTTPReply(status: status, headers: headers, body: String(decoding: body, as: UTF8.self))
    }

    static func dechunk(_ data: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        var index = 0
        while index < data.count {
            guard let lineEnd = (index..<data.count - 1).first(where: { data[$0] == 13 && data[$0 + 1] == 10 }) else {
                break
            }
            let size =
                Int(String(decoding: data[index..<lineEnd], as: UTF8.self).split(separator: ";").first ?? "", radix: 16)
                ?? 0
            if size == 0 { break }
            let start = lineEnd + 2
            out += data[start..<min(start + size, data.count)]
            index = start + size + 2
        }
        return out
    }
}

/// Requests written byte for byte on a socket of their own, for what HTTPClient will not send
/// (no Host, two, pipelined requests, heads that never end).
enum RawHTTP {
    enum Reading: Equatable {
        /// Everything up to the server's end of the connection.
        case closed([UInt8])
        /// What came before the receive timeout passed with the connection still open.
        case timedOut([UInt8])
    }

    static func connect(port: Int, timeoutSeconds: Int = 60, receiveBuffer: Int32? = nil) throws -> Int32 {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw HTTPClient.Failure(description: "socket failed: \(errno)") }
        if var size = receiveBuffer {
            setsockopt(descriptor, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        }
        var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            close(descriptor)
            throw HTTPClient.Failure(description: "cannot connect to 127.0.0.1:\(port)")
        }
        return descriptor
    }

    /// Writes all of `text`, or as much as the server reads before it closes.
    static func send(_ descriptor: Int32, _ text: String) {
        let bytes = Array(text.utf8)
        var sent = 0
        while sent < bytes.count {
            let count = bytes[sent...].withUnsafeBytes {
                Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
            }
            guard count > 0 else { break }
            sent += count
        }
    }

    /// Reads until the server closes the connection; with `pauseMicroseconds`, a slow client that
    /// waits so long after each read of at most 64 KiB.
    static func read(_ descriptor: Int32, pauseMicroseconds: UInt32 = 0) -> Reading {
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = recv(descriptor, &buffer, buffer.count, 0)
            if count > 0 {
                bytes += buffer[..<count]
                if pauseMicroseconds > 0 { usleep(pauseMicroseconds) }
            } else if count == 0 || errno == ECONNRESET {
                return .closed(bytes)
            } else if errno != EINTR {
                return .timedOut(bytes)
            }
        }
    }

    /// Sends `request` on a new connection and reads every reply until the server closes it.
    static func exchange(port: Int, _ request: String) throws -> [HTTPReply] {
        let descriptor = try connect(port: port)
        defer { close(descriptor) }
        send(descriptor, request)
        guard case .closed(let bytes) = read(descriptor) else {
            throw HTTPClient.Failure(description: "the server kept the connection open")
        }
        return try replies(bytes)
    }

    /// The replies in `bytes`, one after another, each as long as its Content-Length says.
    static func replies(_ bytes: [UInt8]) throws -> [HTTPReply] {
        var replies: [HTTPReply] = []
        var rest = bytes[...]
        let separator: [UInt8] = [13, 10, 13, 10]
        while !rest.isEmpty {
            guard let end = rest.indices.first(where: { rest[$0...].starts(with: separator) }) else {
                throw HTTPClient.Failure(
                    description: "an incomplete reply: \(String(decoding: rest.prefix(200), as: UTF8.self))")
            }
            let head = try HTTPClient.parse(Array(rest[..<(end + 4)]), method: "GET")
            let length = Int(head.header("content-length") ?? "0") ?? 0
            let bodyEnd = min(end + 4 + length, rest.endIndex)
            replies.append(
                HTTPReply(
                    status: head.status, headers: head.headers,
                    body: String(decoding: rest[(end + 4)..<bodyEnd], as: UTF8.self)))
            rest = rest[bodyEnd...]
        }
        return replies
    }
}
