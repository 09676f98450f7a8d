import ESP
import Foundation
import Glibc
import IKEEngine
import IKEWire
import Logging
import Synchronization

/// ESP in userspace over a TUN device: the data plane on hosts whose kernel
/// has no ESP (DESIGN §1).
///
/// Inbound, ESP arrives on the NAT-T sockets (handed over by the IKE socket
/// handler on its event loop) or on raw ESP sockets (a reader thread each);
/// it is decrypted in place, checked against the SA's selectors and written
/// into the TUN device, whose kernel forwards it. Outbound, one reader
/// thread per TUN queue takes the packets the kernel routes to the virtual
/// addresses, finds the SA by destination, encrypts and sends them in
/// batches. Every SA has its own lock (the SA table's is held for lookups
/// only), so different SAs are encrypted in parallel on all cores.
public final class UserspaceDataPlane: DataPlane {
    let settings: DataPlaneSettings
    let logger: Logger
    let events: @Sendable (DataPlaneEvent) -> Void
    let table = ChildSATable()
    let sockets = ESPSockets()
    let statistics = DataPlaneStatistics()
    let tun: TunDevice
    /// The prefixes routed into the TUN device (the pools).
    let routes: [(IPAddress, Int)]
    private let resources = Mutex(Resources())
    /// ICMPv6 errors sent for blocked IPv6, a hundred a second at most.
    private let icmpv6Budget = Mutex(RateLimit(perSecond: 100))
    /// A responder for packets addressed to the gateway inside the tunnel
    /// (DHCPINFORM); nil answers nothing.
    let innerResponder: (any InnerPacketResponder)?

    private struct Resources {
        var readers: [PacketReader] = []
        var timer: LifetimeTimer?
        var masquerade: Masquerade?
    }

    /// Opens the TUN device, routes `routes` into it and starts its readers.
    ///
    /// - Parameter rawESPAddresses: local addresses on which to accept plain
    ///   ESP; a raw socket that cannot be opened (no CAP_NET_RAW) is logged
    ///   and skipped: peers behind a NAT still work.
    public init(settings: DataPlaneSettings, routes: [(IPAddress, Int)], rawESPAddresses: [IPAddress],
                innerResponder: (any InnerPacketResponder)? = nil, logger: Logger,
                events: @escaping @Sendable (DataPlaneEvent) -> Void) throws(DataPlaneError) {
        self.settings = settings
        self.logger = logger
        self.events = events
        self.routes = routes
        self.innerResponder = innerResponder
        let threads = settings.threads > 0 ? settings.threads : ProcessInfo.processInfo.activeProcessorCount
        tun = try TunDevice(name: settings.interface, queues: threads, mtu: settings.mtu)
        do {
            for (address, prefix) in routes { try tun.addRoute(address, prefixLength: prefix) }
            if settings.forwarding { try enableForwarding(ipv6: routes.contains { !$0.0.isIPv4 }, logger: logger) }
            if settings.masquerade {
                let masquerade = try Masquerade(sources: routes, tunnelInterface: tun.name)
                resources.withLock { $0.masquerade = masquerade }
            }
        } catch {
            tun.close()
            throw error
        }
        // The readers hold `self` unowned: `stop()` ends them before the
        // data plane can go away.
        var readers: [PacketReader] = []
        do {
            for (index, queue) in tun.queues.enumerated() {
                let batch = OutboundBatch(slotSize: settings.mtu + 128)
                readers.append(try PacketReader(name: "gatehouse-tun-\(index)", fd: queue, logger: logger,
                                                read: { fd, buffer in Glibc.read(fd, buffer.baseAddress, buffer.count) },
                                                handle: { [unowned self] packet in sendOutbound(packet, batch: batch) },
                                                drained: { [unowned self] in batch.flush(statistics) }))
            }
        } catch {
            for reader in readers { reader.stop() }
            resources.withLock { $0.masquerade }?.remove()
            tun.close()
            throw error
        }
        for address in rawESPAddresses {
            do {
                let socket = try RawESPSocket(local: address)
                do {
                    readers.append(try PacketReader(name: "gatehouse-esp-\(address)", fd: socket.fd, logger: logger,
                                                    read: { _, buffer in socket.receive(into: buffer)?.length ?? -1 },
                                                    handle: { [unowned self] packet in receive(packet) }))
                } catch {
                    socket.close()
                    throw error
                }
                sockets.registerRaw(socket)
            } catch {
                logger.warning("plain ESP (IP protocol 50) unavailable; only UDP-encapsulated ESP will work",
                               metadata: ["reason": "\(error)"])
            }
        }
        resources.withLock { $0.readers = readers }
        if settings.lifetime.softTime != nil || settings.lifetime.hardTime != nil { startLifetimeTimer() }
        logger.info("userspace data plane up", metadata: [
            "interface": "\(tun.name)", "mtu": "\(settings.mtu)", "queues": "\(tun.queues.count)",
            "routes": "\(routes.map { "\($0.0)/\($0.1)" })", "plain_esp": "\(sockets.rawAddresses.map(\.description))",
        ])
    }

