import IKEEngine
import Logging

/// Load on the IKE_SA_INIT defences (RFC 7296 §2.6) across shards: the
/// `load` field of `gatehouse status`, and the log lines that say when the
/// gateway starts and stops being under load.
extension GatewayServer {
    /// How often the shards' load is sampled for the log lines.
    static let loadSampleInterval: Duration = .seconds(1)
    /// How long load must be gone before its end is logged; load that comes
    /// back sooner continues the same episode (no line).
    static let loadQuietPeriod: Duration = .seconds(10)

    /// Every shard's load, summed.
    public func load() async throws -> EngineLoad {
        var total = EngineLoad()
        for shard in shards.withLockedValue({ $0 }) {
            total = total.adding(try await shard.query { engine, now in engine.load(now: now) })
        }
        return total
    }

    /// Starts sampling the load once per ``loadSampleInterval``.
    func startWatchingLoad() {
        let watch = Task { [weak self] in
            var monitor = LoadMonitor(quietPeriod: Self.loadQuietPeriod)
            while !Task.isCancelled {
                try? await Task.sleep(for: Self.loadSampleInterval)
                guard let self, !Task.isCancelled else { return }
                guard let load = try? await self.load() else { continue }
                if let report = monitor.observe(load, at: .current) { self.log(report) }
            }
        }
        loadWatch.withLockedValue { $0 = watch }
    }

    func stopWatchingLoad() {
        loadWatch.withLockedValue { $0 }?.cancel()
    }

    private func log(_ report: LoadMonitor.Report) {
        switch report.kind {
        case .began:
            logger.warning("gateway under load: new IKE_SA_INIT requests get a cookie demand or are dropped (RFC 7296 §2.6)", metadata: [
                "half_open": "\(report.load.halfOpen)", "demanding_cookies": "\(report.load.demandingCookies)",
                "cookies_demanded_1s": "\(report.cookiesDemanded)", "dropped_1s": "\(report.dropped)",
            ])
        case .ended:
            logger.notice("gateway no longer under load", metadata: [
                "duration": "\(report.duration.components.seconds)s", "cookies_demanded": "\(report.cookiesDemanded)",
                "dropped": "\(report.dropped)", "peak_half_open": "\(report.peakHalfOpen)",
            ])
        }
    }
}
