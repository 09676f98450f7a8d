import Testing
@testable import ESP

@Suite struct ReplayWindowTests {
    @Test func sizeIsRoundedToWholeWords() {
        #expect(ReplayWindow(size: 1).size == 64)
        #expect(ReplayWindow(size: 1024).size == 1024)
        #expect(ReplayWindow(size: 1025).size == 1088)
        #expect(ReplayWindow().size >= 1024)
    }

    @Test func edgesOfTheWindow() {
        var window = ReplayWindow(size: 64)
        #expect(!window.admits(0), "sequence numbers start at 1")
        var accepted = [window.accept(100)]
        #expect(window.admits(37) && !window.admits(36), "the window is 37...100")
        accepted += [window.accept(37), !window.accept(37)]
        accepted.append(window.accept(164))  // a jump of exactly the window size
        #expect(!window.admits(100) && window.admits(101))
        accepted.append(window.accept(10_000))  // a jump beyond the window clears it
        #expect(window.admits(9_999) && !window.admits(10_000) && window.top == 10_000)
        #expect(accepted == [true, true, true, true, true])
    }

    /// Against a plain set: random arrivals, duplicates and old packets.
    @Test func matchesAReferenceModel() {
        var window = ReplayWindow(size: 128)
        var seen = Set<UInt64>()
        var top: UInt64 = 0
        var mismatches = 0
        for step in 0..<20_000 {
            let base = UInt64(step / 4 + 1)
            let sequence = base + UInt64.random(in: 0...40) - min(base, UInt64.random(in: 0...200))
            let expected = sequence != 0 && !seen.contains(sequence) && (sequence > top || top - sequence < 128)
            if window.accept(sequence) != expected { mismatches += 1 }
            if expected {
                seen.insert(sequence)
                top = max(top, sequence)
            }
        }
        #expect(mismatches == 0)
        #expect(seen.count > 1_000, "the model accepted enough to mean something")
    }

    /// RFC 4303 Appendix A2.2 cases A and B.
    @Test func extendedSequenceInference() {
        var window = ReplayWindow(size: 64)
        #expect(window.inferExtended(low: 5) == 5)
        #expect(window.inferExtended(low: UInt32.max) == nil, "before sequence number 1")
        window.accept((3 << 32) + 1000)
        // Case A: Tl ≥ W - 1.
        #expect(window.inferExtended(low: 1000) == (3 << 32) + 1000)
        #expect(window.inferExtended(low: 937) == (3 << 32) + 937, "bottom of the window")
        #expect(window.inferExtended(low: 936) == (4 << 32) + 936, "below the window: the next high half")
        var low = ReplayWindow(size: 64)
        low.accept((3 << 32) + 10)
        // Case B: Tl < W - 1, the window reaches into the previous high half.
        #expect(low.inferExtended(low: 10) == (3 << 32) + 10)
        #expect(low.inferExtended(low: UInt32.max - 20) == (2 << 32) + UInt64(UInt32.max - 20))
        #expect(low.inferExtended(low: 500) == (3 << 32) + 500)
    }
}
