import IKEWire
import TestSupport

// Hand-built DHCP packets and an independent reader for replies. Nothing
// here calls the DHCP target: fixtures are laid out byte by byte from the
// RFC 791, RFC 768 and RFC 2131 figures, so the tests check the responder
// rather than echo it.

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// A DHCPINFORM as Windows sends it through the tunnel once the CHILD_SA is
/// up (windows.md §8): from the virtual address port 68 to
/// 255.255.255.255:67, `ciaddr` = the virtual address, `giaddr` 0, a virtual
/// MAC in `chaddr`, options 53 = 8, 61 (client id), 12 (host name), 60
/// ("MSFT 5.0", as Windows' DHCP client sends it in a dnsmasq log) and 55.
/// The request list is windows.md's fixture list, itself marked [guess]:
/// no capture of a real one is available.
enum InformFixture {
    static let client = IPv4Address(10, 8, 0, 2)
    static let server = IPv4Address(10, 8, 0, 1)
    static let transactionID: UInt32 = 0x5A3C_91E7
    static let mac: [UInt8] = [0x02, 0x00, 0x4C, 0x4F, 0x4F, 0x50]
    static let hostName = "DESKTOP-7QK2L9F"
    static let windowsRequestList: [UInt8] = [1, 3, 6, 15, 31, 33, 43, 44, 46, 47, 119, 121, 249, 252]

    /// The BOOTP message. `options` replaces everything between the cookie
    /// and End when given.
    static func bootp(op: UInt8 = 1, type: UInt8 = 8, clientAddress: IPv4Address = client, flags: UInt16 = 0,
                      requestList: [UInt8] = windowsRequestList, extraOptions: [UInt8] = [],
                      options: [UInt8]? = nil, padTo length: Int = 300) -> [UInt8] {
        var message: [UInt8] = [op, 1, 6, 0]                     // op, htype Ethernet, hlen 6, hops
        message += be32(transactionID)                           // xid
        message += [0, 0] + be16(Int(flags))                     // secs, flags
        message += clientAddress.bytes                           // ciaddr
        message += [0, 0, 0, 0] + [0, 0, 0, 0] + [0, 0, 0, 0]    // yiaddr, siaddr, giaddr
        message += mac + Array(repeating: 0, count: 10)          // chaddr (16)
        message += Array(repeating: 0, count: 64 + 128)          // sname, file
        message += [99, 130, 83, 99]                             // magic cookie
        message += options ?? (
            [53, 1, type]
            + [61, 7, 1] + mac
            + [12, UInt8(hostName.utf8.count)] + Array(hostName.utf8)
            + [60, 8] + Array("MSFT 5.0".utf8)
            + [55, UInt8(requestList.count)] + requestList
            + extraOptions
            + [255])
        if message.count < length { message += Array(repeating: 0, count: length - message.count) }
        return message
    }

    /// An IPv4 header (RFC 791 §3.1, no options) and UDP header (RFC 768)
    /// around `payload`, both checksums computed here.
    static func packet(_ payload: [UInt8], from source: IPv4Address = client, to destination: IPv4Address = .broadcast,
                       sourcePort: Int = 68, destinationPort: Int = 67, flagsAndOffset: Int = 0) -> [UInt8] {
        let udpLength = 8 + payload.count
        var ip: [UInt8] = [0x45, 0x00] + be16(20 + udpLength)    // version 4, IHL 5, TOS, total length
        ip += be16(0x0C1A) + be16(flagsAndOffset)                // identification, flags, fragment offset
        ip += [128, 17] + [0, 0]                                 // TTL (Windows uses 128), UDP, checksum
        ip += source.bytes + destination.bytes
        let ipChecksum = checksum(ip)
        ip[10] = UInt8(ipChecksum >> 8)
        ip[11] = UInt8(ipChecksum & 0xFF)
        var udp = be16(sourcePort) + be16(destinationPort) + be16(udpLength) + [0, 0] + payload
        let udpChecksum = checksum(source.bytes + destination.bytes + [0, 17] + be16(udpLength) + udp)
        udp[6] = UInt8(udpChecksum >> 8)
        udp[7] = UInt8(udpChecksum & 0xFF)
        return ip + udp
    }

