import IKECrypto
import IKEEngine
import IKEWire

/// `network.ipv6-leak-protection`: whether clients of an IPv4-only gateway
/// get an IPv6 address from a sink prefix and all of IPv6 into the tunnel,
/// where the data plane refuses it (see `NetworkPolicy.blockIPv6`).
enum IPv6LeakProtection: Equatable {
    /// On for a full tunnel without an IPv6 pool, with a prefix of our own.
    case automatic
    case off
    /// On, with this prefix (routed nowhere).
    case sink(IPv6Subnet)

    /// A unique local /64 (RFC 4193 §3.2: fd00::/8 and a 40-bit global ID)
    /// whose global ID comes from the gateway's identity, so it stays the
    /// same across restarts and differs between gateways. Nothing outside
    /// the tunnel ever uses it.
    static func uniqueLocalPrefix(for identity: String) -> IPv6Subnet {
        let digest = (try? Digest.sha256(Array(identity.utf8))) ?? [UInt8](repeating: 0, count: 32)
        var bytes: [UInt8] = [0xFD] + digest.prefix(5) + [0, 0]
        bytes += [UInt8](repeating: 0, count: 8)
        let network = IPv6Address(bytes: bytes) ?? IPv6Address(high: 0xFD00_0000_0000_0000, low: 0)
        return IPv6Subnet(network, prefixLength: 64)
    }
}
