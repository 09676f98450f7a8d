/// What the denial-of-service defences of RFC 7296 §2.6 are doing in one
/// engine: a read-only snapshot for the runtime's status and log lines
/// (``IKEEngine/load(now:)``), summed over shards with ``adding(_:)``.
///
/// The counters run from the engine's start. An IKE_SA_INIT request that
/// gets a COOKIE demand or is dropped costs the gateway no Diffie-Hellman
/// and leaves no state, which is the point of §2.6; they are counted so an
/// operator can see that it happened.
public struct EngineLoad: Codable, Sendable, Equatable {
    /// Whether the engine is under load: it demands cookies because
    /// half-open SAs reached the cookie threshold (a threshold of zero is a
    /// choice of the administrator, not load), or it dropped a request at a
    /// half-open limit within ``DenialOfServicePolicy/underLoadAfterDrop``.
    public var underLoad: Bool
    /// Whether new IKE_SA_INIT requests must carry a valid cookie now.
    public var demandingCookies: Bool
    /// Half-open IKE SAs now.
    public var halfOpen: Int
    /// IKE_SA_INIT requests answered with a COOKIE demand instead of an SA
    /// (RFC 7296 §2.6), including retries whose cookie was not valid.
    public var cookiesDemanded: UInt64
    /// Requests dropped because their source address had
    /// ``DenialOfServicePolicy/halfOpenPerSource`` half-open SAs.
    public var droppedBySourceLimit: UInt64
    /// Requests dropped because the engine had
    /// ``DenialOfServicePolicy/maximumHalfOpen`` half-open SAs.
    public var droppedByTotalLimit: UInt64

    public init(underLoad: Bool = false, demandingCookies: Bool = false, halfOpen: Int = 0, cookiesDemanded: UInt64 = 0,
                droppedBySourceLimit: UInt64 = 0, droppedByTotalLimit: UInt64 = 0) {
        self.underLoad = underLoad
        self.demandingCookies = demandingCookies
        self.halfOpen = halfOpen
        self.cookiesDemanded = cookiesDemanded
        self.droppedBySourceLimit = droppedBySourceLimit
        self.droppedByTotalLimit = droppedByTotalLimit
    }

    /// Requests dropped at either half-open limit.
    public var dropped: UInt64 { droppedBySourceLimit + droppedByTotalLimit }

    /// Two shards' loads as one: counts add up, and the whole is under load
    /// (or demanding cookies) when any part is.
    public func adding(_ other: EngineLoad) -> EngineLoad {
        EngineLoad(underLoad: underLoad || other.underLoad, demandingCookies: demandingCookies || other.demandingCookies,
                   halfOpen: halfOpen + other.halfOpen, cookiesDemanded: cookiesDemanded + other.cookiesDemanded,
                   droppedBySourceLimit: droppedBySourceLimit + other.droppedBySourceLimit,
                   droppedByTotalLimit: droppedByTotalLimit + other.droppedByTotalLimit)
    }
}
