import IKEWire
import Logging

/// Something inside the tunnel that answers a client's packet itself
/// instead of forwarding it: the DHCPINFORM responder (Windows asks for its
/// routes that way after connecting).
public protocol InnerPacketResponder: Sendable {
    /// The reply to `packet` (a whole IPv4 packet from `client`, the SA's
    /// virtual address), or nil when the packet is not for the responder and
    /// should be forwarded as usual.
    func respond(to packet: UnsafeRawBufferPointer, from client: IPv4Address, logger: Logger) -> [UInt8]?
}
