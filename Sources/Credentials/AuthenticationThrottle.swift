import Synchronization

/// Slows online password guessing (issue: "per-user and per-source failure
/// throttling with backoff, applied before any credential backend is
/// asked"): after a few failures for a user name or from an address,
/// further attempts are refused for a time that doubles with each failure,
/// up to a ceiling. The credential backend is never asked during a block, so
/// guessing through the gateway neither succeeds nor locks directory
/// accounts.
public final class AuthenticationThrottle: Sendable {
    /// The rules.
    public struct Policy: Sendable {
        /// Failures allowed before blocking starts.
        public var freeFailures = 3
        /// The first block; each further failure doubles it.
        public var initialBlock: Duration = .seconds(2)
        /// The longest block.
        public var maximumBlock: Duration = .seconds(300)
        /// Failures older than this are forgotten.
        public var memory: Duration = .seconds(900)

        public init() {}
    }

    private struct Record {
        var failures: Int
        var lastFailure: Duration
        var blockedUntil: Duration
    }

    private struct State {
        var users: [String: Record] = [:]
        var sources: [String: Record] = [:]
        /// Password checks under way per user.
        var checking: [String: Int] = [:]
    }

    public let policy: Policy
    private let state = Mutex(State())

    public init(policy: Policy = Policy()) {
        self.policy = policy
    }

    /// How long `user` from `source` must still wait, or nil if it may try.
    /// `now` is the time since any fixed origin.
    public func blocked(user: String, source: String, now: Duration) -> Duration? {
        state.withLock { state in
            let until = max(state.users[user]?.blockedUntil ?? .zero, state.sources[source]?.blockedUntil ?? .zero)
            return until > now ? until - now : nil
        }
    }

    /// Reserves a password check for `user`, right before the credential
    /// store is asked; false when the user is blocked, or when as many
    /// checks are under way as failures would still be free (at least
    /// one). Parallel handshakes would otherwise all pass ``blocked(user:
    /// source:now:)`` before the first failure is counted, and guess (or
    /// lock a directory account) in a burst. Pair with ``endCheck(user:)``.
    public func beginCheck(user: String, source: String, now: Duration) -> Bool {
        state.withLock { state in
            let until = max(state.users[user]?.blockedUntil ?? .zero, state.sources[source]?.blockedUntil ?? .zero)
            guard until <= now else { return false }
            let failures = state.users[user].map { now - $0.lastFailure > policy.memory ? 0 : $0.failures } ?? 0
            let running = state.checking[user, default: 0]
            guard running < max(1, policy.freeFailures - failures) else { return false }
            state.checking[user] = running + 1
            return true
        }
    }

    /// Ends a check that ``beginCheck(user:source:now:)`` reserved.
    public func endCheck(user: String) {
        state.withLock { state in
            let running = state.checking[user, default: 1] - 1
            state.checking[user] = running > 0 ? running : nil
        }
    }

    /// Counts a failed attempt against both the user and the source.
    public func recordFailure(user: String, source: String, now: Duration) {
        state.withLock { state in
            record(&state.users[user], now: now)
            record(&state.sources[source], now: now)
            // Bound memory under a flood of random names: drop forgotten entries.
            if state.users.count > 100_000 { state.users = state.users.filter { now - $0.value.lastFailure < policy.memory } }
            if state.sources.count > 100_000 { state.sources = state.sources.filter { now - $0.value.lastFailure < policy.memory } }
        }
    }

    /// A success clears the user's record (not the source's: one address
    /// may hold an attacker and a legitimate user).
    public func recordSuccess(user: String) {
        state.withLock { _ = $0.users.removeValue(forKey: user) }
    }

    private func record(_ entry: inout Record?, now: Duration) {
        var record = entry ?? Record(failures: 0, lastFailure: now, blockedUntil: .zero)
        if now - record.lastFailure > policy.memory { record.failures = 0 }
        record.failures += 1
        record.lastFailure = now
        let excess = record.failures - policy.freeFailures
        if excess > 0 {
            let block = min(policy.maximumBlock, policy.initialBlock * (1 << min(excess - 1, 20)))
            record.blockedUntil = now + block
        }
        entry = record
    }
}
