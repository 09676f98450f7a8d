import IKEEngine
import Testing
@testable import Gateway

/// When the gateway logs that load began and ended (`LoadMonitor`).
@Suite struct LoadMonitorTests {
    func at(_ seconds: Int) -> EngineInstant { EngineInstant.zero.advanced(by: .seconds(seconds)) }

    /// A sample with these counts; under load when `busy`.
    func load(busy: Bool, halfOpen: Int = 0, cookies: UInt64 = 0, dropped: UInt64 = 0) -> EngineLoad {
        EngineLoad(underLoad: busy, demandingCookies: busy, halfOpen: halfOpen, cookiesDemanded: cookies, droppedBySourceLimit: dropped)
    }

    /// A flood of any length makes one line when it begins and one when it
    /// has been over for the quiet period; counts are the episode's only.
    @Test func anEpisodeMakesTwoReports() {
        var monitor = LoadMonitor(quietPeriod: .seconds(10))
        #expect(monitor.observe(load(busy: false, cookies: 5), at: at(1)) == nil)
        let began = monitor.observe(load(busy: true, halfOpen: 30, cookies: 905, dropped: 2), at: at(2))
        #expect(began == LoadMonitor.Report(kind: .began, load: load(busy: true, halfOpen: 30, cookies: 905, dropped: 2),
                                            cookiesDemanded: 900, dropped: 2, peakHalfOpen: 30, duration: .zero))
        for second in 3...14 {
            #expect(monitor.observe(load(busy: true, halfOpen: 30 + second, cookies: 905 + 1_000 * UInt64(second - 2), dropped: 2),
                                    at: at(second)) == nil)
        }
        // Quiet, but not yet for ten seconds.
        for second in 15...23 {
            #expect(monitor.observe(load(busy: false, halfOpen: 1, cookies: 12_905, dropped: 2), at: at(second)) == nil)
        }
        #expect(monitor.inEpisode)
        let ended = monitor.observe(load(busy: false, halfOpen: 1, cookies: 12_905, dropped: 2), at: at(24))
        #expect(ended == LoadMonitor.Report(kind: .ended, load: load(busy: false, halfOpen: 1, cookies: 12_905, dropped: 2),
                                            cookiesDemanded: 12_900, dropped: 2, peakHalfOpen: 44, duration: .seconds(12)))
        #expect(!monitor.inEpisode)
        #expect(monitor.observe(load(busy: false, halfOpen: 1, cookies: 12_905, dropped: 2), at: at(25)) == nil)
    }

    /// Load that flickers (cookie mode around its threshold) within the
    /// quiet period stays one episode: no line per flicker.
    @Test func flickeringLoadIsOneEpisode() {
        var monitor = LoadMonitor(quietPeriod: .seconds(10))
        var reports: [LoadMonitor.Report.Kind] = []
        for second in 0..<60 {
            if let report = monitor.observe(load(busy: second % 3 == 0, halfOpen: 30), at: at(second)) { reports.append(report.kind) }
        }
        #expect(reports == [.began])
        for second in 60..<71 {
            if let report = monitor.observe(load(busy: false), at: at(second)) { reports.append(report.kind) }
        }
        #expect(reports == [.began, .ended])
        // A new episode after that is reported again.
        #expect(monitor.observe(load(busy: true), at: at(80))?.kind == .began)
    }
}
