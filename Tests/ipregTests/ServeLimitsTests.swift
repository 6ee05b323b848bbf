// `ipreg serve`'s own defences, tried as an attacker would on loopback: option values out of range,
// request heads past the limits at every size, half-open connections by the thousand, Host values
// that name another server (DNS rebinding), the warning for a non-loopback address, and the access
// log a client must not be able to forge lines in.
import Foundation
import Testing
import WebPages

#if canImport(Glibc)
import Glibc
#endif

@Suite struct ServeLimitsTests {
    static let serverProgram = CLI.binary.deletingLastPathComponent().appendingPathComponent("ipreg-serve")

    // MARK: Option values

    @Test func numericOptionsOutsideTheirRangeAreRefusedBeforeAnythingStarts() throws {
        let folder = try TemporaryDirectory()
        let registry = folder.path("r.sqlite")
        let cases: [([String], String)] = [
            (["--port", "-1"], "--port must be from 0 to 65535"),
            (["--port", "65536"], "--port must be from 0 to 65535"),
            (["--max-rows", "-1"], "--max-rows must be from 1 to 100000000"),
            (["--max-rows", "0"], "--max-rows must be from 1 to 100000000"),
            (["--sql-time-limit", "-5"], "--sql-time-limit must be from 1 to 3600000 milliseconds"),
            (["--sql-time-limit", "99999999999999999"], "--sql-time-limit must be from 1 to 3600000 milliseconds"),
            (["--idle-timeout", "0"], "--idle-timeout must be from 1 to 3600 seconds"),
            (["--idle-timeout", "-3"], "--idle-timeout must be from 1 to 3600 seconds"),
            (["--max-connections", "0"], "--max-connections must be from 1 to 1000000"),
            (["--busy-timeout", "-1"], "--busy-timeout must be zero or more milliseconds"),
            (["--allowed-host", "attacker.example/x"], "--allowed-host attacker.example/x: must be a host name"),
            (["--allowed-host", "example.org:99999"], "--allowed-host example.org:99999: must be a host name"),
        ]
        for (options, message) in cases {
            let result = try CLI.run(["serve", "--db", registry] + options)
            #expect(result.status == 64, "\(options): \(result.stderr)")
            #expect(result.errorLines.count == 1, "\(options): \(result.stderr)")
            #expect(result.stderr.hasPrefix("error: " + message), "\(options): \(result.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: registry), "a refused option made the registry")
    }

    /// `ipreg-serve` can be run by hand: it checks the same ranges with the same words.
    @Test func theServerProgramChecksItsOwnOptions() throws {
        let registry = try TestRegistry()
        let cases: [([String], String)] = [
            (["--port", "-1"], "--port must be from 0 to 65535"),
            (["--sql-time-limit", "99999999999999999"], "--sql-time-limit must be from 1 to 3600000 milliseconds"),
            (["--max-rows", "-1"], "--max-rows must be from 1 to 100000000"),
            (["--busy-timeout", "-1"], "--busy-timeout must be from 0 to 2147483647 milliseconds"),
            (["--max-connections", "2000000"], "--max-connections must be from 1 to 1000000"),
            (["--allowed-host", "a b"], "--allowed-host a b: must be a host name"),
        ]
        for (options, message) in cases {
            let result = try CLI.run(["--db", registry.path] + options, executable: Self.serverProgram)
            #expect(result.status == 64, "\(options): \(result.stderr)")
            #expect(result.errorLines.count == 1, "\(options): \(result.stderr)")
            #expect(result.stderr.hasPrefix("error: " + message), "\(options): \(result.stderr)")
        }
    }

    @Test func theLongestTimeLimitServesQueries() throws {
        let registry = try TestRegistry()
        let server = try WebServer(registry: registry.path, options: ["--sql-time-limit", "3600000"])
        let reply = try server.get("/sql.json?sql=SELECT+1+AS+one")
        #expect(reply.status == 200, "\(reply.body)")
        #expect((reply.json as? [[String: Any]])?.first?["one"] as? Int == 1)
    }

    @Test func aTakenPortIsOneCleanErrorLine() throws {
        let registry = try TestRegistry()
        let server = try WebServer(registry: registry.path)
        let result = try CLI.run(["serve", "--db", registry.path, "--port", String(server.port)])
        #expect(result.status == 69)
        #expect(result.stderr == "error: cannot serve on 127.0.0.1:\(server.port): address already in use\n")
    }

    @Test func aHostThatDoesNotResolveIsOneCleanErrorLine() throws {
        let registry = try TestRegistry()
        let result = try CLI.run(["serve", "--db", registry.path, "--host", "nosuch.invalid", "--port", "0"])
        #expect(result.status == 69)
        #expect(result.errorLines.count == 1, "\(result.stderr)")
        #expect(result.stderr.hasPrefix("error: cannot serve on nosuch.invalid:0: no such host ("), "\(result.stderr)")
    }

    @Test func anAccessLogThatCannotBeWrittenStopsTheServerFirst() throws {
        let folder = try TemporaryDirectory()
        let registry = folder.path("r.sqlite")
        let result = try CLI.run(["serve", "--db", registry, "--access-log", folder.path("missing/access.log")])
        #expect(result.status == 73)
        #expect(result.errorLines.count == 1, "\(result.stderr)")
        #expect(result.stderr.hasPrefix("error: cannot write the access log \(folder.path("missing/access.log")):"))
        #expect(!FileManager.default.fileExists(atPath: registry))
    }

    // MARK: Request heads past the limits

    @Test func longTargetsAre414AtEverySize() throws {
        let registry = try TestRegistry()
        let server = try WebServer(registry: registry.path)
        for length in [8193, 20_000, 100_000, 1_000_000] {
            let request =
                "GET /centers?search=" + String(repeating: "a", count: length) + " HTTP/1.1\r\n"
                + "Host: 127.0.0.1:\(server.port)\r\n\r\n"
            let replies = try RawHTTP.exchange(port: server.port, request)
            #expect(replies.map(\.status) == [414], "\(length) bytes")
            Self.expectUsualRefusal(replies.first, "the request target is longer than 8192 bytes", "\(length)")
        }
        // HEAD is answered as GET would be, without the body.
        let head = try RawHTTP.exchange(
            port: server.port,
            "HEAD /" + String(repeating: "a", count: 100_000) + " HTTP/1.1\r\nHost: 127.0.0.1:\(server.port)\r\n\r\n")
        #expect(head.map(\.status) == [414] && head.first?.body == "")
        // At the limit it is served (a search that finds nothing).
        let fits = "/centers.json?search=" + String(repeating: "a", count: 8192 - 21)
        #expect(try server.get(fits).status == 200)
    }

    @Test func manyOrLargeHeadersAre431AtEverySize() throws {
        let registry = try TestRegistry()
        let server = try WebServer(registry: registry.path)
        let host = "Host: 127.0.0.1:\(server.port)\r\n"
        var heads: [(String, String)] = []
        for count in [101, 1_001, 5_000] {
            let fields = (0..<count).map { "X-Filler-\($0): v\r\n" }.joined()
            heads.append(("\(count) fields", "GET / HTTP/1.1\r\n" + host + fields + "\r\n"))
        }
        for size in [16_400, 100_000, 1_000_000] {
            heads.append(
                (
                    "one field of \(size) bytes",
                    "GET / HTTP/1.1\r\n" + host + "X-Big: " + String(repeating: "b", count: size) + "\r\n\r\n"
                ))
        }
        for (name, request) in heads {
            let replies = try RawHTTP.exchange(port: server.port, request)
            #expect(replies.map(\.status) == [431], "\(name)")
            Self.expectUsualRefusal(
                replies.first, "the request headers are larger than 16384 bytes or 100 fields", name)
        }
    }

    /// A refused head is answered in its turn, after the requests before it on the connection.
    @Test func aRefusedHeadIsAnsweredAfterTheRequestsBeforeIt() throws {
        let registry = try TestRegistry()
        let server = try WebServer(registry: registry.path)
        let host = "Host: 127.0.0.1:\(server.port)\r\n"
        let request =
            "GET /centers.json HTTP/1.1\r\n" + host + "\r\n" + "GET /" + String(repeating: "a", count: 100_000)
            + " HTTP/1.1\r\n" + host + "\r\n"
        let replies = try RawHTTP.exchange(port: server.port, request)
        #expect(replies.map(\.status) == [200, 414])
        #expect(replies.last?.header("connection") == "close")
    }

    /// A body is skipped by its Content-Length, not read as the next request's head.
    @Test func aBodyIsNotTakenForTheNextHead() throws {
        let registry = try TestRegistry()
        let server = try WebServer(registry: registry.path)
        let host = "Host: 127.0.0.1:\(server.port)\r\n"
        let request =
            "POST /centers HTTP/1.1\r\n" + host + "Content-Length: 20000\r\n\r\n"
            + String(repeating: "b", count: 20_000) + "GET /centers.json HTTP/1.1\r\n" + host
            + "Connection: close\r\n\r\n"
        let replies = try RawHTTP.exchange(port: server.port, request)
        #expect(replies.map(\.status) == [405, 200])
    }

    static func expectUsualRefusal(_ reply: HTTPReply?, _ message: String, _ context: String) {
        #expect(reply?.header("content-type") == "text/html; charset=utf-8", "\(context)")
        #expect(reply?.header("content-security-policy")?.contains("default-src 'none'") == true, "\(context)")
        #expect(reply?.body.contains(message) == true, "\(context): \(reply?.body.prefix(200) ?? "no reply")")
    }

    // MARK: Slow and half-open connections

    @Test func aHalfSentRequestIsClosedAfterTheIdleTimeout() throws {
        let registry = try TestRegistry()
        let server = try WebServer(registry: registry.path, options: ["--idle-timeout", "1"])
        let socket = try RawHTTP.connect(port: server.port)
        defer { close(socket) }
        RawHTTP.send(socket, "GET /centers HTTP/1.1\r\nHost: 127.0.0.1:\(server.port)\r\n")
        // EOF, not the receive timeout: the server closed it, and said nothing.
        #expect(RawHTTP.read(socket) == .closed([]))
    }

    @Test func anIdleConnectionBetweenRequestsIsClosed() throws {
        let registry = try TestRegistry()
        let server = try WebServer(registry: registry.path, options: ["--idle-timeout", "1"])
        let socket = try RawHTTP.connect(port: server.port)
        defer { close(socket) }
        RawHTTP.send(socket, "GET /centers.json HTTP/1.1\r\nHost: 127.0.0.1:\(server.port)\r\n\r\n")
        guard case .closed(let bytes) = RawHTTP.read(socket) else {
            Issue.record("the connection was still open past the idle timeout")
            return
        }
        #expect(try RawHTTP.replies(bytes).map(\.status) == [200])
    }

    /// About 11 MB of JSON: more than the kernel's buffers hold, so that writing it takes as long as the client reads.
    static let largeAnswer =
        "/sql.json?sql="
        + ServeTests.encoded(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000) "
                + "SELECT i, printf('%090d', i) AS pad FROM n")

