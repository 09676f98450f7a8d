import ESP
import IKEEngine
import IKEWire

/// Carries the traffic of installed CHILD_SAs (DESIGN §1: a protocol with a
/// kernel and a userspace implementation).
public protocol DataPlane: Sendable {
    /// A NAT-T socket (UDP 4500 on `local`, RFC 3948) the gateway's IKE
    /// handler owns; the data plane sends ESP on it or has the kernel take
    /// ESP off it.
    func registerNATTraversalSocket(_ fd: Int32, local: Endpoint)
    /// Starts using a CHILD_SA the engine negotiated.
    func install(_ child: ChildSAParameters) throws(DataPlaneError)
    /// Stops using it; its packets are dropped from then on.
    func remove(inboundSPI: UInt32)
    /// Moves an installed CHILD_SA to another outer path: the peer's new
    /// address and port after a MOBIKE UPDATE_SA_ADDRESSES (RFC 4555 §3.5)
    /// or a NAT mapping change (RFC 7296 §2.23), and UDP encapsulation
    /// switched on or off as NAT detection found. Keys, sequence numbers
    /// and replay windows carry over. Fails, changing nothing, when no SA
    /// has this inbound SPI or the new path cannot be used.
    func update(inboundSPI: UInt32, local: Endpoint, remote: Endpoint, udpEncapsulation: Bool) throws(DataPlaneError)
    /// What the SA has carried, if it is installed.
    func counters(inboundSPI: UInt32) -> ChildSACounters?
    /// An ESP packet that arrived on a NAT-T socket (RFC 3948 §2.2: no
    /// non-ESP marker), SPI first.
    func receiveEncapsulated(_ packet: UnsafeMutableRawBufferPointer, from remote: Endpoint, local: Endpoint)
    /// Tears down the device, routes and threads.
    func stop()
}

/// Both directions' counters of one CHILD_SA.
public struct ChildSACounters: Sendable, Equatable {
    public var inbound: ESPCounters
    public var outbound: ESPCounters
}

/// What the data plane tells the gateway.
public enum DataPlaneEvent: Sendable, Equatable {
    /// A CHILD_SA crossed a soft or hard limit (`cause`: time, bytes or
    /// packets, and which direction).
    case expired(ikeSPI: UInt64, inboundSPI: UInt32, ESPExpiry, cause: String)
}
