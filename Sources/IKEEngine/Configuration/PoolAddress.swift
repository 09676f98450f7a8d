import IKEWire

/// An address a pool or subnet can hold: integer arithmetic (from
/// IKEWire) plus parsing and conversion to either family.
public protocol PoolAddress: IntegerAddress, CustomStringConvertible {
    /// Parses the text form.
    init?(_ text: some StringProtocol)
    /// The address as either family.
    var ipAddress: IPAddress { get }
    /// The address if it is of this family.
    init?(_ address: IPAddress)
}

extension IPv4Address: PoolAddress {
    public var ipAddress: IPAddress { .v4(self) }
    public init?(_ address: IPAddress) {
        guard case .v4(let address) = address else { return nil }
        self = address
    }
}

extension IPv6Address: PoolAddress {
    public var ipAddress: IPAddress { .v6(self) }
    public init?(_ address: IPAddress) {
        guard case .v6(let address) = address else { return nil }
        self = address
    }
}

extension IPAddress {
    /// IPv4 or IPv6.
    public enum Family: String, Hashable, Sendable, CaseIterable {
        case ipv4, ipv6
    }

    public var family: Family {
        switch self {
        case .v4: .ipv4
        case .v6: .ipv6
        }
    }
}