    static func largeAnswerServer(_ registry: TestRegistry) throws -> WebServer {
        try WebServer(
            registry: registry.path,
            options: ["--idle-timeout", "1", "--max-rows", "1000000", "--sql-time-limit", "600000"])
    }

    /// A client that reads a large answer slower than the idle timeout gets all of it: the clock
    /// starts when the answer is written out, not when it is handed over.
    @Test func aSlowReaderGetsTheWholeAnswer() throws {
        let registry = try TestRegistry()
        let server = try Self.largeAnswerServer(registry)
        let socket = try RawHTTP.connect(port: server.port, receiveBuffer: 8192)
        defer { close(socket) }
        RawHTTP.send(
            socket,
            "GET \(Self.largeAnswer) HTTP/1.1\r\nHost: 127.0.0.1:\(server.port)\r\nConnection: close\r\n\r\n")
        // Some 8 KiB every 3 ms: about 4 s for the answer, four idle timeouts.
        guard case .closed(let bytes) = RawHTTP.read(socket, pauseMicroseconds: 3000) else {
            Issue.record("the answer did not end")
            return
        }
        let replies = try RawHTTP.replies(bytes)
        #expect(replies.map(\.status) == [200])
        let length = Int(replies.first?.header("content-length") ?? "") ?? -1
        #expect(length > 8_000_000 && replies.first?.body.utf8.count == length, "cut at \(bytes.count) bytes")
    }

