// The request head's limits, enforced on the raw bytes before NIO's HTTP decoder sees them: a
// request target longer than ServeLimits allows is 414, too many or too large header lines 431,
// at every size. (Past its own limits NIO's decoder fails the request, and Hummingbird answers a
// bare 400 with an empty body.) The refusal is handed on as a request of its own, so it is answered
// in turn, after any request before it on the connection, with the usual headers and body.
import HTTPTypes
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import WebPages

#if canImport(Glibc)
import Glibc
#endif

/// What the guard refused: the status, the method (a HEAD is answered without a body) and the
/// start of the request target, for the access log.
struct HeadRefused {
    let status: Int
    let method: String
    let target: String
}

/// Counts the bytes of each request head as they arrive; passes them on until a limit is passed,
/// then sends HeadRefused up the pipeline and drops the rest of the connection's input.
final class RequestHeadGuard: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    private enum Phase {
        case requestLine
        case headers
        /// The body of a request with a Content-Length: so many bytes pass unread.
        case body(remaining: Int)
        /// A chunked body (no method served here takes one): the rest passes to NIO's own limits.
        case passthrough
        case refused
    }

    private var phase = Phase.requestLine
    private var lineLength = 0
    private var spaces = 0
    private var targetLength = 0
    private var targetStart: [UInt8] = []
    private var method: [UInt8] = []
    private var headerBytes = 0
    private var headerCount = 0
    /// The start of the current header line, enough to read Content-Length and Transfer-Encoding.
    private var lineStart: [UInt8] = []
    private var contentLength: Int?
    private var bodyUnknown = false

    private static let keptTargetBytes = 512
    private static let keptLineBytes = 64
    private static let keptMethodBytes = 16
    /// A request line this much longer than the longest target holds no request this server takes.
    private static let requestLineSlack = 256

    private static let lineFeed: UInt8 = 0x0A
    private static let carriageReturn: UInt8 = 0x0D
    private static let space: UInt8 = 0x20

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if case .refused = phase { return }
        let buffer = unwrapInboundIn(data)
        guard let refusal = buffer.withUnsafeReadableBytes({ scan($0) }) else {
            context.fireChannelRead(data)
            return
        }
        // What came before the refused request is answered first; the rest is never read.
        if refusal.offset > 0, let slice = buffer.getSlice(at: buffer.readerIndex, length: refusal.offset) {
            context.fireChannelRead(wrapInboundOut(slice))
        }
        phase = .refused
        let refused = HeadRefused(
            status: refusal.status, method: String(decoding: method, as: UTF8.self),
            target: String(decoding: targetStart, as: UTF8.self))
        context.fireUserInboundEventTriggered(refused)
    }

    /// Follows `bytes` through heads and bodies; the refusal's status, and how many bytes came
    /// before the line that passed a limit, when one does.
    private func scan(_ bytes: UnsafeRawBufferPointer) -> (status: Int, offset: Int)? {
        guard let base = bytes.baseAddress else { return nil }
        var index = 0
        while index < bytes.count {
            switch phase {
            case .passthrough, .refused:
                return nil
            case .body(let remaining):
                let taken = min(remaining, bytes.count - index)
                index += taken
                phase = taken == remaining ? .requestLine : .body(remaining: remaining - taken)
            case .requestLine, .headers:
                let found = memchr(base + index, Int32(Self.lineFeed), bytes.count - index)
                let end = found.map { base.distance(to: UnsafeRawPointer($0)) } ?? bytes.count
                if let status = take(UnsafeRawBufferPointer(rebasing: bytes[index..<end])) {
                    return (status, index)
                }
                index = end
                if found != nil {
                    index += 1
                    if let status = endOfLine() { return (status, index) }
                }
            }
        }
        return nil
    }

    /// Takes a piece of a line of a request head (no line feed in it); the refusal's status when
    /// it passes a limit.
    private func take(_ piece: UnsafeRawBufferPointer) -> Int? {
        if case .requestLine = phase {
            for byte in piece where byte != Self.carriageReturn {
                lineLength += 1
                if byte == Self.space {
                    spaces += 1
                } else if spaces == 0 {
                    if method.count < Self.keptMethodBytes { method.append(byte) }
                } else if spaces == 1 {
                    targetLength += 1
                    if targetStart.count < Self.keptTargetBytes { targetStart.append(byte) }
                }
            }
            let tooLong =
                targetLength > ServeLimits.maxTargetLength
                || lineLength > ServeLimits.maxTargetLength + Self.requestLineSlack
            return tooLong ? 414 : nil
        }
        // The CR of a CRLF is no part of the line.
        var length = piece.count
        if length > 0 && piece[length - 1] == Self.carriageReturn { length -= 1 }
        lineLength += length
        headerBytes += length
        let kept = min(length, Self.keptLineBytes - lineStart.count)
        if kept > 0 { lineStart.append(contentsOf: piece[..<kept]) }
        return headerBytes > ServeLimits.maxHeaderBytes ? 431 : nil
    }

    private func endOfLine() -> Int? {
        defer {
            lineLength = 0
            lineStart.removeAll(keepingCapacity: true)
        }
        if case .requestLine = phase {
            // Empty lines before a request line are allowed (RFC 9112 section 2.2).
            guard lineLength > 0 else { return nil }
            phase = .headers
            headerBytes = 0
            headerCount = 0
            contentLength = nil
            bodyUnknown = false
            return nil
        }
        guard lineLength > 0 else {
            endOfHead()
            return nil
        }
        headerCount += 1
        headerBytes += 2
        if headerCount > ServeLimits.maxHeaderCount || headerBytes > ServeLimits.maxHeaderBytes { return 431 }
        readFraming()
        return nil
    }

    /// Notes the header fields that say how long a body is, so that a body is not read as the next head.
    private func readFraming() {
        let line = String(decoding: lineStart, as: UTF8.self)
        guard let colon = line.firstIndex(of: ":") else { return }
        let name = line[..<colon].lowercased()
        let value = line[line.index(after: colon)...].trimmingCharacters(in: " \t")
        if name == "transfer-encoding" {
            bodyUnknown = true
        } else if name == "content-length" {
            if lineStart.count == Self.keptLineBytes || contentLength != nil {
                bodyUnknown = true
            } else if let length = Int(value), length >= 0 {
                contentLength = length
            } else {
                bodyUnknown = true
            }
        }
    }

    private func endOfHead() {
        spaces = 0
        targetLength = 0
        targetStart.removeAll(keepingCapacity: true)
        method.removeAll(keepingCapacity: true)
        if bodyUnknown {
            phase = .passthrough
        } else if let contentLength, contentLength > 0 {
            phase = .body(remaining: contentLength)
        } else {
            phase = .requestLine
        }
    }
}

