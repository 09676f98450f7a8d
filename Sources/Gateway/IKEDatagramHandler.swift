import DataPlane
import IKEEngine
import IKEWire
import Logging
import NIOCore
import NIOEndpoint

/// Receives UDP datagrams on one local address and port and hands IKE
/// messages to the server. On the NAT-T port (RFC 3948 §2.2) an IKE message
/// follows a four-octet zero non-ESP marker; anything else there is ESP for
/// the data plane, or a one-octet 0xFF NAT keepalive, which needs no answer.
final class IKEDatagramHandler: ChannelInboundHandler, Sendable {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>

    let local: Endpoint
    let natTraversal: Bool
    let deliver: @Sendable (InboundDatagram) -> Void
    /// The data plane, for ESP in UDP; nil drops it.
    let dataPlane: (any DataPlane)?
    let logger: Logger

    init(local: Endpoint, natTraversal: Bool, dataPlane: (any DataPlane)?, logger: Logger,
         deliver: @escaping @Sendable (InboundDatagram) -> Void) {
        self.local = local
        self.natTraversal = natTraversal
        self.dataPlane = dataPlane
        self.logger = logger
        self.deliver = deliver
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var envelope = unwrapInboundIn(data)
        guard let remote = Endpoint(envelope.remoteAddress) else { return }
        if natTraversal {
            let view = envelope.data.readableBytesView
            if view.count == 1, view.first == 0xFF { return }  // NAT keepalive (RFC 3948 §2.3)
            guard view.count >= 4, view.prefix(4).allSatisfy({ $0 == 0 }) else {
                // ESP in UDP: decrypted in place, on this event loop.
                guard let dataPlane else {
                    logger.trace("ESP datagram dropped: no data plane", metadata: ["peer": "\(remote)"])
                    return
                }
                envelope.data.withUnsafeMutableReadableBytes { dataPlane.receiveEncapsulated($0, from: remote, local: local) }
                return
            }
            envelope.data.moveReaderIndex(forwardBy: 4)
        }
        deliver(InboundDatagram(local: local, remote: remote, message: Array(envelope.data.readableBytesView)))
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // ICMP errors and the like surface here; the socket stays open.
        logger.debug("socket error on \(local): \(error)")
    }
}