    /// A client that stops reading an answer is closed once nothing has gone to it for six idle
    /// timeouts: it holds no connection, nor the answer's memory, for long.
    @Test func aClientThatStopsReadingIsClosed() throws {
        let registry = try TestRegistry()
        let server = try Self.largeAnswerServer(registry)
        let socket = try RawHTTP.connect(port: server.port, receiveBuffer: 8192)
        defer { close(socket) }
        RawHTTP.send(
            socket,
            "GET \(Self.largeAnswer) HTTP/1.1\r\nHost: 127.0.0.1:\(server.port)\r\nConnection: close\r\n\r\n")
        // The answer has begun; then nothing is read for 8 s, past the send timeout of 6 s: a pause is the test.
        var first = [UInt8](repeating: 0, count: 100)
        #expect(recv(socket, &first, first.count, 0) > 0)
        usleep(8_000_000)
        guard case .closed(let bytes) = RawHTTP.read(socket) else {
            Issue.record("the connection was still open")
            return
        }
        #expect(bytes.count < 8_000_000, "the server waited for the client: \(bytes.count) bytes")
    }

    /// 1,100 connections that sent a request line and no more, held open, against a server whose
    /// open-file limit is the common 1024: pages are answered again within 20 s (the receive timeout).
    @Test func pagesAnswerWhileThousandsOfHalfOpenConnectionsAreHeld() throws {
        let registry = try TestRegistry()
        let server = try WebServer(registry: registry.path, options: ["--idle-timeout", "2"])
        let folder = try TemporaryDirectory()
        let limited = try Spawned(
            ["--pid", String(server.pid), "--nofile=1024:1024"], executable: URL(fileURLWithPath: "/usr/bin/prlimit"),
            outputFolder: folder.url
        ).wait(timeout: 30)
        #expect(limited.status == 0, "prlimit: \(limited)")
        var held: [Int32] = []
        defer { for socket in held { close(socket) } }
        for _ in 0..<1100 {
            let socket = try RawHTTP.connect(port: server.port)
            held.append(socket)
            RawHTTP.send(socket, "GET /centers HTTP/1.1\r\n")
        }
        let socket = try RawHTTP.connect(port: server.port, timeoutSeconds: 20)
        defer { close(socket) }
        RawHTTP.send(
            socket, "GET /centers.json HTTP/1.1\r\nHost: 127.0.0.1:\(server.port)\r\nConnection: close\r\n\r\n")
        guard case .closed(let bytes) = RawHTTP.read(socket) else {
            Issue.record("no answer within 20 s while 1,100 half-open connections were held")
            return
        }
        #expect(try RawHTTP.replies(bytes).map(\.status) == [200])
    }

