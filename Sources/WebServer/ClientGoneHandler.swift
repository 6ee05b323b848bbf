// A client that closes its connection while its request runs is gone: its query should stop and
// its place in the waiting line be freed. Hummingbird keeps a connection open after the client's
// side closes (remote half-closure), so nothing else would notice before the answer is written.
// Like nginx, which ends a request whose client closed first (its status 499), the server closes
// the connection as soon as the client's side ends; a client that half-closes and then waits for
// its answer does not get one.
import NIOCore

final class ClientGoneHandler: ChannelInboundHandler, RemovableChannelHandler, Sendable {
    typealias InboundIn = NIOAny

    /// Called once the connection has closed: a request of it that waits for a reader leaves
    /// the line at once (ReaderScheduler.sweep), one registration per connection.
    let onGone: @Sendable () -> Void

    init(onGone: @escaping @Sendable () -> Void) { self.onGone = onGone }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let event = event as? ChannelEvent, event == .inputClosed {
            context.close(promise: nil)
            return
        }
        context.fireUserInboundEventTriggered(event)
    }

    func channelInactive(context: ChannelHandlerContext) {
        onGone()
        context.fireChannelInactive()
    }
}
