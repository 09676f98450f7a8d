/// The Internet checksum (RFC 1071): the ones' complement of the ones'
/// complement sum of 16-bit big-endian words, used by the IPv4 header
/// (RFC 791) and by UDP over a pseudo-header (RFC 768).
struct InternetChecksum {
    /// Wide enough that no datagram overflows it before folding.
    private var sum: UInt64 = 0

    /// Adds `bytes` as big-endian words. An odd count is padded with a zero
    /// octet (RFC 1071 §4.1), so only the last run added may be odd.
    mutating func add<Bytes: Collection<UInt8>>(_ bytes: Bytes) {
        var high = true
        for byte in bytes {
            sum += high ? UInt64(byte) << 8 : UInt64(byte)
            high.toggle()
        }
    }

    mutating func add(_ word: UInt16) { sum += UInt64(word) }

    mutating func add(_ address: UInt32) {
        sum += UInt64(address >> 16) + UInt64(address & 0xFFFF)
    }

    /// The value to put in a checksum field that was zero while summing.
    var checksum: UInt16 {
        var folded = sum
        while folded > 0xFFFF { folded = (folded & 0xFFFF) + (folded >> 16) }
        return ~UInt16(folded)
    }

    /// Whether data summed together with its checksum field verifies.
    var verifies: Bool { checksum == 0 }
}
