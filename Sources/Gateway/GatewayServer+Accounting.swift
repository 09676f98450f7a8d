import Accounting
import DataPlane
import EAP
import Foundation
import IKEEngine
import IKEWire
import RADIUS
import RADIUSClient

/// RADIUS accounting of the gateway's sessions (RFC 2866): a session is an
/// IKE SA from its CHILD_SA's installation to its deletion, named by our
/// SPI in hex, which the Access-Requests of a relayed login carried as
/// Acct-Session-Id too. Users are accounted whoever checked them.
extension GatewayServer {
    /// Remembers an established SA's authorisation for its Start, or
    /// sends its Stop.
    func account(_ event: IKESAEvent) {
        guard accounting != nil else { return }
        switch event {
        case .established(let spi, let peer, let authorization, let addresses):
            let session = AccountingSession(
                sessionID: Hex.string(spi), userName: authorization.accounting.userName ?? authorization.userName,
                callingStationID: "\(peer.address)", framedIPv4: addresses.lazy.compactMap(IPv4Address.init).first,
                framedIPv6: addresses.lazy.compactMap(IPv6Address.init).first, classes: authorization.accounting.classes,
                interimInterval: authorization.accounting.interimInterval, started: Date())
            pendingStarts.withLockedValue { $0[spi] = session }
        case .deleted(let spi, _, _, _, let cause):
            pendingStarts.withLockedValue { _ = $0.removeValue(forKey: spi) }
            let counters = traffic(ofIKESA: spi)
            retiredTraffic.withLockedValue { _ = $0.removeValue(forKey: spi) }
            guard accountedSessions.withLockedValue({ $0.remove(spi) }) != nil else { return }
            accountingQueue.continuation.yield(.stop(sessionID: Hex.string(spi), counters: counters, cause: Self.terminateCause(cause)))
        case .keysEstablished, .authenticationFailed, .failed:
            break
        }
    }

    /// The Start of an SA whose CHILD_SA is now installed (once per SA).
    func startAccounting(ikeSPI: UInt64) {
        guard let session = pendingStarts.withLockedValue({ $0.removeValue(forKey: ikeSPI) }) else { return }
        accountedSessions.withLockedValue { _ = $0.insert(ikeSPI) }
        accountingQueue.continuation.yield(.start(session))
    }

    /// Keeps the counters of a CHILD_SA about to be removed, for its IKE
    /// SA's Stop.
    func retire(inboundSPI: UInt32) {
        guard accounting != nil, let ikeSPI = children.withLockedValue({ $0[inboundSPI]?.ikeSPI }),
              let counters = counters(ofChild: inboundSPI) else { return }
        retiredTraffic.withLockedValue { $0[ikeSPI, default: AccountingCounters()].add(counters) }
    }

    /// The traffic of a session so far, for Interim-Updates; nil when the
    /// gateway does not know the session (any more).
    func traffic(ofSession sessionID: String) -> AccountingCounters? {
        guard let spi = UInt64(sessionID, radix: 16), accountedSessions.withLockedValue({ $0.contains(spi) }) else { return nil }
        return traffic(ofIKESA: spi)
    }

    /// The removed and the live CHILD_SAs' traffic of an IKE SA.
    func traffic(ofIKESA ikeSPI: UInt64) -> AccountingCounters {
        var total = retiredTraffic.withLockedValue { $0[ikeSPI] } ?? AccountingCounters()
        let live = children.withLockedValue { $0.filter { $0.value.ikeSPI == ikeSPI }.map(\.key) }
        for spi in live {
            if let counters = counters(ofChild: spi) { total.add(counters) }
        }
        return total
    }

    private func counters(ofChild inboundSPI: UInt32) -> AccountingCounters? {
        guard let counters = dataPlane?.counters(inboundSPI: inboundSPI) else { return nil }
        // Input is what the client sent (RFC 2866 §5.3): our inbound SA.
        return AccountingCounters(inputOctets: counters.inbound.bytes, outputOctets: counters.outbound.bytes,
                                  inputPackets: counters.inbound.packets, outputPackets: counters.outbound.packets)
    }

    /// Accounting-On (after the Stops a crash left), then the queue of
    /// Starts and Stops handed over in order.
    func startAccounting() async {
        guard let accounting else { return }
        await accounting.start()
        let commands = accountingQueue.stream
        accountingConsumer.withLockedValue { consumer in
            consumer = Task {
                for await command in commands {
                    switch command {
                    case .start(let session):
                        await accounting.sessionStarted(session)
                    case .stop(let sessionID, let counters, let cause):
                        await accounting.sessionStopped(sessionID: sessionID, counters: counters, cause: cause)
                    }
                }
            }
        }
    }

    /// At shutdown: a Stop (Admin-Reboot, RFC 2866 §5.10) for every session
    /// still up, then Accounting-Off; what the server does not acknowledge
    /// in a few seconds stays spooled for the next start.
    func stopAccounting() async {
        guard let accounting else { return }
        // What the SAs queued goes first.
        accountingQueue.continuation.finish()
        await accountingConsumer.withLockedValue { $0 }?.value
        let open = accountedSessions.withLockedValue { sessions in
            defer { sessions.removeAll() }
            return sessions
        }
        for spi in open {
            await accounting.sessionStopped(sessionID: Hex.string(spi), counters: traffic(ofIKESA: spi), cause: .adminReboot)
        }
        await accounting.stop(drainTimeout: .seconds(3))
        await accountingClient?.shutdown()
        await radiusClient?.shutdown()
        accountingCounterSource?.withLockedValue { $0 = nil }
    }

    /// Acct-Terminate-Cause for why the SA ended.
    static func terminateCause(_ cause: SAEndCause) -> AccountingTerminateCause {
        switch cause {
        case .peerDeleted: .userRequest
        case .terminated: .adminReset
        case .sessionTimeout: .sessionTimeout
        case .peerUnresponsive: .lostCarrier
        case .replaced, .lifetimeExpired: .nasRequest
        case .gatewayError: .nasError
        }
    }
}

/// A session event for the accounting service, queued in order.
enum AccountingCommand: Sendable {
    case start(AccountingSession)
    case stop(sessionID: String, counters: AccountingCounters, cause: AccountingTerminateCause)
}

/// The accounting service's transport: Accounting-Requests through a
/// RADIUS client, with failover across the accounting servers.
struct RADIUSAccountingTransport: AccountingTransport {
    let client: RADIUSClient

    func sendAccounting(_ request: RADIUSPacket) async throws -> RADIUSPacket {
        try await client.send(request).packet
    }
}
