import ESP
import IKEEngine
import IKEWire

/// One CHILD_SA as the userspace data plane holds it: both ESP directions,
/// the selectors inbound packets must match, where outbound packets go and
/// when its time limits fall due.
///
/// Immutable. Moving the SA to another outer path (MOBIKE, RFC 4555, or a
/// NAT mapping change, RFC 7296 §2.23) puts a copy with the new path into
/// the table (`moved(to:)`), sharing the ESP directions and so their
/// sequence numbers, replay window and counters. Why not a lock around the
/// path: every outbound packet already takes the table's lock to find its
/// SA and `ESPOutbound`'s to seal; a third lock per packet for a value that
/// changes once per address update would cost every packet and buy
/// nothing. `ESPOutbound`'s lock would be the natural home, but the ESP
/// layer knows nothing of sockets. So the path travels with the entry the
/// lookup returns: a packet sees the old path or the new one, never half of
/// each, and the copy is swapped in under the table's lock that the lookup
/// takes anyway. Packets sealed just before still go to the old address, as
/// packets already on the wire would.
final class InstalledChildSA: Sendable {
    let ikeSPI: UInt64
    let inbound: ESPInbound
    let outbound: ESPOutbound
    let localSelectors: [TrafficSelector]
    let remoteSelectors: [TrafficSelector]
    /// The single addresses the remote selectors name (a client's virtual
    /// addresses), by which outbound packets find this SA.
    let remoteHostAddresses: [IPAddress]
    /// The SA (inbound SPI) that keeps carrying our outbound traffic until
    /// it is removed: the one this SA rekeys, when we answered the rekey
    /// (RFC 7296 §2.8; `ChildSAParameters.deferOutbound`). nil sends on this
    /// SA at once.
    let outboundAfter: UInt32?
    let path: OuterPath
    let installedAt: ContinuousClock.Instant
    /// When the soft time limit (jittered per SA) and the hard one fall due.
    let softDeadline: ContinuousClock.Instant?
    let hardDeadline: ContinuousClock.Instant?

    init(_ child: ChildSAParameters, path: OuterPath, lifetime: ChildSALifetime, replayWindow: Int) throws {
        ikeSPI = child.ikeSPI
        inbound = try ESPInbound(spi: child.inboundSPI, encryption: child.encryption, encryptionKey: child.inboundEncryptionKey,
                                 integrity: child.integrity, integrityKey: child.inboundIntegrityKey,
                                 extendedSequenceNumbers: child.extendedSequenceNumbers, replayWindow: replayWindow,
                                 lifetime: lifetime.perPacket)
        outbound = try ESPOutbound(spi: child.outboundSPI, encryption: child.encryption, encryptionKey: child.outboundEncryptionKey,
                                   integrity: child.integrity, integrityKey: child.outboundIntegrityKey,
                                   extendedSequenceNumbers: child.extendedSequenceNumbers, lifetime: lifetime.perPacket)
        localSelectors = child.localSelectors
        remoteSelectors = child.remoteSelectors
        remoteHostAddresses = child.remoteSelectors.compactMap { selector in
            switch selector {
            case .ipv4(let range): range.start == range.end ? .v4(range.start) : nil
            case .ipv6(let range): range.start == range.end ? .v6(range.start) : nil
            case .unrecognized: nil
            }
        }
        outboundAfter = child.deferOutbound ? child.rekeys : nil
        self.path = path
        let now = ContinuousClock.now
        installedAt = now
        softDeadline = lifetime.drawSoftTime().map { now + $0 }
        hardDeadline = lifetime.hardTime.map { now + $0 }
    }

    private init(_ sa: InstalledChildSA, path: OuterPath) {
        ikeSPI = sa.ikeSPI
        inbound = sa.inbound
        outbound = sa.outbound
        localSelectors = sa.localSelectors
        remoteSelectors = sa.remoteSelectors
        remoteHostAddresses = sa.remoteHostAddresses
        outboundAfter = sa.outboundAfter
        self.path = path
        installedAt = sa.installedAt
        softDeadline = sa.softDeadline
        hardDeadline = sa.hardDeadline
    }

    /// The same SA sending on `path`: same ESP state, same deadlines.
    func moved(to path: OuterPath) -> InstalledChildSA {
        InstalledChildSA(self, path: path)
    }

    var spi: UInt32 { inbound.spi }

    /// Whether an inner packet from the peer is one this SA may carry.
    func admitsInbound(_ packet: IPPacket, _ bytes: UnsafeRawBufferPointer) -> Bool {
        let ports = packet.ports(in: bytes)
        return remoteSelectors.contains { $0.admits(packet.source, transport: packet.transport, port: ports?.source) }
            && localSelectors.contains { $0.admits(packet.destination, transport: packet.transport, port: ports?.destination) }
    }

    func admitsOutbound(_ destination: IPAddress) -> Bool {
        remoteSelectors.contains { $0.contains(destination) }
    }

    var counters: ChildSACounters { ChildSACounters(inbound: inbound.counters, outbound: outbound.counters) }
}
