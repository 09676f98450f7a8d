import ESP
import Glibc
import IKECrypto
import IKEWire
import Testing
@testable import DataPlane

/// Moving an SA's outer path (MOBIKE, RFC 4555; NAT mapping changes, RFC
/// 7296 §2.23) through real sockets on the loopback interface: the SA's
/// next packet goes to the new peer address, on the socket its
/// encapsulation needs, continuing its sequence numbers.
@Suite struct PathUpdateTests {
    static let loopback = IPAddress.v4(IPv4Address(127, 0, 0, 1))

    /// A UDP socket on 127.0.0.1 and an ephemeral port: the gateway's NAT-T
    /// socket or a peer.
    final class UDPSocket {
        let fd: Int32
        let endpoint: Endpoint

        init() throws {
            let fd = try NATTraversalSocket.open(Endpoint(address: PathUpdateTests.loopback, port: 0))
            self.fd = fd
            var storage = sockaddr_storage()
            var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
            _ = withUnsafeMutablePointer(to: &storage) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
            endpoint = try #require(SocketAddress.endpoint(from: storage))
        }

        deinit { close(fd) }

        func receive(within milliseconds: Int32 = 1000) -> [UInt8]? {
            PathUpdateTests.receive(on: fd, within: milliseconds) { fd, buffer in recv(fd, buffer.baseAddress, buffer.count, 0) }
        }
    }

    /// One datagram, or nil when none arrives in time.
    static func receive(on fd: Int32, within milliseconds: Int32 = 1000, _ read: (Int32, UnsafeMutableRawBufferPointer) -> Int) -> [UInt8]? {
        var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        guard poll(&poller, 1, milliseconds) == 1 else { return nil }
        var buffer = [UInt8](repeating: 0, count: 2048)
        let count = buffer.withUnsafeMutableBytes { read(fd, $0) }
        return count > 0 ? Array(buffer[0..<count]) : nil
    }

    /// The peer's inbound SA for what the gateway sends (the fixture's
    /// outbound SPI and keys).
    static func peerInbound() throws -> ESPInbound {
        try ESPInbound(spi: 0xD000_0001, encryption: .aesCBC(.bits256), encryptionKey: SecretBytes([UInt8](repeating: 3, count: 32)),
                       integrity: .hmacSHA1_96, integrityKey: SecretBytes([UInt8](repeating: 4, count: 20)),
                       extendedSequenceNumbers: false)
    }

    /// The gateway's side: its sockets, the table with one SA for the
    /// client's virtual address, and a TUN reader's batch.
    struct Gateway {
        let natTraversal: UDPSocket
        let sockets = ESPSockets()
        let table = ChildSATable()
        let batch = OutboundBatch(slotSize: 1528)
        let statistics = DataPlaneStatistics()

        init(peer: Endpoint) throws {
            natTraversal = try UDPSocket()
            sockets.registerNATTraversal(natTraversal.fd, local: natTraversal.endpoint)
            let child = ChildSAFixture.child(outerLocal: natTraversal.endpoint, outerRemote: peer)
            let path = try sockets.path(forSPI: child.inboundSPI, local: child.local, remote: child.remote, udpEncapsulation: true)
            #expect(table.insert(try InstalledChildSA(child, path: path, lifetime: ChildSALifetime(), replayWindow: 64)))
        }

        /// `UserspaceDataPlane.update`.
        func update(spi: UInt32 = 0xC000_0001, local: Endpoint? = nil, remote: Endpoint, udpEncapsulation: Bool = true) throws(DataPlaneError) {
            try table.move(spi: spi, local: local ?? natTraversal.endpoint, remote: remote, udpEncapsulation: udpEncapsulation,
                           sockets: sockets)
        }

        /// Sends a TCP SYN to the client as a TUN reader would.
        func sendPacket() throws {
            let sa = try #require(table.outbound(to: ChildSATableTests.vip))
            let packet = PacketTests.syn()
            _ = try packet.withUnsafeBytes { try batch.seal($0, nextHeader: 4, on: sa, statistics: statistics) }
            batch.flush(statistics)
        }
    }

    /// Opens an ESP packet the gateway sent and returns its sequence number.
    static func sequence(of datagram: [UInt8]?, _ inbound: ESPInbound) throws -> UInt64 {
        var packet = try #require(datagram)
        return try packet.withUnsafeMutableBytes { try inbound.open($0).sequence }
    }