    // MARK: Host

    @Test func hostsThatNameAnotherServerAreRefused() throws {
        let registry = try CenterSupport.registry()
        let server = try WebServer(registry: registry.path)
        let port = server.port
        let other = port == 65535 ? 65534 : port + 1
        let cases: [([String], Int)] = [
            (["Host: 127.0.0.1:\(port)"], 200),
            (["Host: localhost:\(port)"], 200),
            (["Host: LOCALHOST:\(port)"], 200),
            (["Host: [::1]:\(port)"], 200),
            (["Host: attacker.example"], 421),
            (["Host: attacker.example:\(port)"], 421),
            (["Host: 127.0.0.1.attacker.example:\(port)"], 421),
            (["Host: localhost.attacker.example:\(port)"], 421),
            (["Host: localhost:\(other)"], 421),
            (["Host: 127.0.0.1"], 421),
            (["Host: [::2]:\(port)"], 421),
            ([], 400),
            (["Host: "], 400),
            (["Host: 127.0.0.1:\(port)", "Host: 127.0.0.1:\(port)"], 400),
            (["Host: 127.0.0.1:\(port)", "Host: attacker.example"], 400),
            (["Host: local host:\(port)"], 400),
            (["Host: localhost:\(port)x"], 400),
        ]
        for (headers, status) in cases {
            let request =
                "GET /sql.json?sql=SELECT+code+FROM+centers HTTP/1.1\r\n" + headers.map { $0 + "\r\n" }.joined()
                + "Connection: close\r\n\r\n"
            let replies = try RawHTTP.exchange(port: port, request)
            #expect(replies.map(\.status) == [status], "\(headers)")
            if status != 200 {
                #expect(replies.first?.body.contains("PC-BJ") == false, "\(headers) read the registry")
            } else {
                #expect(replies.first?.body.contains("PC-BJ") == true, "\(headers)")
            }
        }
    }

