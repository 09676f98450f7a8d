import IKEWire
import TestSupport

/// IPv4 packets the interop tests send through the tunnel, built by hand.
enum InnerPacket {
    /// An ICMP echo request (RFC 792) with 32 octets of data.
    static func echoRequest(from source: IPv4Address, to destination: IPv4Address, identifier: UInt16, sequence: UInt16) -> [UInt8] {
        var icmp: [UInt8] = [8, 0, 0, 0, UInt8(identifier >> 8), UInt8(identifier & 0xFF), UInt8(sequence >> 8), UInt8(sequence & 0xFF)]
        icmp += (0..<32).map { UInt8($0) }
        let sum = checksum(icmp)
        icmp[2] = UInt8(sum >> 8)
        icmp[3] = UInt8(sum & 0xFF)
        return ipv4Header(protocol: 1, source: source, destination: destination, payloadLength: icmp.count) + icmp
    }

    /// Whether `packet` is the echo reply to `echoRequest(...)` with these values.
    static func isEchoReply(_ packet: [UInt8], from source: IPv4Address, to destination: IPv4Address, identifier: UInt16, sequence: UInt16) -> Bool {
        guard packet.count >= 28, packet[0] >> 4 == 4, packet[9] == 1 else { return false }
        let header = Int(packet[0] & 0x0F) * 4
        guard packet.count >= header + 8 else { return false }
        return Array(packet[12..<16]) == source.bytes && Array(packet[16..<20]) == destination.bytes && packet[header] == 0
            && Array(packet[(header + 4)..<(header + 8)]) == [UInt8(identifier >> 8), UInt8(identifier & 0xFF), UInt8(sequence >> 8), UInt8(sequence & 0xFF)]
    }

    /// A DHCPINFORM as Windows sends it through the tunnel (RFC 2131
    /// §4.4.3): from the virtual address port 68 to 255.255.255.255 port 67,
    /// `ciaddr` set, asking for routes (121, 249), DNS and the domain. The
    /// UDP checksum is 0 (none, allowed over IPv4).
    static func dhcpInform(from client: IPv4Address, transaction: UInt32) -> [UInt8] {
        var bootp: [UInt8] = [1, 1, 6, 0]
        bootp += [UInt8(transaction >> 24), UInt8(transaction >> 16 & 0xFF), UInt8(transaction >> 8 & 0xFF), UInt8(transaction & 0xFF)]
        bootp += [0, 0, 0, 0] + client.bytes + [UInt8](repeating: 0, count: 12)   // secs, flags, ciaddr, yiaddr, siaddr, giaddr
        bootp += [0x02, 0x00, 0x5E, 0x10, 0x20, 0x30] + [UInt8](repeating: 0, count: 10 + 64 + 128)  // chaddr, sname, file
        bootp += [99, 130, 83, 99]                                                  // magic cookie
        bootp += [53, 1, 8, 55, 6, 1, 3, 6, 15, 121, 249, 255]
        let length = 8 + bootp.count
        let udp: [UInt8] = [0, 68, 0, 67, UInt8(length >> 8), UInt8(length & 0xFF), 0, 0]
        return ipv4Header(protocol: 17, source: client, destination: IPv4Address(255, 255, 255, 255), payloadLength: length) + udp + bootp
    }

    /// The DHCP options of a reply packet (IPv4, UDP, BOOTP), by code.
    static func dhcpOptions(_ packet: [UInt8]) -> [UInt8: [UInt8]] {
        let start = Int(packet[0] & 0x0F) * 4 + 8 + 236 + 4
        var options: [UInt8: [UInt8]] = [:]
        var index = start
        while index + 1 < packet.count, packet[index] != 255 {
            if packet[index] == 0 { index += 1; continue }
            let length = Int(packet[index + 1])
            guard index + 2 + length <= packet.count else { break }
            options[packet[index], default: []] += packet[(index + 2)..<(index + 2 + length)]
            index += 2 + length
        }
        return options
    }

    static func ipv4Header(protocol transport: UInt8, source: IPv4Address, destination: IPv4Address, payloadLength: Int) -> [UInt8] {
        let total = 20 + payloadLength
        var header: [UInt8] = [0x45, 0, UInt8(total >> 8), UInt8(total & 0xFF), 0x12, 0x34, 0x40, 0, 64, transport, 0, 0]
        header += source.bytes + destination.bytes
        let sum = checksum(header)
        header[10] = UInt8(sum >> 8)
        header[11] = UInt8(sum & 0xFF)
        return header
    }

    static func checksum(_ bytes: [UInt8]) -> UInt16 { internetChecksum(bytes) }
}
