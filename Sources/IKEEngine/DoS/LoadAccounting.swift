/// The counts behind ``EngineLoad``: one per way an IKE_SA_INIT request is
/// turned away before any Diffie-Hellman (RFC 7296 §2.6), and when the last
/// drop happened. The engine keeps one; only its IKE_SA_INIT path writes it.
struct LoadAccounting {
    enum HalfOpenLimit {
        /// ``DenialOfServicePolicy/halfOpenPerSource``.
        case perSource
        /// ``DenialOfServicePolicy/maximumHalfOpen``.
        case total
    }

    private(set) var cookiesDemanded: UInt64 = 0
    private(set) var droppedBySourceLimit: UInt64 = 0
    private(set) var droppedByTotalLimit: UInt64 = 0
    private(set) var lastDrop: EngineInstant?

    mutating func cookieDemanded() {
        cookiesDemanded += 1
    }

    mutating func dropped(by limit: HalfOpenLimit, at now: EngineInstant) {
        switch limit {
        case .perSource: droppedBySourceLimit += 1
        case .total: droppedByTotalLimit += 1
        }
        lastDrop = now
    }

    /// The snapshot at `now`, with the engine's half-open count and policy.
    func load(halfOpen: Int, policy: DenialOfServicePolicy, now: EngineInstant) -> EngineLoad {
        let demandingCookies = halfOpen >= policy.cookieThreshold
        // Threshold zero demands cookies of everyone always: configuration, not load.
        let cookieModeIsLoad = demandingCookies && policy.cookieThreshold > 0
        let droppedRecently = lastDrop.map { now < $0.advanced(by: policy.underLoadAfterDrop) } ?? false
        return EngineLoad(underLoad: cookieModeIsLoad || droppedRecently, demandingCookies: demandingCookies, halfOpen: halfOpen,
                          cookiesDemanded: cookiesDemanded, droppedBySourceLimit: droppedBySourceLimit,
                          droppedByTotalLimit: droppedByTotalLimit)
    }
}

extension IKEEngine {
    /// What the IKE_SA_INIT defences are doing at `now` (the instant decides
    /// whether a past drop still counts as load).
    public func load(now: EngineInstant) -> EngineLoad {
        loadAccounting.load(halfOpen: halfOpenCount, policy: configuration.denialOfService, now: now)
    }
}
