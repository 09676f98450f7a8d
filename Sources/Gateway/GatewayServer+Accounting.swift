import Accounting
import DataPlane
import EAP
import Foundation
import IKEEngine
import IKEWire
import NIOConcurrencyHelpers
import RADIUS
import RADIUSClient

/// RADIUS accounting of the gateway's sessions (RFC 2866): a session is an
/// IKE SA from its CHILD_SA's installation to its deletion, named by our
/// SPI in hex, which the Access-Requests of a relayed login carried as
/// Acct-Session-Id too. Users are accounted whoever checked them.
extension GatewayServer {
    /// Remembers an established SA's authorisation for its Start, or
    /// queues its Stop.
    func account(_ event: IKESAEvent) {
        guard accounting != nil else { return }
        switch event {
        case .established(let spi, let peer, let authorization, let addresses):
            let session = AccountingSession(
                sessionID: Hex.string(spi), userName: authorization.accounting.userName ?? authorization.userName,
                callingStationID: "\(peer.address)", framedIPv4: addresses.lazy.compactMap(IPv4Address.init).first,
                framedIPv6: addresses.lazy.compactMap(IPv6Address.init).first, classes: authorization.accounting.classes,
                interimInterval: authorization.accounting.interimInterval, started: Date())
            ledger.withLockedValue { ledger in
                if !ledger.closed { ledger.pendingStarts[spi] = session }
            }
        case .deleted(let spi, _, _, _, let cause):
            // Queued under the ledger's lock, so that shutdown, which closes
            // the ledger before it ends the queue, never loses a Stop. Its
            // CHILD_SAs were retired just before (`deleteChildSA` comes
            // first), so live ones are rare and their counters quick.
            ledger.withLockedValue { ledger in
                guard !ledger.closed else { return }
                let (wasOpen, retired, live) = ledger.remove(spi)
                guard wasOpen else { return }
                let counters = traffic(retired: retired, live: live)
                accountingQueue.continuation.yield(.stop(sessionID: Hex.string(spi), counters: counters, cause: Self.terminateCause(cause)))
            }
        case .keysEstablished, .authenticationFailed, .failed, .rekeyed:
            // A rekeyed IKE SA keeps its session's name: nothing to record.
            break
        }
    }

    /// An installed CHILD_SA: counted for its IKE SA, and the Start of the
    /// session if it is the first.
    func startAccounting(ikeSPI: UInt64, inboundSPI: UInt32) {
        guard accounting != nil else { return }
        ledger.withLockedValue { ledger in
            guard !ledger.closed else { return }
            ledger.liveChildren[ikeSPI, default: []].insert(inboundSPI)
            guard let session = ledger.pendingStarts.removeValue(forKey: ikeSPI) else { return }
            ledger.open.insert(ikeSPI)
            accountingQueue.continuation.yield(.start(session))
        }
    }

    /// Moves a CHILD_SA about to be removed from live to retired traffic,
    /// at once, so no interim read counts it twice or not at all.
    func retire(inboundSPI: UInt32) {
        guard accounting != nil, let ikeSPI = children.withLockedValue({ $0[inboundSPI]?.ikeSPI }) else { return }
        let counters = counters(ofChild: inboundSPI) ?? .zero
        ledger.withLockedValue { ledger in
            guard ledger.liveChildren[ikeSPI]?.remove(inboundSPI) != nil else { return }
            ledger.retired[ikeSPI, default: .zero].add(counters)
        }
    }

    /// The traffic of an open session so far, for Interim-Updates; nil
    /// when the session is not open (any more).
    func traffic(ofSession sessionID: String) -> AccountingCounters? {
        guard let spi = UInt64(sessionID, radix: 16) else { return nil }
        let known: (AccountingCounters, Set<UInt32>)? = ledger.withLockedValue { ledger in
            guard ledger.open.contains(spi) else { return nil }
            return (ledger.retired[spi] ?? .zero, ledger.liveChildren[spi] ?? [])
        }
        guard let (retired, live) = known else { return nil }
        // Read outside the lock (under XFRM each is a netlink round trip).
        // A CHILD_SA retired meanwhile reads as nothing: this update is a
        // little low, the next one right.
        return traffic(retired: retired, live: live)
    }

    /// Retired traffic plus what the live CHILD_SAs have carried so far.
    private func traffic(retired: AccountingCounters, live: Set<UInt32>) -> AccountingCounters {
        var total = retired
        for child in live { total.add(counters(ofChild: child) ?? .zero) }
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
    func openAccounting() async {
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
    /// still open, then Accounting-Off; what the server does not acknowledge
    /// in a few seconds stays spooled for the next start. The ledger is
    /// closed first, so every open session gets exactly one Stop: queued
    /// before, or sent here.
    func stopAccounting() async {
        guard let accounting else { return }
        let open = ledger.withLockedValue { ledger in
            ledger.closed = true
            return ledger.open.map { ($0, ledger.remove($0)) }
        }
        accountingQueue.continuation.finish()
        await accountingConsumer.withLockedValue { $0 }?.value
        for (spi, (_, retired, live)) in open {
            await accounting.sessionStopped(sessionID: Hex.string(spi), counters: traffic(retired: retired, live: live), cause: .adminReboot)
        }
        await accounting.stop(drainTimeout: .seconds(3))
        await accountingClient?.shutdown()
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

/// The gateway as the accounting service's counter source, held weakly:
/// the service belongs to the gateway.
final class WeakServer: @unchecked Sendable {
    private let lock = NIOLock()
    private weak var value: GatewayServer?

    var server: GatewayServer? {
        get { lock.withLock { value } }
        set { lock.withLock { value = newValue } }
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