    /// The Windows DHCPINFORM, whole.
    static var windowsInform: [UInt8] { packet(bootp()) }

    static func checksum(_ bytes: [UInt8]) -> UInt16 { internetChecksum(bytes) }
}

/// A reply read field by field, the way a client would.
struct ParsedReply {
    let ipHeader: [UInt8]
    let source: IPv4Address
    let destination: IPv4Address
    let sourcePort: Int
    let destinationPort: Int
    let udpChecksumField: Int
    let bootp: [UInt8]
    /// Every option instance in order, padding skipped.
    let instances: [(code: UInt8, data: [UInt8])]
    let ipChecksumVerifies: Bool
    let udpChecksumVerifies: Bool

    init(_ packet: [UInt8]) throws {
        guard packet.count >= 28 + 240, packet[0] == 0x45 else { throw TestFailure("not an IPv4 packet with a BOOTP message") }
        let total = Int(packet[2]) << 8 | Int(packet[3])
        guard total == packet.count else { throw TestFailure("total length \(total) for \(packet.count) octets") }
        ipHeader = Array(packet[0..<20])
        ipChecksumVerifies = InformFixture.checksum(ipHeader) == 0
        source = IPv4Address(bytes: packet[12..<16])!
        destination = IPv4Address(bytes: packet[16..<20])!
        sourcePort = Int(packet[20]) << 8 | Int(packet[21])
        destinationPort = Int(packet[22]) << 8 | Int(packet[23])
        let udpLength = Int(packet[24]) << 8 | Int(packet[25])
        guard udpLength == packet.count - 20 else { throw TestFailure("UDP length \(udpLength)") }
        udpChecksumField = Int(packet[26]) << 8 | Int(packet[27])
        udpChecksumVerifies = InformFixture.checksum(Array(packet[12..<20]) + [0, 17, packet[24], packet[25]] + Array(packet[20...])) == 0
        bootp = Array(packet[28...])
        var instances: [(code: UInt8, data: [UInt8])] = []
        var i = 240
        while true {
            guard i < bootp.count else { throw TestFailure("no End option") }
            if bootp[i] == 255 { break }
            if bootp[i] == 0 { i += 1; continue }
            guard i + 1 < bootp.count, i + 2 + Int(bootp[i + 1]) <= bootp.count else { throw TestFailure("option \(bootp[i]) overruns") }
            instances.append((bootp[i], Array(bootp[(i + 2)..<(i + 2 + Int(bootp[i + 1]))])))
            i += 2 + Int(bootp[i + 1])
        }
        self.instances = instances
    }

    func field(_ range: Range<Int>) -> [UInt8] { Array(bootp[range]) }
    func address(at offset: Int) -> IPv4Address { IPv4Address(bytes: bootp[offset..<(offset + 4)])! }

    /// Codes in order, one entry per instance.
    var codes: [UInt8] { instances.map(\.code) }

    /// An option's data, its instances concatenated (RFC 3396).
    func option(_ code: UInt8) -> [UInt8]? {
        let parts = instances.filter { $0.code == code }
        return parts.isEmpty ? nil : parts.flatMap(\.data)
    }
}

/// Reads RFC 3442 routes: (destination, prefix length, router).
func classlessRoutes(_ data: [UInt8]) throws -> [(IPv4Address, Int, IPv4Address)] {
    var routes: [(IPv4Address, Int, IPv4Address)] = []
    var i = 0
    while i < data.count {
        let width = Int(data[i])
        let significant = (width + 7) / 8
        guard width <= 32, i + 1 + significant + 4 <= data.count else { throw TestFailure("bad route at \(i)") }
        let destination = Array(data[(i + 1)..<(i + 1 + significant)]) + Array(repeating: 0, count: 4 - significant)
        routes.append((IPv4Address(bytes: destination)!, width,
                       IPv4Address(bytes: data[(i + 1 + significant)..<(i + 5 + significant)])!))
        i += 1 + significant + 4
    }
    return routes
}
