/// Lets one message through per interval and counts the rest, so a flood of
/// forged or stray datagrams cannot flood the log as well.
struct RADIUSLogLimiter: Sendable {
    let interval: Duration
    private var last: ContinuousClock.Instant?
    private var suppressed = 0

    init(interval: Duration) { self.interval = interval }

    /// The number of messages suppressed since the last one let through, or
    /// nil if this one is to be suppressed too.
    mutating func admit(now: ContinuousClock.Instant) -> Int? {
        if let last, now - last < interval {
            suppressed += 1
            return nil
        }
        last = now
        defer { suppressed = 0 }
        return suppressed
    }
}
