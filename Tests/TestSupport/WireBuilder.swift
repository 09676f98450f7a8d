// An independent, deliberately naive byte builder for test fixtures. It
// follows the RFC 7296 §3 diagrams directly and shares no code with the codec,
// so a fixture built with it checks the decoder rather than echoing the encoder.

public func be16(_ value: Int) -> [UInt8] { [UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)] }
public func be32(_ value: UInt32) -> [UInt8] { [24, 16, 8, 0].map { UInt8(value >> UInt32($0) & 0xFF) } }
public func be64(_ value: UInt64) -> [UInt8] { [56, 48, 40, 32, 24, 16, 8, 0].map { UInt8(value >> UInt64($0) & 0xFF) } }

public enum Wire {
    /// A generic payload: next payload, critical flag, length, body (RFC 7296 §3.2).
    public static func payload(next: UInt8, critical: Bool = false, _ body: [UInt8]) -> [UInt8] {
        [next, critical ? 0x80 : 0] + be16(body.count + 4) + body
    }

    /// An IKE header (RFC 7296 §3.1) for a message of `bodyLength` payload octets.
    public static func header(spiI: UInt64, spiR: UInt64, next: UInt8, exchange: UInt8, flags: UInt8, messageID: UInt32, bodyLength: Int, version: UInt8 = 0x20) -> [UInt8] {
        be64(spiI) + be64(spiR) + [next, version, exchange, flags] + be32(messageID) + be32(UInt32(28 + bodyLength))
    }

    /// A transform substructure (RFC 7296 §3.3.2), optionally with a TV Key Length.
    public static func transform(last: Bool, type: UInt8, id: Int, keyLength: Int? = nil) -> [UInt8] {
        let attributes = keyLength.map { [0x80, 14] + be16($0) } ?? []
        return [last ? 0 : 3, 0] + be16(8 + attributes.count) + [type, 0] + be16(id) + attributes
    }

    /// A proposal substructure (RFC 7296 §3.3.1).
    public static func proposal(last: Bool, number: UInt8, protocolID: UInt8, spi: [UInt8] = [], transforms: [[UInt8]]) -> [UInt8] {
        let body = transforms.joined()
        return [last ? 0 : 2, 0] + be16(8 + spi.count + body.count) + [number, protocolID, UInt8(spi.count), UInt8(transforms.count)] + spi + body
    }

    /// A Notify body (RFC 7296 §3.10).
    public static func notify(type: Int, protocolID: UInt8 = 0, spi: [UInt8] = [], data: [UInt8] = []) -> [UInt8] {
        [protocolID, UInt8(spi.count)] + be16(type) + spi + data
    }
}

/// A fixed-seed generator, so mutation tests are reproducible.
public struct SplitMix64: RandomNumberGenerator {
    public var state: UInt64
    public init(state: UInt64) { self.state = state }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// The Internet checksum (RFC 1071) written out, for tests that check IPv4,
/// UDP, TCP and ICMP packets independently of the code under test: 16-bit
/// words summed in 32 bits, the carries folded back, the result complemented.
public func internetChecksum<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> UInt16 {
    let octets = Array(bytes)
    var sum: UInt32 = 0
    for i in stride(from: 0, to: octets.count, by: 2) {
        sum += UInt32(octets[i]) * 256 + (i + 1 < octets.count ? UInt32(octets[i + 1]) : 0)
    }
    while sum >> 16 != 0 { sum = (sum & 0xFFFF) + (sum >> 16) }
    return UInt16(0xFFFF - sum)
}
