import Foundation

/// How the accounting service batches, sends and retries. The defaults suit
/// a gateway; tests shorten the delays and replace the clock.
public struct AccountingSpoolSettings: Sendable {
    /// How long changes wait to be written together: one fsync per batch,
    /// not per record.
    public var flushInterval: Duration
    /// A batch this large is written at once, without waiting.
    public var flushThreshold: Int
    /// Records sent at the same time (never two of one session).
    public var maximumInFlight: Int
    /// The first wait after the transport failed; doubled at each failure
    /// up to `maximumRetryDelay`, back to this after an answer.
    public var initialRetryDelay: Duration
    public var maximumRetryDelay: Duration
    /// The wall clock for Event-Timestamp, Acct-Session-Time and
    /// Acct-Delay-Time. Timers (flush, interim, retry) use the continuous
    /// clock and do not read this.
    public var now: @Sendable () -> Date

    public init(flushInterval: Duration = .milliseconds(20), flushThreshold: Int = 128, maximumInFlight: Int = 32,
                initialRetryDelay: Duration = .seconds(1), maximumRetryDelay: Duration = .seconds(60),
                now: @escaping @Sendable () -> Date = { Date() }) {
        self.flushInterval = flushInterval
        self.flushThreshold = max(1, flushThreshold)
        self.maximumInFlight = max(1, maximumInFlight)
        self.initialRetryDelay = initialRetryDelay
        self.maximumRetryDelay = max(initialRetryDelay, maximumRetryDelay)
        self.now = now
    }
}
