import ESP
import Glibc
import IKEWire
import Testing
@testable import DataPlane

@Suite struct ChildSATableTests {
    static let vip = IPAddress.v4(IPv4Address(198, 18, 0, 2))

    static func installed(_ spi: UInt32, vip: IPv4Address = IPv4Address(198, 18, 0, 2), remote: [TrafficSelector]? = nil,
                          rekeys: UInt32? = nil, deferOutbound: Bool = false, lifetime: ChildSALifetime = ChildSALifetime(),
                          to peer: Endpoint = ChildSAFixture.client) throws -> InstalledChildSA {
        let path = OuterPath(socket: -1, remote: SocketAddress(peer), udpEncapsulation: true)
        let child = ChildSAFixture.child(inboundSPI: spi, vip: vip, remote: remote, rekeys: rekeys, deferOutbound: deferOutbound)
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

    /// The responder of a rekey keeps sending on the old SA until the
    /// initiator deletes it (RFC 7296 §2.8); both receive meanwhile.
    @Test func aDeferredRekeyTakesOverWhenTheOldSAIsRemoved() throws {
        let table = ChildSATable()
        #expect(table.insert(try Self.installed(1)))
        #expect(table.insert(try Self.installed(2, rekeys: 1, deferOutbound: true)))
        #expect(Self.active(table) == 1)
        #expect(table.inbound(spi: 1) != nil && table.inbound(spi: 2) != nil)
        _ = table.remove(spi: 1)
        #expect(Self.active(table) == 2)
        _ = table.remove(spi: 2)
        #expect(Self.active(table) == nil)
    }

    /// Removing the new SA first (its rekey abandoned) leaves the old one
    /// sending, as if nothing had happened.
    @Test func removingTheWaitingSALeavesTheOldOneActive() throws {
        let table = ChildSATable()
        #expect(table.insert(try Self.installed(1)))
        #expect(table.insert(try Self.installed(2, rekeys: 1, deferOutbound: true)))
        #expect(Self.active(table) == 1)
        _ = table.remove(spi: 2)
        #expect(Self.active(table) == 1 && table.inbound(spi: 2) == nil)
        _ = table.remove(spi: 1)
        #expect(Self.active(table) == nil)
    }

    /// The initiator of a rekey sends on the new SA at once; if the new SA
    /// goes first, the old one takes the traffic back.
    @Test func anImmediateRekeyTakesOverAtOnce() throws {
        let table = ChildSATable()
        #expect(table.insert(try Self.installed(1)))
        #expect(table.insert(try Self.installed(2, rekeys: 1, deferOutbound: false)))
        #expect(Self.active(table) == 2)
        _ = table.remove(spi: 2)
        #expect(Self.active(table) == 1)
    }

    /// Three generations: each waits for the one it rekeys.
    @Test func threeDeferredGenerationsHandOverInTurn() throws {
        let table = ChildSATable()
        #expect(table.insert(try Self.installed(1)))
        #expect(table.insert(try Self.installed(2, rekeys: 1, deferOutbound: true)))
        #expect(table.insert(try Self.installed(3, rekeys: 2, deferOutbound: true)))
        #expect(Self.active(table) == 1)
        _ = table.remove(spi: 1)
        #expect(Self.active(table) == 2)
        _ = table.remove(spi: 2)
        #expect(Self.active(table) == 3)
    }

    /// A third generation we initiated goes on top of a second still
    /// waiting; removing it leaves the order below as it was.
    @Test func anImmediateThirdGenerationGoesOnTopOfAWaitingOne() throws {
        let table = ChildSATable()
        #expect(table.insert(try Self.installed(1)))
        #expect(table.insert(try Self.installed(2, rekeys: 1, deferOutbound: true)))
        #expect(table.insert(try Self.installed(3, rekeys: 1, deferOutbound: false)))
        #expect(Self.active(table) == 3)
        _ = table.remove(spi: 3)
        #expect(Self.active(table) == 1)
        _ = table.remove(spi: 1)
        #expect(Self.active(table) == 2)
    }

    /// A deferred SA whose predecessor is not installed (already deleted)
    /// has nothing to wait for.
    @Test func aDeferredSAWithoutItsPredecessorTakesOverAtOnce() throws {
        let table = ChildSATable()
        #expect(table.insert(try Self.installed(1)))
        #expect(table.insert(try Self.installed(2, rekeys: 9, deferOutbound: true)))
        #expect(Self.active(table) == 2)
    }

    /// Ranged selectors (site to site) follow the same order.
    @Test func rangedSelectorsFollowTheSameOrder() throws {
        let lan: [TrafficSelector] = [.ipv4(AddressRangeSelector(start: IPv4Address(198, 18, 1, 0), end: IPv4Address(198, 18, 1, 255)))]
        let host = IPAddress.v4(IPv4Address(198, 18, 1, 7))
        let table = ChildSATable()
        #expect(table.insert(try Self.installed(1, remote: lan)))
        #expect(table.insert(try Self.installed(2, remote: lan, rekeys: 1, deferOutbound: true)))
        #expect(Self.active(table, host) == 1)
        #expect(table.insert(try Self.installed(3, remote: lan)))
        #expect(Self.active(table, host) == 3)
        _ = table.remove(spi: 3)
        #expect(Self.active(table, host) == 1)
        _ = table.remove(spi: 1)
        #expect(Self.active(table, host) == 2 && Self.active(table, Self.vip) == nil)
    }

    /// A move keeps the SA's place and ESP state; an unknown SPI changes
    /// nothing.
    @Test func aMovedSAKeepsItsPlaceAndItsESPState() throws {
        let table = ChildSATable()
        let old = try Self.installed(1)
        let waiting = try Self.installed(2, rekeys: 1, deferOutbound: true)
        #expect(table.insert(old) && table.insert(waiting))
        let elsewhere = Endpoint(address: .v4(IPv4Address(192, 0, 2, 9)), port: 31_000)
        #expect(table.move(spi: 2, to: OuterPath(socket: 7, remote: SocketAddress(elsewhere), udpEncapsulation: true)))
        #expect(Self.active(table) == 1)
        _ = table.remove(spi: 1)
        let moved = try #require(table.outbound(to: Self.vip))
        #expect(moved.spi == 2 && moved !== waiting && moved.outbound === waiting.outbound && moved.inbound === waiting.inbound)
        #expect(moved.path.socket == 7 && moved.path.remote.endpoint == elsewhere && table.inbound(spi: 2) === moved)
        #expect(!table.move(spi: 1, to: moved.path))
    }

    @Test func aDuplicateInboundSPIIsRefused() throws {
        let table = ChildSATable()
        let first = try Self.installed(7, vip: IPv4Address(198, 18, 0, 2))
        #expect(table.insert(first))
        #expect(!table.insert(try Self.installed(7, vip: IPv4Address(198, 18, 0, 3))))
        #expect(table.inbound(spi: 7) === first && table.outbound(to: .v4(IPv4Address(198, 18, 0, 3))) == nil)
    }

    /// Each time limit is reported once, hard after soft; an SA removed
    /// before its limits is never reported, a moved one still is.
    @Test func timeLimitsFallDueOnceAndOnlyForInstalledSAs() throws {
        var lifetime = ChildSALifetime()
        lifetime.softTime = .seconds(60)
        lifetime.jitter = .zero
        lifetime.hardTime = .seconds(120)
        let table = ChildSATable()
        let kept = try Self.installed(1, lifetime: lifetime)
        #expect(try table.insert(kept) && table.insert(Self.installed(2, vip: IPv4Address(198, 18, 0, 3), lifetime: lifetime)))
        #expect(table.move(spi: 1, to: kept.path))
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
