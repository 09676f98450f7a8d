import Testing
@testable import DataPlane

/// Rekey jitter: each SA's soft time is drawn from [soft - jitter, soft],
/// never under a second; hard limits are not jittered.
@Suite struct ChildSALifetimeTests {
    static func lifetime(soft: Duration?, jitter: Duration? = nil, hard: Duration? = nil) -> ChildSALifetime {
        var lifetime = ChildSALifetime()
        lifetime.softTime = soft
        lifetime.jitter = jitter
        lifetime.hardTime = hard
        return lifetime
    }

    /// Within the span, and spread over it: a thousand draws reach both
    /// ends' tenths (a miss has odds of 0.9^1000) and hardly repeat.
    static func expectSpread(_ draws: [Duration], within range: ClosedRange<Duration>) {
        #expect(draws.allSatisfy { range.contains($0) }, "\(draws.filter { !range.contains($0) }.prefix(3))")
        let width = range.upperBound - range.lowerBound
        #expect(draws.contains { $0 < range.lowerBound + width / 10 } && draws.contains { $0 > range.upperBound - width / 10 })
        #expect(Set(draws.map(\.components.attoseconds)).count > draws.count * 9 / 10)
    }

    @Test func softTimesSpreadOverTheJitter() {
        let lifetime = Self.lifetime(soft: .seconds(3600), jitter: .seconds(600))
        Self.expectSpread((0..<1000).map { _ in lifetime.drawSoftTime()! }, within: .seconds(3000)...(.seconds(3600)))
    }

    @Test func theJitterDefaultsToATenthOfTheSoftTime() {
        let lifetime = Self.lifetime(soft: .seconds(7200))
        #expect(lifetime.effectiveJitter == .seconds(720))
        Self.expectSpread((0..<1000).map { _ in lifetime.drawSoftTime()! }, within: .seconds(6480)...(.seconds(7200)))
    }

    @Test func noJitterAndNoSoftTime() {
        #expect(Self.lifetime(soft: .seconds(90), jitter: .zero).drawSoftTime() == .seconds(90))
        #expect(Self.lifetime(soft: nil, jitter: .seconds(5), hard: .seconds(60)).drawSoftTime() == nil)
    }

    /// A jitter as long as the soft time (the settings refuse it; the
    /// struct does not trap) still leaves at least a second.
    @Test func aSoftTimeIsNeverUnderASecond() {
        let lifetime = Self.lifetime(soft: .seconds(3), jitter: .seconds(10))
        let draws = (0..<1000).map { _ in lifetime.drawSoftTime()! }
        #expect(draws.allSatisfy { $0 >= .seconds(1) && $0 <= .seconds(3) } && draws.contains { $0 == .seconds(1) })
    }

    /// Installed SAs draw their own soft deadlines; the hard one is the
    /// configured time for all.
    @Test func installedSAsGetTheirOwnSoftDeadline() throws {
        let lifetime = Self.lifetime(soft: .seconds(100), jitter: .seconds(50), hard: .seconds(200))
        let sas = try (0..<200).map { try ChildSATableTests.installed(UInt32(1000 + $0), lifetime: lifetime) }
        #expect(sas.allSatisfy { $0.hardDeadline == $0.installedAt + .seconds(200) })
        let soft = try sas.map { try #require($0.softDeadline) - $0.installedAt }
        #expect(soft.allSatisfy { (.seconds(50)...(.seconds(100))).contains($0) })
        #expect(Set(soft).count > 190 && soft.contains { $0 < .seconds(60) } && soft.contains { $0 > .seconds(90) })
    }

    /// The kernel gets each SA's own soft time in whole seconds, the same
    /// for its two states; the hard time unchanged.
    @Test func xfrmStatesGetTheirOwnSoftTime() throws {
        let lifetime = Self.lifetime(soft: .seconds(3600), jitter: .seconds(360), hard: .seconds(7200))
        let plans = try (0..<200).map { _ in try XFRMChildSAPlan(ChildSAFixture.child(), lifetime: lifetime, replayWindow: 64) }
        #expect(plans.allSatisfy { $0.inbound.lifetime == $0.outbound.lifetime && $0.inbound.lifetime.hardAddExpiresSeconds == 7200 })
        let soft = plans.map(\.inbound.lifetime.softAddExpiresSeconds)
        #expect(soft.allSatisfy { (3240...3600).contains($0) } && Set(soft).count > 100, "\(soft.prefix(5))")
    }
}
