import EAP
import Logging
import Synchronization

/// Credential stores asked in order, for example the directory and then
/// the local secrets file (the "local MD4 path").
///
/// The next store is asked **only** when the one before could not be
/// reached (``CredentialVerdict/unavailable(reason:)``). Its answers are
/// otherwise final: a wrong password, a user it does not know or who may
/// not log in (``CredentialVerdict/refused(_:)``), and a store reached but
/// unable to answer safely (``CredentialVerdict/failed(reason:)``, e.g. a
/// TLS certificate that does not verify), so an attacker who breaks the
/// path to the directory cannot force the fallback.
///
/// Each store but the last has a circuit breaker: once it is unreachable,
/// it is skipped for `breakerTime`, so a dead directory costs one timeout
/// rather than one per handshake; after that, one look-up probes it while
/// the others keep skipping it.
public final class CredentialChain: CredentialStore {
    /// A store and the name its decisions are logged under.
    public struct Link: Sendable {
        public let name: String
        public let store: any CredentialStore

        public init(name: String, store: any CredentialStore) {
            self.name = name
            self.store = store
        }
    }

    private struct Breaker {
        var openUntil: ContinuousClock.Instant?
        var probing = false
    }

    private let links: [Link]
    private let breakerTime: Duration
    private let breakers: Mutex<[Breaker]>
    private let logger: Logger
    private let now: @Sendable () -> ContinuousClock.Instant

    public init(_ links: [Link], breakerTime: Duration = .seconds(30), logger: Logger,
                now: @escaping @Sendable () -> ContinuousClock.Instant = { ContinuousClock.now }) {
        precondition(!links.isEmpty, "a chain has at least one store")
        self.links = links
        self.breakerTime = breakerTime
        self.logger = logger
        self.now = now
        breakers = Mutex(Array(repeating: Breaker(), count: links.count))
    }

    public func verify(_ userName: String, _ proof: CredentialProof) async -> CredentialVerdict {
        var reasons: [String] = []
        for (index, link) in links.enumerated() {
            let isLast = index == links.count - 1
            guard isLast || admit(index) else {
                reasons.append("\(link.name): skipped, unreachable recently")
                continue
            }
            let answer = await link.store.verify(userName, proof)
            switch answer {
            case .unavailable(let reason):
                if !isLast { trip(index) }
                reasons.append("\(link.name): \(reason)")
                logger.warning("credential store unreachable\(isLast ? "" : "; asking the next one")",
                               metadata: ["store": "\(link.name)", "user": "\(userName)", "reason": "\(reason)"])
            case .accepted, .refused, .failed:
                if !isLast { close(index) }
                if index > 0 {
                    logger.notice("credentials checked by a fallback store", metadata: [
                        "store": "\(link.name)", "user": "\(userName)", "because": "\(reasons.joined(separator: "; "))",
                    ])
                }
                return answer
            }
        }
        return .unavailable(reason: reasons.joined(separator: "; "))
    }

    /// Each store's name and, for one found unreachable, how long it is
    /// still skipped (zero: due for its probe); for `gatehouse status`.
    public var states: [(name: String, skippedFor: Duration?)] {
        let now = now()
        return breakers.withLock { breakers in
            zip(links, breakers).map { link, breaker in
                (link.name, breaker.openUntil.map { max(.zero, $0 - now) })
            }
        }
    }

    /// Takes over `other`'s breaker states for the stores named alike (a
    /// reload that keeps the directory: one found unreachable stays
    /// skipped rather than costing another timeout).
    public func inheritBreakers(from other: CredentialChain) {
        let theirs = Dictionary(zip(other.links.map(\.name), other.breakers.withLock { $0 }), uniquingKeysWith: { first, _ in first })
        breakers.withLock { breakers in
            for (index, link) in links.enumerated() {
                // Not its probe: one running on the old chain would close
                // only the old breaker.
                if let breaker = theirs[link.name] { breakers[index] = Breaker(openUntil: breaker.openUntil) }
            }
        }
    }

    /// Whether store `index` may be asked now: its breaker is closed, or
    /// its time is over and no other look-up is probing it.
    private func admit(_ index: Int) -> Bool {
        let now = now()
        return breakers.withLock { breakers in
            guard let until = breakers[index].openUntil else { return true }
            guard now >= until, !breakers[index].probing else { return false }
            breakers[index].probing = true
            return true
        }
    }

    private func trip(_ index: Int) {
        let until = now() + breakerTime
        breakers.withLock { $0[index] = Breaker(openUntil: until) }
    }

    private func close(_ index: Int) {
        breakers.withLock { $0[index] = Breaker() }
    }
}
