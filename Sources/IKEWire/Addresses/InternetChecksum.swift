/// The Internet checksum (RFC 1071): the ones' complement of the ones'
/// complement sum of 16-bit big-endian words, used by the IPv4 header
/// (RFC 791), by UDP over a pseudo-header (RFC 768) and by ICMPv6 (RFC 4443
/// §2.3). Shared by the DHCP responder and the data plane.
public struct InternetChecksum: Sendable {
    /// Wide enough that no datagram overflows it before folding.
    private var sum: UInt64 = 0

    /// Adds `bytes` as big-endian words. An odd count is padded with a zero
    /// octet (RFC 1071 §4.1), so only the last run added may be odd.
    public init() {}

    public mutating func add<Bytes: Collection<UInt8>>(_ bytes: Bytes) {
        var high = true
        for byte in bytes {
            sum += high ? UInt64(byte) << 8 : UInt64(byte)
            high.toggle()
        }
    }

    public mutating func add(_ word: UInt16) { sum += UInt64(word) }

    public mutating func add(_ address: UInt32) {
        sum += UInt64(address >> 16) + UInt64(address & 0xFFFF)
    }

    /// The value to put in a checksum field that was zero while summing.
    public var checksum: UInt16 {
        var folded = sum
        while folded > 0xFFFF { folded = (folded & 0xFFFF) + (folded >> 16) }
        return ~UInt16(folded)
    }

    /// Whether data summed together with its checksum field verifies.
    public var verifies: Bool { checksum == 0 }
}