extension Substring {
    fileprivate func trimmingCharacters(in set: String) -> Substring {
        var text = self
        while let first = text.first, set.contains(first) { text.removeFirst() }
        while let last = text.last, set.contains(last) { text.removeLast() }
        return text
    }
}

/// Turns the guard's HeadRefused into a request the responder answers with the refusal: it
/// carries the status in the `:protocol` pseudo-header, which an HTTP/1 request off the wire never has.
final class HeadRefusalInjector: ChannelInboundHandler, RemovableChannelHandler {
    /// NIOHTTPTypes' HTTPRequestPart, named through the channel that carries it.
    typealias InboundIn = HTTP1Channel.Value.InboundPart
    typealias InboundOut = HTTP1Channel.Value.InboundPart

    static let marker = "ipreg-head-refused-"

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        guard let refused = event as? HeadRefused else {
            context.fireUserInboundEventTriggered(event)
            return
        }
        let method = HTTPRequest.Method(refused.method) ?? .get
        var request = HTTPRequest(method: method, scheme: nil, authority: nil, path: refused.target)
        request.headerFields[.connection] = "close"
        request.extendedConnectProtocol = Self.marker + String(refused.status)
        context.fireChannelRead(wrapInboundOut(.head(request)))
        context.fireChannelRead(wrapInboundOut(.end(nil)))
        context.fireChannelReadComplete()
    }

    /// The status of a refusal the guard made, nil for a request from the client.
    static func refusedStatus(of request: HTTPRequest) -> Int? {
        guard let value = request.extendedConnectProtocol, value.hasPrefix(marker) else { return nil }
        return Int(value.dropFirst(marker.count))
    }
}

extension NIOAsyncChannel {
    typealias InboundPart = Inbound
    typealias OutboundPart = Outbound
}

/// Hummingbird's HTTP/1 channel with the guard in front of its decoder, and the idle timeout
/// (IdleTimeout.swift) in place of Hummingbird's.
struct GuardedHTTP1Channel: ServerChildChannel {
    typealias Value = HTTP1Channel.Value

    let inner: HTTP1Channel

    init(
        responder: @escaping HTTPChannelHandler.Responder, idleTimeout: TimeAmount,
        onClientGone: @escaping @Sendable () -> Void
    ) {
        inner = HTTP1Channel(
            responder: responder,
            configuration: .init(additionalChannelHandlers: [
                HeadRefusalInjector(), IdleTimeout(idleTimeout), ClientGoneHandler(onGone: onClientGone),
            ]))
    }

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        channel.eventLoop.makeCompletedFuture {
            try channel.pipeline.syncOperations.addHandler(RequestHeadGuard())
        }.flatMap {
            inner.setup(channel: channel, logger: logger)
        }
    }

    func handle(value: Value, logger: Logger) async {
        await inner.handle(value: value, logger: logger)
    }
}