    @Test func allowedHostNamesAreAnswered() throws {
        let registry = try TestRegistry()
        let server = try WebServer(
            registry: registry.path,
            options: ["--allowed-host", "registry.example", "--allowed-host", "Proxy.Example:8443"])
        let port = server.port
        let cases: [(String, Int)] = [
            ("registry.example:\(port)", 200), ("REGISTRY.example:\(port)", 200),
            ("registry.example:\(port == 65535 ? 65534 : port + 1)", 421), ("proxy.example:8443", 200),
            ("proxy.example", port == 80 ? 200 : 421), ("registry.example.attacker.example:\(port)", 421),
        ]
        for (host, status) in cases {
            let replies = try RawHTTP.exchange(
                port: port, "GET /centers.json HTTP/1.1\r\nHost: \(host)\r\nConnection: close\r\n\r\n")
            #expect(replies.map(\.status) == [status], "\(host)")
        }
    }

    /// The rule for a server bound elsewhere than loopback, where no test listens.
    @Test func theBoundAndReachedAddressesAreTheServersNames() {
        let lan = HostRule(boundHost: "192.168.1.5", allowedHosts: [])
        #expect(lan.accepts("192.168.1.5:8080", port: 8080, localAddress: "192.168.1.5"))
        #expect(!lan.accepts("192.168.1.6:8080", port: 8080, localAddress: "192.168.1.5"))
        let everywhere = HostRule(boundHost: "0.0.0.0", allowedHosts: [])
        #expect(!everywhere.accepts("0.0.0.0:8080", port: 8080, localAddress: "10.0.0.7"))
        #expect(everywhere.accepts("10.0.0.7:8080", port: 8080, localAddress: "10.0.0.7"))
        #expect(!everywhere.accepts("10.0.0.8:8080", port: 8080, localAddress: "10.0.0.7"))
        let six = HostRule(boundHost: "::", allowedHosts: ["Registry.Example"])
        #expect(six.accepts("[FE80::1]:80", port: 80, localAddress: "fe80::1"))
        #expect(six.accepts("[fe80::1]", port: 80, localAddress: "fe80::1"))
        #expect(six.accepts("registry.example", port: 80, localAddress: nil))
        #expect(!six.accepts("registry.example:8080", port: 80, localAddress: nil))
        #expect(!six.accepts("fe80::1", port: 80, localAddress: "fe80::1"))
        for text in ["", "a b", "[::1", "[x]:80", "host:", "host:123456", "a..b", "-a.example", "例子.example"] {
            #expect(HostRule.Name(parsing: text) == nil, "\(text)")
        }
        #expect(HostRule.isLoopback("127.0.0.2") && HostRule.isLoopback("::1") && HostRule.isLoopback("LOCALHOST"))
        #expect(!HostRule.isLoopback("0.0.0.0") && !HostRule.isLoopback("::") && !HostRule.isLoopback("128.0.0.1"))
    }

