import IKEWire

/// An address prefix such as 203.0.113.0/24 or 2001:db8::/64.
public struct Subnet<Address: PoolAddress>: Hashable, Sendable, CustomStringConvertible {
    /// The network address (host bits cleared).
    public let network: Address
    /// The prefix length, 0 to the address width.
    public let prefixLength: Int

    /// Parses "203.0.113.0/24"; nil unless the address parses and the
    /// length is in range. Host bits are cleared.
    public init?(_ text: some StringProtocol) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let address = Address(parts[0]), let length = Int(parts[1]),
              (0...Address.bitWidth).contains(length) else { return nil }
        self.init(address, prefixLength: length)
    }

    public init(_ address: Address, prefixLength: Int) {
        self.prefixLength = max(0, min(Address.bitWidth, prefixLength))
        network = Address(integer: address.integer & Self.mask(self.prefixLength))
    }

    /// The first and last address.
    public var first: Address { network }
    public var last: Address { Address(integer: network.integer | ~Self.mask(prefixLength) & Self.allOnes) }

    public func contains(_ address: Address) -> Bool { first <= address && address <= last }

    private static var allOnes: UInt128 { Address.bitWidth == 128 ? .max : (UInt128(1) << Address.bitWidth) - 1 }

    private static func mask(_ length: Int) -> UInt128 {
        length == 0 ? 0 : allOnes << UInt128(Address.bitWidth - length) & allOnes
    }

    public var description: String { "\(network)/\(prefixLength)" }
}

public typealias IPv4Subnet = Subnet<IPv4Address>
public typealias IPv6Subnet = Subnet<IPv6Address>
