import Glibc
import IKEWire
import Testing
@testable import DataPlane

@Suite struct ChildSATableTests {
    static let vip = IPAddress.v4(IPv4Address(198, 18, 0, 2))

    static func installed(_ spi: UInt32, vip: IPv4Address = IPv4Address(198, 18, 0, 2),
                          lifetime: ChildSALifetime = ChildSALifetime()) throws -> InstalledChildSA {
        let path = OuterPath(socket: -1, remote: SocketAddress(ChildSAFixture.client), udpEncapsulation: true)
        let child = ChildSAFixture.child(inboundSPI: spi, vip: vip)
        return try InstalledChildSA(child, path: path, lifetime: lifetime, replayWindow: 1024)
    }

    /// The inbound SPI of the SA that carries traffic to `destination`.
    static func active(_ table: ChildSATable, _ destination: IPAddress = vip) -> UInt32? {
        table.outbound(to: destination)?.spi
    }

    @Test func findsBySPIAndByAddressAndForgets() throws {
        let table = ChildSATable()
        let first = try Self.installed(1, vip: IPv4Address(198, 18, 0, 2))
        let second = try Self.installed(2, vip: IPv4Address(198, 18, 0, 3))
        #expect(table.insert(first) && table.insert(second))
        #expect(table.inbound(spi: 1) === first && table.inbound(spi: 2) === second && table.inbound(spi: 3) == nil)
        #expect(table.outbound(to: .v4(IPv4Address(198, 18, 0, 3))) === second)
        #expect(table.outbound(to: .v4(IPv4Address(198, 18, 0, 4))) == nil)
        #expect(table.remove(spi: 1) === first && table.count == 1)
        #expect(table.outbound(to: .v4(IPv4Address(198, 18, 0, 2))) == nil)
        #expect(table.remove(spi: 1) == nil)
    }

    /// A newer SA for the same address takes the outbound traffic; removing
    /// the older one leaves the newer in place.
    @Test func aNewerSAForTheSameAddressWins() throws {
        let table = ChildSATable()
        #expect(try table.insert(Self.installed(1)) && table.insert(Self.installed(2)))
        #expect(Self.active(table) == 2)
        _ = table.remove(spi: 1)
        #expect(Self.active(table) == 2)
    }

    @Test func aDuplicateInboundSPIIsRefused() throws {
        let table = ChildSATable()
        let first = try Self.installed(7, vip: IPv4Address(198, 18, 0, 2))
        #expect(table.insert(first))
        #expect(!table.insert(try Self.installed(7, vip: IPv4Address(198, 18, 0, 3))))
        #expect(table.inbound(spi: 7) === first && table.outbound(to: .v4(IPv4Address(198, 18, 0, 3))) == nil)
    }

    @Test func inboundPacketsMustComeFromTheSAsAddress() throws {
        let sa = try Self.installed(1, vip: IPv4Address(198, 18, 0, 2))
        var packet = PacketTests.syn()
        #expect(packet.withUnsafeBytes { sa.admitsInbound(IPPacket($0)!, $0) })
        packet[15] = 9  // source 198.18.0.9: another client's address
        #expect(!packet.withUnsafeBytes { sa.admitsInbound(IPPacket($0)!, $0) })
        packet[15] = 2
        packet[16] = 192  // destination outside the protected LAN
        #expect(!packet.withUnsafeBytes { sa.admitsInbound(IPPacket($0)!, $0) })
    }
}