    @Test func theSASendsToTheNewAddressAndPort() throws {
        let before = try UDPSocket(), after = try UDPSocket()
        let gateway = try Gateway(peer: before.endpoint)
        let peer = try Self.peerInbound()
        try gateway.sendPacket()
        #expect(try Self.sequence(of: before.receive(), peer) == 1)
        try gateway.update(remote: after.endpoint)
        try gateway.sendPacket()
        #expect(try Self.sequence(of: after.receive(), peer) == 2, "the same SA, its next sequence number")
        #expect(before.receive(within: 100) == nil)
        #expect(gateway.statistics.snapshot.sendFailures == 0)
    }

    /// From UDP to plain ESP (the NAT went away) and back: the raw socket
    /// and then the NAT-T socket again, as `install` would choose them.
    static var canOpenRawSockets: Bool {
        guard let socket = try? RawESPSocket(local: loopback) else { return false }
        socket.close()
        return true
    }

    @Test(.enabled(if: canOpenRawSockets, "needs CAP_NET_RAW"))
    func theEncapsulationSwitches() throws {
        let peerUDP = try UDPSocket()
        let gateway = try Gateway(peer: peerUDP.endpoint)
        let raw = try RawESPSocket(local: Self.loopback)
        defer { raw.close() }
        gateway.sockets.registerRaw(raw)
        // The peer's plain ESP arrives at another loopback address, so the
        // gateway's own raw socket does not see it.
        let peerAddress = IPAddress.v4(IPv4Address(127, 0, 0, 2))
        let peerRaw = try RawESPSocket(local: peerAddress)
        defer { peerRaw.close() }
        let peer = try Self.peerInbound()

        try gateway.update(remote: Endpoint(address: peerAddress, port: 4500), udpEncapsulation: false)
        let sa = try #require(gateway.table.outbound(to: ChildSATableTests.vip))
        #expect(sa.path.socket == raw.fd && !sa.path.udpEncapsulation && sa.path.remote.endpoint?.port == 0)
        try gateway.sendPacket()
        let plain = Self.receive(on: peerRaw.fd) { _, buffer in peerRaw.receive(into: buffer)?.length ?? -1 }
        #expect(try Self.sequence(of: plain, peer) == 1)

        try gateway.update(remote: peerUDP.endpoint, udpEncapsulation: true)
        #expect(gateway.table.outbound(to: ChildSATableTests.vip)?.path.socket == gateway.natTraversal.fd)
        try gateway.sendPacket()
        #expect(try Self.sequence(of: peerUDP.receive(), peer) == 2)
    }

    /// A path that cannot be used is refused (with the error `install`
    /// gives: both ask `ESPSockets.path`), and the SA stays where it was;
    /// so is an SA that is not installed.
    @Test func anUnusablePathIsRefusedAndChangesNothing() throws {
        let peerUDP = try UDPSocket()
        let gateway = try Gateway(peer: peerUDP.endpoint)
        let elsewhere = Endpoint(address: .v4(IPv4Address(127, 0, 0, 3)), port: 4500)
        let attempts: [(Endpoint?, Endpoint, Bool, String)] = [
            (Endpoint(address: Self.loopback, port: 4501), elsewhere, true, "no NAT-T socket on 127.0.0.1:4501"),
            (nil, elsewhere, false, "no plain ESP socket on 127.0.0.1"),
            (nil, Endpoint(address: .v6(IPv6Address("2001:db8::2")!), port: 4500), true, "the address families differ"),
        ]
        for (local, remote, udp, reason) in attempts {
            let error = #expect(throws: DataPlaneError.self) { try gateway.update(local: local, remote: remote, udpEncapsulation: udp) }
            #expect(error?.description.contains(reason) == true, "\(String(describing: error))")
        }
        #expect(gateway.table.outbound(to: ChildSATableTests.vip)?.path.remote.endpoint == peerUDP.endpoint)
        let unknown = #expect(throws: DataPlaneError.self) { try gateway.update(spi: 0xC000_0009, remote: elsewhere) }
        #expect(unknown?.description.contains("no CHILD_SA with inbound SPI") == true)
    }
}