    /// A NAT-T socket (UDP 4500 on `local`) the data plane may send on; the
    /// gateway's IKE handler owns and reads it.
    public func registerNATTraversalSocket(_ fd: Int32, local: Endpoint) {
        sockets.registerNATTraversal(fd, local: local)
    }

    // MARK: - SAs

    public func install(_ child: ChildSAParameters) throws(DataPlaneError) {
        let path = try sockets.path(forSPI: child.inboundSPI, local: child.local, remote: child.remote,
                                    udpEncapsulation: child.udpEncapsulation)
        let sa: InstalledChildSA
        do {
            sa = try InstalledChildSA(child, path: path, lifetime: settings.lifetime, replayWindow: settings.replayWindow)
        } catch {
            throw DataPlaneError("cannot key CHILD_SA \(Hex.string(child.inboundSPI)): \(error)")
        }
        guard table.insert(sa) else {
            throw DataPlaneError("inbound SPI \(Hex.string(child.inboundSPI)) is already installed")
        }
    }

    public func remove(inboundSPI: UInt32) {
        _ = table.remove(spi: inboundSPI)
    }

    /// The SA keeps its keys, sequence numbers and replay window; only its
    /// packets' socket and destination change, chosen as `install` chooses
    /// them (see `InstalledChildSA` for why the path is swapped, not locked).
    public func update(inboundSPI: UInt32, local: Endpoint, remote: Endpoint, udpEncapsulation: Bool) throws(DataPlaneError) {
        try table.move(spi: inboundSPI, local: local, remote: remote, udpEncapsulation: udpEncapsulation, sockets: sockets)
    }

    public func counters(inboundSPI: UInt32) -> ChildSACounters? {
        table.inbound(spi: inboundSPI)?.counters
    }

    // MARK: - Inbound

    public func receiveEncapsulated(_ packet: UnsafeMutableRawBufferPointer, from remote: Endpoint, local: Endpoint) {
        receive(packet)
    }

    /// One ESP packet from the peer, SPI first, in a buffer we may modify.
    func receive(_ packet: UnsafeMutableRawBufferPointer) {
        guard packet.count >= 8 else {
            statistics.count(.unknownSPI)
            return
        }
        let spi = UInt32(bigEndian: UnsafeRawBufferPointer(packet).loadUnaligned(as: UInt32.self))
        guard let sa = table.inbound(spi: spi) else {
            statistics.count(.unknownSPI)
            logger.trace("ESP with unknown SPI dropped", metadata: ["spi": "\(Hex.string(spi))"])
            return
        }
        let opened: ESPInbound.Opened
        do {
            opened = try sa.inbound.open(packet)
        } catch {
            logger.debug("ESP dropped", metadata: ["spi": "\(Hex.string(spi))", "reason": "\(error)"])
            return
        }
        if let expiry = opened.expiry { report(expiry, sa, cause: "inbound bytes or packets") }
        guard opened.nextHeader == 4 || opened.nextHeader == 41 else {
            // 59 is a dummy packet (RFC 4303 §2.6); anything else is not
            // tunnel mode and has nowhere to go.
            if opened.nextHeader != 59 { statistics.count(.policy) }
            return
        }
        let inner = UnsafeMutableRawBufferPointer(rebasing: packet[opened.payload])
        guard let info = IPPacket(UnsafeRawBufferPointer(inner)), info.espNextHeader == opened.nextHeader else {
            statistics.count(.policy)
            return
        }
        let datagram = UnsafeMutableRawBufferPointer(rebasing: inner[0..<info.totalLength])
        if settings.blockIPv6, case .v6 = info.source {
            statistics.count(.policy)
            if icmpv6Budget.withLock({ $0.allow() }), let reply = ICMPv6Prohibited.reply(to: UnsafeRawBufferPointer(datagram), info) {
                reply.withUnsafeBytes { send($0, nextHeader: 41, on: sa) }
            }
            return
        }
        // Before the selector check: Windows broadcasts its DHCPINFORM to
        // 255.255.255.255, which a split tunnel's selectors do not cover.
        // The responder only answers the SA's own address.
        if let responder = innerResponder, case .v4(let client) = info.source,
           sa.remoteSelectors.contains(where: { $0.contains(info.source) }) {
            switch responder.handle(UnsafeRawBufferPointer(datagram), from: client, logger: logger) {
            case .forward:
                break
            case .drop:
                return
            case .reply(let answer):
                answer.withUnsafeBytes { send($0, nextHeader: 4, on: sa) }
                return
            }
        }
        guard sa.admitsInbound(info, UnsafeRawBufferPointer(datagram)) else {
            statistics.count(.policy)
            logger.debug("inner packet outside the SA's selectors dropped",
                         metadata: ["spi": "\(Hex.string(spi))", "source": "\(info.source)", "destination": "\(info.destination)"])
            return
        }
        if settings.mssClamp { MSSClamp.clamp(datagram, info, maximum: maximumSegmentSize(info)) }
        if !tun.write(UnsafeRawBufferPointer(datagram)) { statistics.count(.sendFailure) }
    }

