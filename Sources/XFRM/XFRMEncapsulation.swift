/// UDP encapsulation of ESP for NAT traversal (RFC 3948), XFRMA_ENCAP with
/// struct xfrm_encap_tmpl. Only UDP_ENCAP_ESPINUDP (2, <linux/udp.h>), the
/// RFC 3948 format with the non-ESP marker on IKE packets, is offered; the
/// original address (`encap_oa`, for transport-mode checksum fix-ups) stays
/// zero, as tunnel mode does not use it.
public struct XFRMEncapsulation: Hashable, Sendable, CustomStringConvertible {
    /// UDP source port of encapsulated packets (usually 4500).
    public let sourcePort: UInt16
    /// UDP destination port (4500, or the port a NAT mapped it to).
    public let destinationPort: UInt16

    public init(sourcePort: UInt16, destinationPort: UInt16) {
        self.sourcePort = sourcePort
        self.destinationPort = destinationPort
    }

    /// UDP_ENCAP_ESPINUDP in <linux/udp.h>.
    static let espInUDP: UInt16 = 2

    public var description: String { "espinudp \(sourcePort) -> \(destinationPort)" }
}
