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

    private enum Clock {
        /// A request is being answered: its query's own time limit bounds it.
        case stopped
        /// Waiting for a request head, until then.
        case idle(NIODeadline)
        /// Writing an answer: the client must have taken some of it by then.
        case sending(NIODeadline)
    }

    private let idleTimeout: TimeAmount
    private let sendTimeout: TimeAmount
    private var clock = Clock.stopped
    /// Requests whose head has come and whose answer is not handed to NIO yet.
    private var inProgress = 0
    /// Answers begun and not yet written out.
    private var sending = 0
    /// One task at a time, at the earliest deadline set; it finds the clock moved on more often
    /// than not, and sets itself again then, instead of a task made and cancelled per request.
    private var timer: Scheduled<Void>?
    private var timerDue: NIODeadline?

    init(_ idleTimeout: TimeAmount) {
        self.idleTimeout = idleTimeout
        sendTimeout = idleTimeout * 6
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { set(.idle(.now() + idleTimeout), context) }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
    }

    func channelActive(context: ChannelHandlerContext) {
        set(.idle(.now() + idleTimeout), context)
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if case .head = unwrapInboundIn(data) {
            inProgress += 1
            if sending == 0 { clock = .stopped }
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .head:
            sending += 1
            if sending == 1 { set(.sending(.now() + sendTimeout), context) }
            context.write(data, promise: promise)
        case .body:
            context.write(data, promise: promise)
        case .end:
            // Hummingbird answers a head NIO could not parse (400) with no head having come up: never below 0.
            inProgress = max(0, inProgress - 1)
            // The end's promise is kept in order with the bytes before it: it completes once they are all written.
            let written = promise ?? context.eventLoop.makePromise(of: Void.self)
            written.futureResult.assumeIsolated().whenComplete { _ in
                self.sending = max(0, self.sending - 1)
                guard self.sending == 0 else { return }
                if self.inProgress == 0 {
                    self.set(.idle(.now() + self.idleTimeout), context)
                } else {
                    self.clock = .stopped
                }
            }
            context.write(data, promise: written)
        }
    }

    private func set(_ new: Clock, _ context: ChannelHandlerContext) {
        clock = new
        let due: NIODeadline
        switch new {
        case .stopped: return
        case .idle(let deadline), .sending(let deadline): due = deadline
        }
        if let timerDue, timerDue <= due { return }
        timer?.cancel()
        timerDue = due
        timer = context.eventLoop.assumeIsolated().scheduleTask(deadline: due) { self.fire(context) }
    }

    private func fire(_ context: ChannelHandlerContext) {
        timer = nil
        timerDue = nil
        guard context.channel.isActive else { return }
        switch clock {
        case .stopped:
            return
        case .idle(let due):
            if due > .now() { return set(clock, context) }
            context.close(promise: nil)
        case .sending(let due):
            if due > .now() { return set(clock, context) }
            lastKernelSend(context) { sinceThen in
                // Progress is seen in the kernel: NIO hands it more only when much of its send
                // buffer (megabytes) is free again, which takes a slow but steady reader seconds.
                if let sinceThen, sinceThen < self.sendTimeout, context.channel.isActive, case .sending = self.clock {
                    self.set(.sending(.now() + self.sendTimeout - sinceThen), context)
                } else if case .sending = self.clock {
                    context.close(promise: nil)
                }
            }
        }
    }

    /// How long ago the kernel last sent the client new data; nil when it cannot say.
    private func lastKernelSend(_ context: ChannelHandlerContext, then: @escaping (TimeAmount?) -> Void) {
        guard let provider = context.channel as? any SocketOptionProvider else { return then(nil) }
        provider.getTCPInfo().assumeIsolated().whenComplete { result in
            guard case .success(let info) = result else { return then(nil) }
            then(.milliseconds(Int64(info.tcpi_last_data_sent)))
        }
    }
}
