import DHCP
import IKEWire
import Logging

/// The DHCPINFORM responder as the data plane's inner responder: a reply
/// goes back through the client's SA, a DHCP message it does not answer and
/// a malformed or spoofed one are dropped with a log line, anything else is
/// forwarded.
public struct DHCPInnerResponder: InnerPacketResponder {
    let responder: DHCPInformResponder

    public init(configuration: DHCPInformConfiguration) {
        responder = DHCPInformResponder(configuration: configuration)
    }

    public func handle(_ packet: UnsafeRawBufferPointer, from client: IPv4Address, logger: Logger) -> InnerPacketDisposition {
        do {
            switch try responder.handle(packet, from: client) {
            case .notForUs:
                return .forward
            case .ignored(let request):
                logger.debug("DHCP message not answered: addresses come from IKE", metadata: ["request": "\(request)"])
                return .drop
            case .answered(let reply):
                logger.info("DHCPINFORM answered", metadata: ["request": "\(reply.request)",
                                                              "options": "\(reply.includedOptions.map(\.rawValue))"])
                if !reply.omittedOptions.isEmpty {
                    logger.warning("DHCP options left out of the reply for its size limit",
                                   metadata: ["client": "\(client)", "omitted": "\(reply.omittedOptions.map(\.rawValue))",
                                              "limit": "\(reply.sizeLimit)"])
                }
                return .reply(reply.packet)
            }
        } catch {
            logger.notice("DHCP packet from a client refused", metadata: ["client": "\(client)", "reason": "\(error)"])
            return .drop
        }
    }
}
