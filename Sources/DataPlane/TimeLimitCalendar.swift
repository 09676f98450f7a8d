import ESP

/// The soft and hard time limits of the installed CHILD_SAs, filed by the
/// second in which they fall due (DESIGN §3: per-SA timers in one
/// structure, not a task per SA).
///
/// A calendar of one-second pages rather than a scan of every SA each
/// second (which held the table's lock over all of them and copied them
/// into an array) or a heap (whose entries for removed SAs would linger
/// until their deadline: hours, for SAs rekeyed long before their hard
/// limit). Filing, removing and a tick with nothing due cost a hash lookup
/// each, and a tick allocates nothing. Limits are handed out at most a
/// second late, never early, as the per-second scan did.
struct TimeLimitCalendar {
    private let epoch: ContinuousClock.Instant
    /// By second after `epoch`: the SAs (inbound SPI) with a limit falling
    /// due within it. A hard limit in the same second as the soft one
    /// replaces it.
    private var pages: [Int64: [UInt32: ESPExpiry]] = [:]
    /// The first second whose page has not been handed out.
    private var nextPage: Int64 = 0

    init(epoch: ContinuousClock.Instant = .now) {
        self.epoch = epoch
    }

    /// How many limits wait.
    var count: Int { pages.values.reduce(0) { $0 + $1.count } }

    mutating func add(spi: UInt32, soft: ContinuousClock.Instant?, hard: ContinuousClock.Instant?) {
        // Hard second: on a shared page it replaces the soft limit.
        if let soft { pages[page(of: soft), default: [:]][spi] = .soft }
        if let hard { pages[page(of: hard), default: [:]][spi] = .hard }
    }

    /// Forgets the SA's limits; `soft` and `hard` as they were added.
    mutating func remove(spi: UInt32, soft: ContinuousClock.Instant?, hard: ContinuousClock.Instant?) {
        for deadline in [soft, hard] {
            guard let deadline else { continue }
            let page = page(of: deadline)
            pages[page]?[spi] = nil
            if pages[page]?.isEmpty == true { pages[page] = nil }
        }
    }

    /// Hands every limit due by `now` to `body`, each once, page by page.
    mutating func takeDue(at now: ContinuousClock.Instant, _ body: (UInt32, ESPExpiry) -> Void) {
        let elapsed = (now - epoch).components.seconds
        while nextPage <= elapsed {
            if let page = pages.removeValue(forKey: nextPage) {
                for (spi, expiry) in page { body(spi, expiry) }
            }
            nextPage += 1
        }
    }

    /// The page a deadline is filed on: the second it falls in, rounded
    /// up so it is not handed out early, and not one already handed out.
    private func page(of deadline: ContinuousClock.Instant) -> Int64 {
        let (seconds, attoseconds) = (deadline - epoch).components
        return max(seconds + (attoseconds > 0 ? 1 : 0), nextPage)
    }
}
