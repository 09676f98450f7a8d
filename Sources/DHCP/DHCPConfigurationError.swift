import IKEWire

/// Why a DHCPINFORM configuration was refused. Found when the configuration is
/// built, so a running responder never meets a value it cannot encode.
public enum DHCPConfigurationError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A route prefix length outside 0...32.
    case invalidPrefixLength(Int)
    /// A route destination with bits set beyond its prefix. RFC 3442 §2 sends
    /// only the significant octets, so the client would install a different
    /// route than the one configured.
    case hostBitsSet(destination: IPv4Address, prefixLength: Int)
    /// 0.0.0.0 or 255.255.255.255 as server identifier: the client unicasts
    /// to it later (RFC 2131 §4.4.3), so it must be a real address.
    case invalidServerIdentifier(IPv4Address)
    /// A domain name that is not a DNS name: empty labels, a label over 63
    /// octets, over 255 octets in wire form (RFC 1035 §2.3.4), or characters
    /// other than printable ASCII.
    case invalidDomainName(String)
    /// A maximum message size below 576 (RFC 2131 §2) or beyond an IPv4 datagram.
    case invalidMaximumMessageSize(Int)

    public var description: String {
        switch self {
        case .invalidPrefixLength(let length): "route prefix length \(length) is not in 0...32"
        case .hostBitsSet(let destination, let length): "route \(destination)/\(length) has bits set beyond the prefix"
        case .invalidServerIdentifier(let address): "\(address) cannot be the DHCP server identifier"
        case .invalidDomainName(let name): "\"\(name)\" is not a valid domain name"
        case .invalidMaximumMessageSize(let size): "maximum DHCP message size \(size) is not in 576...65535"
        }
    }
}
