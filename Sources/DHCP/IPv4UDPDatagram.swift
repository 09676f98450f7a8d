import IKEWire

/// An IPv4 packet carrying UDP to the DHCP server port, checked down to the
/// start of the BOOTP message.
struct IPv4UDPDatagram {
    /// The packet up to its IPv4 Total Length: octets after it (RFC 4303 TFC
    /// padding in tunnel mode, for instance) are not part of it.
    let packet: [UInt8]
    let source: IPv4Address
    let destination: IPv4Address
    /// Where the UDP payload (the BOOTP message) starts in ``packet``.
    let payloadStart: Int

    var payload: ArraySlice<UInt8> { packet[payloadStart...] }

    static let serverPort: UInt16 = 67
    static let clientPort: UInt16 = 68
    static let protocolUDP: UInt8 = 17

    /// Finds a UDP datagram to port 67 addressed to the server, or returns nil
    /// for anything else, which the data plane forwards as usual.
    ///
    /// Every packet the tunnel carries comes through here, so the nil path
    /// reads a few header octets and allocates nothing. Only a packet that is
    /// for us is copied and fully checked.
    ///
    /// Not ours: another IP version, another protocol, another port, another
    /// destination than the limited broadcast or the server identifier (a
    /// DHCP server on the company network may be reached through the tunnel
    /// like any other host), and non-first fragments, whose ports cannot be
    /// seen; reassembly belongs to the data plane, which may hand us the
    /// whole datagram instead.
    ///
    /// - Throws: ``DHCPError`` for a malformed IPv4 header (whatever it
    ///   carries: such a packet cannot be forwarded either), and for a UDP
    ///   datagram to port 67 with a bad length, checksum or More Fragments set.
    static func locate(in bytes: UnsafeRawBufferPointer, serverIdentifier: IPv4Address) throws(DHCPError) -> IPv4UDPDatagram? {
        guard let first = bytes.first else { throw .truncatedIPHeader(octets: 0) }
        guard first >> 4 == 4 else { return nil }
        guard bytes.count >= 20 else { throw .truncatedIPHeader(octets: bytes.count) }
        let headerLength = Int(first & 0x0F) * 4
        guard headerLength >= 20 else { throw .invalidIPHeaderLength(headerLength) }
        guard headerLength <= bytes.count else { throw .truncatedIPHeader(octets: bytes.count) }
        let totalLength = Int(bytes[2]) << 8 | Int(bytes[3])
        guard totalLength >= headerLength, totalLength <= bytes.count else {
            throw .invalidTotalLength(declared: totalLength, available: bytes.count)
        }
        guard bytes[9] == protocolUDP else { return nil }
        let fragmentOffset = (Int(bytes[6]) << 8 | Int(bytes[7])) & 0x1FFF
        guard fragmentOffset == 0 else { return nil }
        guard totalLength - headerLength >= 8 else { throw .truncatedUDPHeader }
        let destinationPort = UInt16(bytes[headerLength + 2]) << 8 | UInt16(bytes[headerLength + 3])
        guard destinationPort == serverPort else { return nil }
        let destination = address(bytes, at: 16)
        guard destination == .broadcast || destination == serverIdentifier else { return nil }

        // From here on the packet is for us: copy it and check everything.
        guard bytes[6] & 0x20 == 0 else { throw .fragmented }
        let packet = Array(UnsafeRawBufferPointer(rebasing: bytes[0..<totalLength]))
        var headerSum = InternetChecksum()
        headerSum.add(packet[0..<headerLength])
        guard headerSum.verifies else { throw .ipHeaderChecksum }
        let udpLength = Int(packet[headerLength + 4]) << 8 | Int(packet[headerLength + 5])
        guard udpLength == totalLength - headerLength else {
            throw .udpLengthMismatch(declared: udpLength, available: totalLength - headerLength)
        }
        let source = address(bytes, at: 12)
        // A zero UDP checksum means the sender computed none (RFC 768).
        if packet[headerLength + 6] != 0 || packet[headerLength + 7] != 0 {
            var udpSum = InternetChecksum()
            udpSum.add(source.rawValue)
            udpSum.add(destination.rawValue)
            udpSum.add(UInt16(protocolUDP))
            udpSum.add(UInt16(udpLength))
            udpSum.add(packet[headerLength...])
            guard udpSum.verifies else { throw .udpChecksum }
        }
        return IPv4UDPDatagram(packet: packet, source: source, destination: destination, payloadStart: headerLength + 8)
    }

    private static func address(_ bytes: UnsafeRawBufferPointer, at offset: Int) -> IPv4Address {
        IPv4Address(rawValue: UInt32(bytes[offset]) << 24 | UInt32(bytes[offset + 1]) << 16
                    | UInt32(bytes[offset + 2]) << 8 | UInt32(bytes[offset + 3]))
    }

    /// Builds an IPv4/UDP packet around `payload` with both checksums.
    ///
    /// DF is set and the Identification is zero: the reply is an atomic
    /// datagram (RFC 6864 §4), it goes straight into the tunnel and is never
    /// fragmented on its way. TTL 64 as RFC 1700 recommends.
    static func build(from source: IPv4Address, port sourcePort: UInt16, to destination: IPv4Address,
                      port destinationPort: UInt16, payload: [UInt8]) -> [UInt8] {
        let udpLength = 8 + payload.count
        let totalLength = 20 + udpLength
        var packet: [UInt8] = []
        packet.reserveCapacity(totalLength)
        packet += [0x45, 0, UInt8(totalLength >> 8), UInt8(totalLength & 0xFF), 0, 0, 0x40, 0, 64, protocolUDP, 0, 0]
        packet += source.bytes
        packet += destination.bytes
        var headerSum = InternetChecksum()
        headerSum.add(packet)
        let headerChecksum = headerSum.checksum
        packet[10] = UInt8(headerChecksum >> 8)
        packet[11] = UInt8(headerChecksum & 0xFF)

        packet += [UInt8(sourcePort >> 8), UInt8(sourcePort & 0xFF), UInt8(destinationPort >> 8), UInt8(destinationPort & 0xFF),
                   UInt8(udpLength >> 8), UInt8(udpLength & 0xFF), 0, 0]
        packet += payload
        var udpSum = InternetChecksum()
        udpSum.add(source.rawValue)
        udpSum.add(destination.rawValue)
        udpSum.add(UInt16(protocolUDP))
        udpSum.add(UInt16(udpLength))
        udpSum.add(packet[20...])
        // A computed zero is sent as all ones: zero means "no checksum" (RFC 768).
        let udpChecksum = udpSum.checksum == 0 ? 0xFFFF : udpSum.checksum
        packet[26] = UInt8(udpChecksum >> 8)
        packet[27] = UInt8(udpChecksum & 0xFF)
        return packet
    }
}
