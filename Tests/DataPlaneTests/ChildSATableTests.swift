import ESP
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

    /// Each time limit is reported once, hard after soft; an SA removed
    /// before its limits is never reported.
    @Test func timeLimitsFallDueOnceAndOnlyForInstalledSAs() throws {
        var lifetime = ChildSALifetime()
        lifetime.softTime = .seconds(60)
        lifetime.jitter = .zero
        lifetime.hardTime = .seconds(120)
        let table = ChildSATable()
        let kept = try Self.installed(1, lifetime: lifetime)
        #expect(try table.insert(kept) && table.insert(Self.installed(2, vip: IPv4Address(198, 18, 0, 3), lifetime: lifetime)))
        _ = table.remove(spi: 2)
        let start = kept.installedAt
        #expect(table.dueTimeLimits(at: start + .seconds(59)).isEmpty)
        let soft = table.dueTimeLimits(at: start + .seconds(61))
        #expect(soft.map(\.sa.spi) == [1] && soft.map(\.expiry) == [.soft])
        #expect(table.dueTimeLimits(at: start + .seconds(62)).isEmpty)
        let hard = table.dueTimeLimits(at: start + .seconds(121))
        #expect(hard.map(\.sa.spi) == [1] && hard.map(\.expiry) == [.hard])
        #expect(table.dueTimeLimits(at: start + .seconds(3600)).isEmpty)
    }

    /// A tick late enough for both limits reports the hard one only.
    @Test func aSoftLimitIsLeftOutOnceTheHardOneHasPassed() throws {
        var lifetime = ChildSALifetime()
        lifetime.softTime = .seconds(60)
        lifetime.hardTime = .seconds(120)
        let table = ChildSATable()
        let sa = try Self.installed(1, lifetime: lifetime)
        #expect(table.insert(sa))
        let due = table.dueTimeLimits(at: sa.installedAt + .seconds(200))
        #expect(due.map(\.sa.spi) == [1] && due.map(\.expiry) == [.hard])
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
