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
    /// The subnets reachable through the tunnel; both lists empty mean a
    /// full tunnel (TSr 0.0.0.0/0, and ::/0 for clients with an IPv6
    /// address). Windows routes everything into the tunnel whatever TSr
    /// says; split routes reach it by DHCPINFORM (data-plane issue).
    public var protectedSubnets: [IPv4Subnet] = []
    public var protectedSubnets6: [IPv6Subnet] = []

    /// IPv6 leak protection: the IPv6 pool is a sink. Clients that ask for
    /// IPv6 get an address from it and all of IPv6 (TSr ::/0) through the
    /// tunnel, where the data plane refuses it, so an IPv4-only tunnel does
    /// not leave a Windows client's IPv6 traffic and DNS outside it.
    public var blockIPv6 = false

    /// Whether all traffic goes through the tunnel.
    public var isFullTunnel: Bool { protectedSubnets.isEmpty && protectedSubnets6.isEmpty }

    public init() {}
}
