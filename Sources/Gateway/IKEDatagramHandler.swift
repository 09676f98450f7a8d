import IKEEngine
import IKEWire
import Logging
import NIOCore

/// Receives UDP datagrams on one local address and port and hands IKE
/// messages to the server. On the NAT-T port (RFC 3948 §2.2) an IKE message
/// follows a four-octet zero non-ESP marker; anything else there is ESP for
/// the data plane, or a one-octet 0xFF NAT keepalive, which needs no answer.
final class IKEDatagramHandler: ChannelInboundHandler, Sendable {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>

    let local: Endpoint
    let natTraversal: Bool
    let deliver: @Sendable (InboundDatagram) -> Void
    let logger: Logger

    init(local: Endpoint, natTraversal: Bool, logger: Logger, deliver: @escaping @Sendable (InboundDatagram) -> Void) {
        self.local = local
        self.natTraversal = natTraversal
        self.logger = logger
        self.deliver = deliver
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let envelope = unwrapInboundIn(data)
        guard let remote = Endpoint(envelope.remoteAddress) else { return }
        var bytes = Array(envelope.data.readableBytesView)
        if natTraversal {
            if bytes == [0xFF] { return }  // NAT keepalive (RFC 3948 §2.3)
            guard bytes.count >= 4, bytes[0..<4].allSatisfy({ $0 == 0 }) else {
                // ESP in UDP: carried by the data plane (its own issue).
                logger.trace("ESP datagram dropped: no data plane", metadata: ["peer": "\(remote)"])
                return
            }
            bytes.removeFirst(4)
        }
        deliver(InboundDatagram(local: local, remote: remote, message: bytes))
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // ICMP errors and the like surface here; the socket stays open.
        logger.debug("socket error on \(local): \(error)")
    }
}
