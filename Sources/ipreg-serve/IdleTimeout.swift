// `--idle-timeout`: a connection that has sent no complete request head for so long is closed,
// counted from its start and from the moment the answer to its last request was written out.
// While an answer is being written, the client must take some of it every `sendTimeout` (six
// idle timeouts, one minute by default, as nginx's send_timeout). Hummingbird's own idle timeout
// counts from when an answer is handed to NIO, so it cut off a client that reads a large answer
// slower than the timeout; and it never closes a client that stops reading mid-answer.
import Hummingbird
import HummingbirdCore
import NIOCore

final class IdleTimeout: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTP1Channel.Value.InboundPart
    typealias InboundOut = HTTP1Channel.Value.InboundPart
    typealias OutboundIn = HTTP1Channel.Value.OutboundPart
    typealias OutboundOut = HTTP1Channel.Value.OutboundPart

    private let idleTimeout: TimeAmount
    /// Progress is seen only when NIO hands bytes to the kernel, which waits until a good part of
    /// its send buffer (megabytes) is free: a slow but steady reader takes seconds between them.
    private let sendTimeout: TimeAmount
    /// Requests whose head has come and whose answer is not handed to NIO yet. While one is and
    /// no answer is being written, no clock runs: the query's own time limit bounds it.
    private var inProgress = 0
    /// Answers begun and not yet written out.
    private var sending = 0
    /// Bytes of answers written out so far, counted as each part's write completes.
    private var delivered = 0
    /// The bytes NIO held, and those written out, when the clock was last set while sending: a
    /// large part shows progress in the first, a stream of small ones in the second.
    private var mark = (buffered: 0, delivered: 0)
    private var timer: Scheduled<Void>?

    init(_ idleTimeout: TimeAmount) {
        self.idleTimeout = idleTimeout
        sendTimeout = idleTimeout * 6
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { rearm(context) }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        disarm()
    }

    func channelActive(context: ChannelHandlerContext) {
        rearm(context)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        disarm()
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if case .head = unwrapInboundIn(data) {
            inProgress += 1
            if sending == 0 { disarm() }
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .head:
            sending += 1
            context.write(data, promise: promise)
            if sending == 1 { rearm(context) }
        case .body(let buffer):
            let size = buffer.readableBytes
            let written = promise ?? context.eventLoop.makePromise(of: Void.self)
            written.futureResult.assumeIsolated().whenSuccess { self.delivered += size }
            context.write(data, promise: written)
        case .end:
            // Hummingbird answers a head NIO could not parse (400) with no head having come up: never below 0.
            inProgress = max(0, inProgress - 1)
            // The end's promise is kept in order with the bytes before it: it completes once they are all written.
            let written = promise ?? context.eventLoop.makePromise(of: Void.self)
            written.futureResult.assumeIsolated().whenComplete { _ in
                self.sending -= 1
                if context.channel.isActive { self.rearm(context) }
            }
            context.write(data, promise: written)
        }
    }

    /// Sets the clock for what the connection is doing: sending, waiting for a head, or neither.
    /// While sending, the clock runs `delay` (the send timeout unless said) before it looks for progress.
    private func rearm(_ context: ChannelHandlerContext, after delay: TimeAmount? = nil) {
        disarm()
        if sending > 0 {
            mark = (Self.buffered(context), delivered)
            timer = context.eventLoop.assumeIsolated().scheduleTask(in: delay ?? sendTimeout) {
                self.timer = nil
                let progressed = Self.buffered(context) < self.mark.buffered || self.delivered > self.mark.delivered
                if self.sending == 0 || progressed { return self.rearm(context) }
                self.lastKernelSend(context) { sinceThen in
                    if let sinceThen, sinceThen < self.sendTimeout, context.channel.isActive {
                        self.rearm(context, after: self.sendTimeout - sinceThen)
                    } else {
                        context.close(promise: nil)
                    }
                }
            }
        } else if inProgress == 0 {
            timer = context.eventLoop.assumeIsolated().scheduleTask(in: idleTimeout) {
                self.timer = nil
                if self.inProgress == 0 && self.sending == 0 { context.close(promise: nil) }
            }
        }
    }

    private func disarm() {
        timer?.cancel()
        timer = nil
    }

    /// How long ago the kernel last sent the client new data (nil when it cannot say): NIO sees no
    /// progress while the kernel drains its own buffer, which a slow reader can take many seconds to do.
    private func lastKernelSend(_ context: ChannelHandlerContext, then: @escaping (TimeAmount?) -> Void) {
        guard let provider = context.channel as? any SocketOptionProvider else { return then(nil) }
        provider.getTCPInfo().assumeIsolated().whenComplete { result in
            guard case .success(let info) = result else { return then(nil) }
            then(.milliseconds(Int64(info.tcpi_last_data_sent)))
        }
    }

    private static func buffered(_ context: ChannelHandlerContext) -> Int {
        (try? context.channel.syncOptions?.getOption(.bufferedWritableBytes)) ?? 0
    }
}