    @Test func aNonLoopbackAddressIsWarnedAbout() throws {
        let registry = try TestRegistry()
        let server = try WebServer(registry: registry.path, options: ["--host", "0.0.0.0"])
        #expect(server.firstLine.hasPrefix("serving \(registry.path) at http://0.0.0.0:"))
        let warning = server.nextErrorLine()
        #expect(warning.hasPrefix("warning: listening on 0.0.0.0: every machine that can reach this one can read"))
        #expect(warning.contains("--allowed-host NAME"))
        // Reached at 127.0.0.1, it answers under that name.
        #expect(try server.get("/centers.json").status == 200)
    }

    @Test func theLoopbackAddressIsNotWarnedAbout() throws {
        let registry = try TestRegistry()
        let server = try WebServer(registry: registry.path, options: ["--access-log", "-"])
        #expect(try server.get("/centers.json").status == 200)
        // The next line is the request's, not a warning.
        #expect(server.nextErrorLine().contains(" GET /centers.json 200 "))
    }

    // MARK: Access log

    @Test func theAccessLogHasALinePerRequestThatNoClientCanForge() throws {
        let registry = try TestRegistry()
        let log = registry.folder.path("access.log")
        let server = try WebServer(registry: registry.path, options: ["--access-log", log])
        let port = server.port
        let json = try server.get("/centers.json")
        _ = try server.get("/centers.json", method: "HEAD")
        _ = try server.get("/nope")
        _ = try RawHTTP.exchange(
            port: port, "GET /centers HTTP/1.1\r\nHost: attacker.example\r\nConnection: close\r\n\r\n")
        // Quotes and backslashes are written escaped (NIO's parser refuses control characters and
        // bytes outside ASCII in a target before it is answered); a long target is cut.
        _ = try RawHTTP.exchange(
            port: port, "GET /x\"y\\z HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n\r\n")
        _ = try server.get("/" + String(repeating: "a", count: 1000))
        _ = try RawHTTP.exchange(
            port: port, "GET /" + String(repeating: "b", count: 9000) + " HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\n\r\n")
        let lines = try String(contentsOfFile: log, encoding: .utf8).split(
            separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.last == "", "the log ends with a line break")
        let fields = lines.dropLast().map {
            $0.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        }
        #expect(fields.count == 7, "\(lines)")
        let stamp = /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/
        for line in fields {
            #expect(line.count == 7, "\(line)")
            guard line.count == 7 else { continue }
            #expect(line[0].wholeMatch(of: stamp) != nil, "\(line[0])")
            #expect(line[1].hasPrefix("127.0.0.1:") && Int(line[1].dropFirst(10)) != nil, "\(line[1])")
            #expect(Int(line[5]) != nil && Double(line[6]) != nil, "\(line)")
        }
        guard fields.count == 7 else { return }
        #expect(fields.map { $0[2] } == ["GET", "HEAD", "GET", "GET", "GET", "GET", "GET"])
        #expect(fields.map { $0[4] } == ["200", "200", "404", "421", "404", "404", "414"])
        #expect(fields[0][3] == "/centers.json" && fields[0][5] == String(json.body.utf8.count))
        #expect(fields[1][5] == "0", "HEAD sends no body")
        #expect(fields[4][3] == "/x\\x22y\\x5cz")
        #expect(fields[5][3] == "/" + String(repeating: "a", count: 399) + "...")
        #expect(fields[6][3] == "/" + String(repeating: "b", count: 399) + "...")
    }
}

extension WebServer {
    /// The next line the server writes to standard error (a warning, or the access log's with `--access-log -`).
    func nextErrorLine() -> String {
        var line: [UInt8] = []
        var byte: UInt8 = 0
        while read(errorPipe, &byte, 1) == 1, byte != 0x0A { line.append(byte) }
        return String(decoding: line, as: UTF8.self)
    }
}
