import NIOCore

/// Hands every datagram a client socket receives to the client, with the
/// socket it came in on: a reply is matched by socket, source and identifier.
final class RADIUSReplyHandler: ChannelInboundHandler, Sendable {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>

    let socket: Int
    let deliver: @Sendable (Int, SocketAddress, [UInt8]) -> Void

    init(socket: Int, deliver: @escaping @Sendable (Int, SocketAddress, [UInt8]) -> Void) {
        self.socket = socket
        self.deliver = deliver
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let envelope = unwrapInboundIn(data)
        deliver(socket, envelope.remoteAddress, Array(envelope.data.readableBytesView))
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // ICMP port unreachable and the like: the socket stays open and the
        // request times out as if the server were silent.
    }
}
