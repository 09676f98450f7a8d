import Glibc
import IKEWire
import Testing
@testable import DataPlane

@Suite struct ChildSATableTests {
    func installed(_ spi: UInt32, vip: IPv4Address) throws -> InstalledChildSA {
        let path = OuterPath(socket: -1, remote: SocketAddress(ChildSAFixture.client), udpEncapsulation: true)
        return try InstalledChildSA(ChildSAFixture.child(inboundSPI: spi, vip: vip), path: path, lifetime: ChildSALifetime(), replayWindow: 1024)
    }

    @Test func findsBySPIAndByAddressAndForgets() throws {
        let table = ChildSATable()
        let first = try installed(1, vip: IPv4Address(198, 18, 0, 2))
        let second = try installed(2, vip: IPv4Address(198, 18, 0, 3))
        #expect(table.insert(first) && table.insert(second))
        #expect(table.inbound(spi: 1) === first && table.inbound(spi: 2) === second && table.inbound(spi: 3) == nil)
        #expect(table.outbound(to: .v4(IPv4Address(198, 18, 0, 3))) === second)
        #expect(table.outbound(to: .v4(IPv4Address(198, 18, 0, 4))) == nil)
        #expect(table.remove(spi: 1) === first && table.count == 1)
        #expect(table.outbound(to: .v4(IPv4Address(198, 18, 0, 2))) == nil)
    }

    /// A newer SA for the same address takes the outbound traffic; removing
    /// the older one leaves the newer in place.
    @Test func aNewerSAForTheSameAddressWins() throws {
        let table = ChildSATable()
        let old = try installed(1, vip: IPv4Address(198, 18, 0, 2))
        let new = try installed(2, vip: IPv4Address(198, 18, 0, 2))
        #expect(table.insert(old) && table.insert(new))
        #expect(table.outbound(to: .v4(IPv4Address(198, 18, 0, 2))) === new)
        _ = table.remove(spi: 1)
        #expect(table.outbound(to: .v4(IPv4Address(198, 18, 0, 2))) === new)
    }

    @Test func aDuplicateInboundSPIIsRefused() throws {
        let table = ChildSATable()
        let first = try installed(7, vip: IPv4Address(198, 18, 0, 2))
        #expect(table.insert(first))
        #expect(!table.insert(try installed(7, vip: IPv4Address(198, 18, 0, 3))))
        #expect(table.inbound(spi: 7) === first && table.outbound(to: .v4(IPv4Address(198, 18, 0, 3))) == nil)
    }

    @Test func inboundPacketsMustComeFromTheSAsAddress() throws {
        let sa = try installed(1, vip: IPv4Address(198, 18, 0, 2))
        var packet = PacketTests.syn()
        #expect(packet.withUnsafeBytes { sa.admitsInbound(IPPacket($0)!, $0) })
        packet[15] = 9  // source 198.18.0.9: another client's address
        #expect(!packet.withUnsafeBytes { sa.admitsInbound(IPPacket($0)!, $0) })
        packet[15] = 2
        packet[16] = 192  // destination outside the protected LAN
        #expect(!packet.withUnsafeBytes { sa.admitsInbound(IPPacket($0)!, $0) })
    }
}