    // MARK: - Outbound

    /// A packet the kernel routed into the TUN device, sealed into the
    /// reader's batch (sent when the queue is empty or the batch full).
    private func sendOutbound(_ packet: UnsafeMutableRawBufferPointer, batch: OutboundBatch) {
        guard let info = IPPacket(UnsafeRawBufferPointer(packet)) else { return }
        guard let sa = table.outbound(to: info.destination) else {
            statistics.count(.noSA)
            return
        }
        let datagram = UnsafeMutableRawBufferPointer(rebasing: packet[0..<info.totalLength])
        if settings.mssClamp { MSSClamp.clamp(datagram, info, maximum: maximumSegmentSize(info)) }
        do {
            if let expiry = try batch.seal(UnsafeRawBufferPointer(datagram), nextHeader: info.espNextHeader, on: sa, statistics: statistics) {
                report(expiry, sa, cause: "outbound bytes or packets")
            }
        } catch {
            logger.debug("ESP not sent", metadata: ["spi": "\(Hex.string(sa.outbound.spi))", "reason": "\(error)"])
        }
    }

    /// Encrypts one inner packet for `sa` and sends it to the peer at once
    /// (answers from inside the tunnel: DHCP, ICMPv6).
    private func send(_ payload: UnsafeRawBufferPointer, nextHeader: UInt8, on sa: InstalledChildSA) {
        withUnsafeTemporaryAllocation(byteCount: payload.count + 128, alignment: 16) { output in
            do {
                let (length, expiry) = try sa.outbound.seal(payload, nextHeader: nextHeader, into: output)
                if let expiry { report(expiry, sa, cause: "outbound bytes or packets") }
                if !sa.path.send(UnsafeRawBufferPointer(rebasing: output[0..<length])) { statistics.count(.sendFailure) }
            } catch {
                logger.debug("ESP not sent", metadata: ["spi": "\(Hex.string(sa.outbound.spi))", "reason": "\(error)"])
            }
        }
    }

    /// The MSS that fits the tunnel's MTU: less the IPv4 or IPv6 header and
    /// the TCP header without options.
    private func maximumSegmentSize(_ info: IPPacket) -> UInt16 {
        UInt16(max(536, settings.mtu - (info.source.isIPv4 ? 40 : 60)))
    }

    // MARK: - Lifetimes

    private func report(_ expiry: ESPExpiry, _ sa: InstalledChildSA, cause: String) {
        events(.expired(ikeSPI: sa.ikeSPI, inboundSPI: sa.inbound.spi, expiry, cause: cause))
    }

    /// Checks the time limits once a second.
    private func startLifetimeTimer() {
        let timer = LifetimeTimer { [weak self] in self?.checkTimeLimits() }
        resources.withLock { $0.timer = timer }
    }

    private func checkTimeLimits() {
        for (sa, expiry) in table.dueTimeLimits(at: .now) { report(expiry, sa, cause: "time") }
    }

    // MARK: - Shutdown

    public func stop() {
        let resources = resources.withLock { resources in
            defer { resources = Resources() }
            return resources
        }
        resources.timer?.source.cancel()
        for reader in resources.readers { reader.stop() }
        for socket in sockets.removeAll() { socket.close() }
        resources.masquerade?.remove()
        for (address, prefix) in routes { tun.removeRoute(address, prefixLength: prefix) }
        tun.close()
        logger.info("userspace data plane down", metadata: ["interface": "\(tun.name)"])
    }

    /// Drop counters that belong to no SA.
    public var drops: DataPlaneDrops { statistics.snapshot }
}
