import IKEEngine

/// Turns periodic samples of the shards' summed ``EngineLoad`` into the
/// gateway's load log lines: one when load begins, one when it has been
/// over for ``quietPeriod``, nothing in between. However long a flood lasts,
/// and however often the engines' cookie mode flips around its threshold
/// while it does, it makes two lines (the per-request lines of the
/// IKE_SA_INIT path are at debug level).
struct LoadMonitor {
    /// An episode of load as the log reports it.
    struct Report: Equatable {
        enum Kind: Equatable {
            /// The first sample under load: counts since the sample before.
            case began
            /// Quiet for the quiet period: counts over the whole episode.
            case ended
        }

        var kind: Kind
        /// The load at this sample.
        var load: EngineLoad
        /// IKE_SA_INIT requests answered with a COOKIE demand in the period
        /// reported.
        var cookiesDemanded: UInt64
        /// Requests dropped at a half-open limit in the period reported.
        var dropped: UInt64
        /// The most half-open SAs seen in the period reported.
        var peakHalfOpen: Int
        /// From the episode's first sample under load to its last.
        var duration: Duration
    }

    private struct Episode {
        /// The sample before the episode: its counts are the base.
        let base: EngineLoad
        let start: EngineInstant
        var lastUnderLoad: EngineInstant
        var peakHalfOpen: Int
    }

    /// How long load must be absent before the episode is reported over.
    let quietPeriod: Duration
    private var episode: Episode?
    private var previous = EngineLoad()

    init(quietPeriod: Duration) {
        self.quietPeriod = quietPeriod
    }

    /// Whether an episode of load is open (begun, not yet reported over).
    var inEpisode: Bool { episode != nil }

    /// Takes the sample at `now`; returns what to log, if anything.
    mutating func observe(_ load: EngineLoad, at now: EngineInstant) -> Report? {
        defer { previous = load }
        if var open = episode {
            if load.underLoad {
                open.lastUnderLoad = now
                open.peakHalfOpen = max(open.peakHalfOpen, load.halfOpen)
                episode = open
                return nil
            }
            guard now.duration(since: open.lastUnderLoad) >= quietPeriod else { return nil }
            episode = nil
            return report(.ended, load, since: open.base, peakHalfOpen: open.peakHalfOpen,
                          duration: open.lastUnderLoad.duration(since: open.start))
        }
        guard load.underLoad else { return nil }
        episode = Episode(base: previous, start: now, lastUnderLoad: now, peakHalfOpen: load.halfOpen)
        return report(.began, load, since: previous, peakHalfOpen: load.halfOpen, duration: .zero)
    }

    private func report(_ kind: Report.Kind, _ load: EngineLoad, since base: EngineLoad, peakHalfOpen: Int,
                        duration: Duration) -> Report {
        // Counters only grow, except when the shards are replaced (never
        // while the gateway runs); saturate rather than trap.
        Report(kind: kind, load: load, cookiesDemanded: load.cookiesDemanded.subtractingSaturated(base.cookiesDemanded),
               dropped: load.dropped.subtractingSaturated(base.dropped), peakHalfOpen: peakHalfOpen, duration: duration)
    }
}

private extension UInt64 {
    func subtractingSaturated(_ other: UInt64) -> UInt64 { self > other ? self - other : 0 }
}
