import IKEWire

/// Address arithmetic for pools and subnets, the same for both families:
/// an address is an unsigned integer of `bitWidth` bits.
public protocol PoolAddress: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// 32 or 128.
    static var bitWidth: Int { get }
    init(integer: UInt128)
    var integer: UInt128 { get }
    /// Parses the text form.
    init?(_ text: some StringProtocol)
    /// The address as either family.
    var ipAddress: IPAddress { get }
    /// The address if it is of this family.
    init?(_ address: IPAddress)
}

extension IPv4Address: PoolAddress {
    public static var bitWidth: Int { 32 }
    public init(integer: UInt128) { self.init(rawValue: UInt32(truncatingIfNeeded: integer)) }
    public var integer: UInt128 { UInt128(rawValue) }
    public var ipAddress: IPAddress { .v4(self) }
    public init?(_ address: IPAddress) {
        guard case .v4(let address) = address else { return nil }
        self = address
    }
}

extension IPv6Address: PoolAddress {
    public static var bitWidth: Int { 128 }
    public init(integer: UInt128) { self.init(high: UInt64(truncatingIfNeeded: integer >> 64), low: UInt64(truncatingIfNeeded: integer)) }
    public var integer: UInt128 { UInt128(high) << 64 | UInt128(low) }
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
