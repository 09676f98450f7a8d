import IKEWire

/// What the gateway tells clients about the network (CP payload, RFC 7296
/// §3.15) and which traffic their tunnel carries (traffic selectors, §2.9).
public struct NetworkPolicy: Sendable {
    /// DNS servers pushed as INTERNAL_IP4_DNS.
    public var dnsServers: [IPv4Address] = []
    /// DNS servers pushed as INTERNAL_IP6_DNS.
    public var dns6Servers: [IPv6Address] = []
    /// WINS servers pushed as INTERNAL_IP4_NBNS.
    public var nbnsServers: [IPv4Address] = []
    /// The subnets reachable through the tunnel; empty means a full tunnel
    /// (TSr 0.0.0.0/0). Windows routes everything into the tunnel whatever
    /// TSr says; split routes reach it by DHCPINFORM (data-plane issue).
    public var protectedSubnets: [IPv4Subnet] = []

    public init() {}
}

/// An IPv4 prefix such as 203.0.113.0/24.
public struct IPv4Subnet: Hashable, Sendable, CustomStringConvertible {
    /// The network address (host bits cleared).
    public let network: IPv4Address
    /// The prefix length, 0–32.
    public let prefixLength: Int

    /// Parses "203.0.113.0/24"; nil unless the prefix is 0–32. Host bits are cleared.
    public init?(_ text: some StringProtocol) {
        let parts = text.split(separator: "/")
        guard parts.count == 2, let address = IPv4Address(parts[0]), let length = Int(parts[1]), (0...32).contains(length) else { return nil }
        self.init(address, prefixLength: length)
    }

    public init(_ address: IPv4Address, prefixLength: Int) {
        self.prefixLength = max(0, min(32, prefixLength))
        network = IPv4Address(rawValue: address.rawValue & Self.mask(self.prefixLength))
    }

    /// The first and last address.
    public var first: IPv4Address { network }
    public var last: IPv4Address { IPv4Address(rawValue: network.rawValue | ~Self.mask(prefixLength)) }

    static func mask(_ length: Int) -> UInt32 { length == 0 ? 0 : UInt32.max << UInt32(32 - length) }

    public var description: String { "\(network)/\(prefixLength)" }
}
