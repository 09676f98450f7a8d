import IKEWire

/// What the data plane reads of an inner IP packet (RFC 791, RFC 8200):
/// addresses, the transport protocol and where its header starts. Only the
/// fixed headers are parsed; IPv6 extension headers are left alone, so an
/// IPv6 packet with one has its first extension as `transport`.
struct IPPacket {
    let source: IPAddress
    let destination: IPAddress
    /// IPv4 Protocol, or the IPv6 base header's Next Header.
    let transport: UInt8
    /// Where the transport header starts.
    let headerLength: Int
    /// The length the IP header gives, never more than the buffer.
    let totalLength: Int
    /// A fragment other than the first (IPv4 offset not zero): no transport
    /// header to look at.
    let isLaterFragment: Bool

    static let tcp: UInt8 = 6
    static let udp: UInt8 = 17

    init?(_ packet: UnsafeRawBufferPointer) {
        guard let first = packet.first else { return nil }
        switch first >> 4 {
        case 4:
            let headerLength = Int(first & 0x0F) * 4
            guard headerLength >= 20, packet.count >= headerLength else { return nil }
            let totalLength = Int(packet.bigEndianUInt16(at: 2))
            guard totalLength >= headerLength, totalLength <= packet.count else { return nil }
            source = .v4(IPv4Address(rawValue: packet.bigEndianUInt32(at: 12)))
            destination = .v4(IPv4Address(rawValue: packet.bigEndianUInt32(at: 16)))
            transport = packet[9]
            self.headerLength = headerLength
            self.totalLength = totalLength
            isLaterFragment = packet.bigEndianUInt16(at: 6) & 0x1FFF != 0
        case 6:
            guard packet.count >= 40 else { return nil }
            let totalLength = 40 + Int(packet.bigEndianUInt16(at: 4))
            guard totalLength <= packet.count else { return nil }
            source = .v6(IPv6Address(high: packet.bigEndianUInt64(at: 8), low: packet.bigEndianUInt64(at: 16)))
            destination = .v6(IPv6Address(high: packet.bigEndianUInt64(at: 24), low: packet.bigEndianUInt64(at: 32)))
            transport = packet[6]
            headerLength = 40
            self.totalLength = totalLength
            isLaterFragment = false
        default:
            return nil
        }
    }

    /// ESP's Next Header for a tunnelled packet of this version (RFC 4303
    /// §2.7: IP-in-IP 4, IPv6 41).
    var espNextHeader: UInt8 {
        if case .v4 = source { 4 } else { 41 }
    }

    /// Source and destination ports of a TCP or UDP packet that carries its
    /// transport header.
    func ports(in packet: UnsafeRawBufferPointer) -> (source: UInt16, destination: UInt16)? {
        guard transport == Self.tcp || transport == Self.udp, !isLaterFragment, totalLength >= headerLength + 4 else { return nil }
        return (packet.bigEndianUInt16(at: headerLength), packet.bigEndianUInt16(at: headerLength + 2))
    }
}

extension UnsafeRawBufferPointer {
    func bigEndianUInt16(at offset: Int) -> UInt16 { UInt16(bigEndian: loadUnaligned(fromByteOffset: offset, as: UInt16.self)) }
    func bigEndianUInt32(at offset: Int) -> UInt32 { UInt32(bigEndian: loadUnaligned(fromByteOffset: offset, as: UInt32.self)) }
    func bigEndianUInt64(at offset: Int) -> UInt64 { UInt64(bigEndian: loadUnaligned(fromByteOffset: offset, as: UInt64.self)) }
}
