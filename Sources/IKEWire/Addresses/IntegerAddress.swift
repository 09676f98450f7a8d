/// An address as an unsigned integer of `bitWidth` bits, for ranges,
/// prefixes and pools, the same for both families.
public protocol IntegerAddress: Hashable, Comparable, Sendable {
    /// 32 or 128.
    static var bitWidth: Int { get }
    init(integer: UInt128)
    var integer: UInt128 { get }
}

extension IPv4Address: IntegerAddress {
    public static var bitWidth: Int { 32 }
    public init(integer: UInt128) { self.init(rawValue: UInt32(truncatingIfNeeded: integer)) }
    public var integer: UInt128 { UInt128(rawValue) }
}

extension IPv6Address: IntegerAddress {
    public static var bitWidth: Int { 128 }
    public init(integer: UInt128) { self.init(high: UInt64(truncatingIfNeeded: integer >> 64), low: UInt64(truncatingIfNeeded: integer)) }
    public var integer: UInt128 { UInt128(high) << 64 | UInt128(low) }
}

extension IntegerAddress {
    /// The prefix length if `start`...`end` is exactly one prefix, else nil.
    static func prefixLength(from start: Self, to end: Self) -> Int? {
        let span = end.integer &- start.integer
        // A prefix spans 2^k - 1 beyond its start, which has k low zero bits.
        guard start <= end, span & (span &+ 1) == 0, start.integer & span == 0 else { return nil }
        let hostBits = span == .max ? 128 : (span &+ 1).trailingZeroBitCount
        return bitWidth - hostBits
    }
}
