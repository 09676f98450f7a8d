/// The receiver's anti-replay window (RFC 4303 §3.4.3) with extended
/// sequence number inference (RFC 4303 Appendix A2).
///
/// A bitmap of `size` bits kept as a ring indexed by the sequence number
/// modulo `size`, like Linux's ESN replay state: advancing the window clears
/// only the bits that move into it, so a packet costs O(1) in the usual case
/// of a window moving by one.
public struct ReplayWindow: Sendable {
    /// The window in packets: a multiple of 64, at least 64.
    public let size: Int
    /// The highest sequence number accepted so far; 0 before the first.
    public private(set) var top: UInt64 = 0
    private var bitmap: [UInt64]

    /// The default is four times the 1024 packets issue 4 asks for: at
    /// gigabit rates packets reordered across cores must still fit.
    public static let defaultSize = 4096

    public init(size: Int = ReplayWindow.defaultSize) {
        let words = max(1, (size + 63) / 64)
        self.size = words * 64
        bitmap = [UInt64](repeating: 0, count: words)
    }

    /// Whether `sequence` may be accepted: new, and not older than the
    /// window. Checked before the ICV (cheap rejection, RFC 4303 §3.4.3) and
    /// again by ``accept(_:)`` after it.
    public func admits(_ sequence: UInt64) -> Bool {
        // Sequence numbers start at 1 (RFC 4303 §3.3.3); 0 is never sent.
        guard sequence != 0 else { return false }
        if sequence > top { return true }
        guard top - sequence < UInt64(size) else { return false }
        return !isMarked(sequence)
    }

    /// Marks `sequence` as received, moving the window when it is the new
    /// highest. Returns false (and changes nothing) when it is not admitted.
    @discardableResult
    public mutating func accept(_ sequence: UInt64) -> Bool {
        guard admits(sequence) else { return false }
        if sequence > top {
            let advance = sequence - top
            if advance >= UInt64(size) {
                for index in bitmap.indices { bitmap[index] = 0 }
            } else {
                var clear = top &+ 1
                while clear <= sequence {
                    unmark(clear)
                    clear &+= 1
                }
            }
            top = sequence
        }
        mark(sequence)
        return true
    }

    /// The full 64-bit sequence number of a packet that carries only the
    /// low 32 bits, by RFC 4303 Appendix A2.2: the window decides whether
    /// the low half belongs to the current high half, the next or the
    /// previous one. nil when it would precede sequence number 1.
    public func inferExtended(low: UInt32) -> UInt64? {
        let topLow = UInt32(truncatingIfNeeded: top)
        let topHigh = UInt32(truncatingIfNeeded: top >> 32)
        let window = UInt32(size)
        let bottom = topLow &- window &+ 1
        let high: UInt32
        if topLow >= window - 1 {
            // Case A: the window lies within one high half.
            if low >= bottom {
                high = topHigh
            } else {
                guard topHigh < UInt32.max else { return nil }
                high = topHigh + 1
            }
        } else {
            // Case B: the window spans the previous high half.
            if low >= bottom {
                guard topHigh > 0 else { return nil }
                high = topHigh - 1
            } else {
                high = topHigh
            }
        }
        return UInt64(high) << 32 | UInt64(low)
    }

    private func position(_ sequence: UInt64) -> (word: Int, bit: UInt64) {
        let index = Int(sequence % UInt64(size))
        return (index >> 6, 1 << UInt64(index & 63))
    }

    private func isMarked(_ sequence: UInt64) -> Bool {
        let (word, bit) = position(sequence)
        return bitmap[word] & bit != 0
    }

    private mutating func mark(_ sequence: UInt64) {
        let (word, bit) = position(sequence)
        bitmap[word] |= bit
    }

    private mutating func unmark(_ sequence: UInt64) {
        let (word, bit) = position(sequence)
        bitmap[word] &= ~bit
    }
}
