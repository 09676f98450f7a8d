import IKEWire
import Logging

/// Something inside the tunnel that answers a client's packet itself
/// instead of forwarding it: the DHCPINFORM responder (Windows asks for its
/// routes that way after connecting).
public protocol InnerPacketResponder: Sendable {
    /// What to do with `packet`, a whole IPv4 packet from `client` (the
    /// virtual address of the SA it came through).
    func handle(_ packet: UnsafeRawBufferPointer, from client: IPv4Address, logger: Logger) -> InnerPacketDisposition
}

public enum InnerPacketDisposition: Sendable, Equatable {
    /// Not for the responder: forward it as usual.
    case forward
    /// For the responder, which answers nothing (logged by it).
    case drop
    /// Send this IPv4 packet back to the client through its SA.
    case reply([UInt8])
}
