import IKEWire
import TestSupport
import Testing
@testable import DataPlane

@Suite struct PacketTests {
    /// An IPv4 TCP SYN from 198.18.0.2:50000 to 203.0.113.10:80 with the
    /// options MSS 1460, NOP, NOP, SACK permitted, and a correct checksum.
    static func syn(mss: UInt16 = 1460) -> [UInt8] {
        var tcp: [UInt8] = [0xC3, 0x50, 0x00, 0x50, 0, 0, 0, 1, 0, 0, 0, 0, 0x70, 0x02, 0xFF, 0xFF, 0, 0, 0, 0]
        tcp += [2, 4, UInt8(mss >> 8), UInt8(mss & 0xFF), 1, 1, 4, 2]
        let source: [UInt8] = [198, 18, 0, 2], destination: [UInt8] = [203, 0, 113, 10]
        let sum = checksum(source + destination + [0, 6, 0, UInt8(tcp.count)] + tcp)
        tcp[16] = UInt8(sum >> 8)
        tcp[17] = UInt8(sum & 0xFF)
        let total = 20 + tcp.count
        return [0x45, 0, 0, UInt8(total), 0, 1, 0x40, 0, 64, 6, 0, 0] + source + destination + tcp
    }

    static func checksum<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> UInt16 { internetChecksum(bytes) }

    @Test func parsesIPv4AndIPv6Headers() throws {
        let packet = Self.syn()
        let info = try #require(packet.withUnsafeBytes { IPPacket($0) })
        #expect(info.source == .v4(IPv4Address(198, 18, 0, 2)) && info.destination == .v4(IPv4Address(203, 0, 113, 10)))
        #expect(info.transport == 6 && info.headerLength == 20 && info.totalLength == packet.count && info.espNextHeader == 4)
        #expect(packet.withUnsafeBytes { info.ports(in: $0) }! == (50000, 80))

        var ipv6: [UInt8] = [0x60, 0, 0, 0, 0, 8, 17, 64]
        ipv6 += IPv6Address("2001:db8::1")!.bytes + IPv6Address("2001:db8::2")!.bytes + [0, 53, 0, 53, 0, 8, 0, 0]
        let info6 = try #require(ipv6.withUnsafeBytes { IPPacket($0) })
        #expect(info6.destination == .v6(IPv6Address("2001:db8::2")!) && info6.transport == 17 && info6.espNextHeader == 41)
    }

    @Test(arguments: [
        [UInt8](),                                    // empty
        [0x45, 0, 0, 20],                             // shorter than the header
        [0x44] + [UInt8](repeating: 0, count: 19),    // IHL 4
        [0x45, 0, 0, 40] + [UInt8](repeating: 0, count: 16),  // total length beyond the buffer
        [0x50] + [UInt8](repeating: 0, count: 39),    // version 5
        [0x60, 0, 0, 0, 0, 10, 17, 64] + [UInt8](repeating: 0, count: 32),  // IPv6 payload beyond the buffer
    ])
    func malformedHeadersAreRejected(_ bytes: [UInt8]) {
        #expect(bytes.withUnsafeBytes { IPPacket($0) } == nil)
    }

    @Test func mssIsClampedAndTheChecksumStaysValid() throws {
        var packet = Self.syn(mss: 1460)
        let changed = packet.withUnsafeMutableBytes { buffer in
            MSSClamp.clamp(buffer, IPPacket(UnsafeRawBufferPointer(buffer))!, maximum: 1360)
        }
        #expect(changed && packet[42...43] == [0x05, 0x50])
        // The checksum over the pseudo-header and segment is 0 when valid.
        #expect(Self.checksum([198, 18, 0, 2, 203, 0, 113, 10, 0, 6, 0, 28] + packet[20...]) == 0)
        // A smaller MSS and a segment without SYN are left alone.
        var small = Self.syn(mss: 1200)
        #expect(!small.withUnsafeMutableBytes { MSSClamp.clamp($0, IPPacket(UnsafeRawBufferPointer($0))!, maximum: 1360) })
        var ack = Self.syn()
        ack[33] = 0x10
        #expect(!ack.withUnsafeMutableBytes { MSSClamp.clamp($0, IPPacket(UnsafeRawBufferPointer($0))!, maximum: 1360) })
    }

    /// After one NOP the MSS value sits at an odd offset and straddles two
    /// checksum words; the checksum must still verify after clamping.
    @Test func mssAtAnOddOffsetKeepsTheChecksumValid() throws {
        var tcp: [UInt8] = [0xC3, 0x50, 0x00, 0x50, 0, 0, 0, 1, 0, 0, 0, 0, 0x70, 0x02, 0xFF, 0xFF, 0, 0, 0, 0]
        tcp += [1, 2, 4, 0x05, 0xB4, 1, 1, 1]
        let pseudo: [UInt8] = [198, 18, 0, 2, 203, 0, 113, 10, 0, 6, 0, UInt8(tcp.count)]
        let sum = Self.checksum(pseudo + tcp)
        tcp[16] = UInt8(sum >> 8)
        tcp[17] = UInt8(sum & 0xFF)
        var packet: [UInt8] = [0x45, 0, 0, UInt8(20 + tcp.count), 0, 1, 0x40, 0, 64, 6, 0, 0, 198, 18, 0, 2, 203, 0, 113, 10] + tcp
        let changed = packet.withUnsafeMutableBytes { MSSClamp.clamp($0, IPPacket(UnsafeRawBufferPointer($0))!, maximum: 1360) }
        #expect(changed && packet[43...44] == [0x05, 0x50])
        #expect(Self.checksum(pseudo + packet[20...]) == 0)
    }

    @Test func truncatedOptionsAreNotFollowed() {
        var packet = Self.syn()
        packet[32] = 0xF0  // data offset 60: options past the packet
        #expect(!packet.withUnsafeMutableBytes { MSSClamp.clamp($0, IPPacket(UnsafeRawBufferPointer($0))!, maximum: 1000) })
    }
}
