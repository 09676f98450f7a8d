import ESP
import Testing
@testable import DataPlane

@Suite struct TimeLimitCalendarTests {
    let epoch = ContinuousClock.now

    func due(_ calendar: inout TimeLimitCalendar, at seconds: Double) -> [String] {
        var due: [String] = []
        calendar.takeDue(at: epoch + .seconds(seconds)) { spi, expiry in due.append("\(spi) \(expiry)") }
        return due.sorted()
    }

    /// A limit is handed out in the tick after its deadline: never before,
    /// at most a second late, and once.
    @Test func limitsFallDueOnceNeverEarly() {
        var calendar = TimeLimitCalendar(epoch: epoch)
        calendar.add(spi: 1, soft: epoch + .milliseconds(10_300), hard: epoch + .seconds(20))
        calendar.add(spi: 2, soft: epoch + .seconds(10), hard: nil)
        #expect(due(&calendar, at: 9.9).isEmpty)
        #expect(due(&calendar, at: 10.0) == ["2 soft"])
        #expect(due(&calendar, at: 10.5).isEmpty, "10.3 s is filed under second 11")
        #expect(due(&calendar, at: 11.0) == ["1 soft"])
        #expect(due(&calendar, at: 19.99).isEmpty)
        #expect(due(&calendar, at: 25) == ["1 hard"])
        #expect(due(&calendar, at: 100).isEmpty && calendar.count == 0)
    }

    /// A late tick hands out every page it skipped.
    @Test func aLateTickCatchesUp() {
        var calendar = TimeLimitCalendar(epoch: epoch)
        calendar.add(spi: 1, soft: epoch + .seconds(3), hard: epoch + .seconds(7))
        calendar.add(spi: 2, soft: epoch + .seconds(5), hard: nil)
        #expect(due(&calendar, at: 60) == ["1 hard", "1 soft", "2 soft"])
    }

    @Test func removedLimitsAreForgotten() {
        var calendar = TimeLimitCalendar(epoch: epoch)
        let soft = epoch + .seconds(3), hard = epoch + .seconds(9)
        calendar.add(spi: 1, soft: soft, hard: hard)
        calendar.add(spi: 2, soft: soft, hard: hard)
        calendar.remove(spi: 1, soft: soft, hard: hard)
        #expect(calendar.count == 2)
        #expect(due(&calendar, at: 10) == ["2 hard", "2 soft"])
    }

    /// Soft and hard in the same second: the hard one replaces the soft.
    @Test func aHardLimitInTheSameSecondReplacesTheSoftOne() {
        var calendar = TimeLimitCalendar(epoch: epoch)
        calendar.add(spi: 1, soft: epoch + .milliseconds(4_200), hard: epoch + .milliseconds(4_700))
        #expect(due(&calendar, at: 5) == ["1 hard"])
    }

    /// A deadline on a page already handed out goes on the next one rather
    /// than being lost.
    @Test func aDeadlineInThePastIsHandedOutNextTick() {
        var calendar = TimeLimitCalendar(epoch: epoch)
        #expect(due(&calendar, at: 30).isEmpty)
        calendar.add(spi: 5, soft: epoch + .seconds(12), hard: nil)
        #expect(due(&calendar, at: 31) == ["5 soft"])
    }
}
