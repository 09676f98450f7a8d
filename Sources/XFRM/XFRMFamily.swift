import IKEWire

/// An address family as XFRM structures carry it (`family` fields, u16 in
/// host order): the Linux values of AF_INET and AF_INET6.
public enum XFRMFamily: UInt16, Hashable, Sendable, CustomStringConvertible {
    /// AF_INET.
    case ipv4 = 2
    /// AF_INET6.
    case ipv6 = 10

    /// The family of `address`.
    public init(of address: IPAddress) {
        switch address {
        case .v4: self = .ipv4
        case .v6: self = .ipv6
        }
    }

    /// Address length in bits, the largest prefix length.
    public var bitWidth: Int { self == .ipv4 ? 32 : 128 }

    public var description: String { self == .ipv4 ? "inet" : "inet6" }
}

/// The same family for both addresses, or an error naming `what`.
func commonFamily(_ first: IPAddress, _ second: IPAddress, _ what: String) throws(XFRMError) -> XFRMFamily {
    let family = XFRMFamily(of: first)
    guard XFRMFamily(of: second) == family else {
        throw .invalidArgument("\(what) mixes IPv4 and IPv6 (\(first), \(second))")
    }
    return family
}
