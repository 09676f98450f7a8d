/// How the client retransmits, fails over and grows its sockets.
///
/// The defaults follow RFC 5080 §2.2.1's retransmission algorithm (initial
/// timeout 2 s, doubled each time, capped at 16 s) with RFC 2865's usual
/// three sends per server before the next one is tried.
public struct RADIUSTransportSettings: Sendable, Hashable {
    /// How long the first send waits for an answer (RFC 5080 §2.2.1 IRT).
    public var timeout: Duration
    /// Each retransmission waits this many times longer than the one before.
    public var backoff: Double
    /// The longest any one wait may grow to (RFC 5080 §2.2.1 MRT).
    public var maximumTimeout: Duration
    /// Sends (the first and its retransmissions) to one server before that
    /// server counts as failed for the request and the next one is tried.
    public var attempts: Int
    /// A failed server is skipped this long; after it, requests try it again
    /// and its first answer makes it alive.
    public var deadTime: Duration
    /// Sockets per address family; each has 256 identifiers (RFC 2865 §3:
    /// the Identifier is one octet). Beyond them, requests wait for a free
    /// identifier.
    public var maximumSockets: Int

    public init(timeout: Duration = .seconds(2), backoff: Double = 2, maximumTimeout: Duration = .seconds(16),
                attempts: Int = 3, deadTime: Duration = .seconds(30), maximumSockets: Int = 16) {
        self.timeout = timeout
        self.backoff = backoff
        self.maximumTimeout = maximumTimeout
        self.attempts = attempts
        self.deadTime = deadTime
        self.maximumSockets = maximumSockets
    }

    /// Why these settings cannot work, or nil.
    var problem: String? {
        if timeout <= .zero { return "timeout must be positive" }
        if !(backoff >= 1) || !backoff.isFinite { return "backoff must be at least 1" }
        if maximumTimeout < timeout { return "maximum timeout must not be below the timeout" }
        if attempts < 1 { return "attempts must be at least 1" }
        if deadTime < .zero { return "dead time must not be negative" }
        if maximumSockets < 1 { return "at least one socket is needed" }
        return nil
    }

    /// The wait after the wait `previous`: ×backoff, capped.
    func timeout(after previous: Duration) -> Duration {
        min(previous * backoff, maximumTimeout)
    }
}
