import IKEEngine

/// A pool under `pool.named`: addresses that authorisation assigns to some
/// clients (a certificate rule's `pool`), routed and masqueraded like the
/// main pool.
///
///     pool:
///       ipv4: 198.18.0.0/24
///       named:
///         machines: {ipv4: 198.18.1.0/24}
///         contractors: {ipv4: 198.18.2.0/24, ipv6: 2001:db8:ffff:2::/64}
public struct NamedPool: Hashable, Sendable {
    public var ipv4: IPv4Subnet?
    public var ipv6: IPv6Subnet?

    /// Whether two prefixes share an address: then a lease in one would be
    /// routed as the other's.
    static func overlap<Address>(_ a: Subnet<Address>, _ b: Subnet<Address>) -> Bool {
        a.contains(b.first) || b.contains(a.first)
    }
}
