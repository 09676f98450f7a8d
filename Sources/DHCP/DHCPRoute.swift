import IKEWire

/// One classless static route for options 121 and 249 (RFC 3442; [MS-DHCPE]
/// §2.2.8 gives 249 the same format).
///
/// Which router to name: RFC 3442 only says it is "the IP address of the
/// router that should be used to reach that destination" and gives 0.0.0.0
/// no meaning (that it means "on-link" is a convention of ISC dhclient's
/// scripts, not of the RFC). Inside a tunnel every route leaves through the
/// VPN interface whatever the router says. The deployments reported to work
/// with Windows name the gateway's own address inside the tunnel: the EdgeOS
/// L2TP scripts (tested with Windows 7 and 10) put the server's PPP address
/// there, and strongSwan third-party DHCPINFORM plugins the server address.
/// So use ``DHCPInformConfiguration/serverIdentifier`` unless a client is
/// known to need something else; nothing here forces it.
public struct DHCPRoute: Hashable, Sendable, CustomStringConvertible {
    /// The destination network, with no bits set beyond ``prefixLength``.
    public let destination: IPv4Address
    /// 0...32.
    public let prefixLength: Int
    /// The next hop the client installs for the destination.
    public let router: IPv4Address

    /// - Throws: ``DHCPConfigurationError/invalidPrefixLength(_:)`` outside
    ///   0...32, ``DHCPConfigurationError/hostBitsSet(destination:prefixLength:)``
    ///   when `destination` is not the network address of its prefix.
    public init(destination: IPv4Address, prefixLength: Int, router: IPv4Address) throws(DHCPConfigurationError) {
        guard (0...32).contains(prefixLength) else { throw .invalidPrefixLength(prefixLength) }
        let mask: UInt32 = prefixLength == 0 ? 0 : ~0 << UInt32(32 - prefixLength)
        guard destination.rawValue & ~mask == 0 else {
            throw .hostBitsSet(destination: destination, prefixLength: prefixLength)
        }
        self.destination = destination
        self.prefixLength = prefixLength
        self.router = router
    }

    /// The destination descriptor (RFC 3442 §2): the prefix length, then only
    /// the significant octets of the destination, ceil(prefixLength / 8) of them.
    var destinationDescriptor: [UInt8] {
        [UInt8(prefixLength)] + destination.bytes.prefix((prefixLength + 7) / 8)
    }

    /// The descriptor followed by the router: one route as RFC 3442 lays them out.
    var classlessEncoding: [UInt8] { destinationDescriptor + router.bytes }

    public var description: String { "\(destination)/\(prefixLength) via \(router)" }
}
