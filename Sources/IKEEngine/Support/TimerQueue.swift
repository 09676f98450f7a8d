/// A min-heap of (deadline, SA) wake-ups: one structure for all SAs, not a
/// scheduled task per SA (DESIGN §3), so a hundred thousand SAs cost a
/// hundred thousand heap entries and nothing else.
///
/// Entries are not removed when an SA's deadline changes; the SA re-checks
/// its own deadlines when woken, so a stale entry costs one wasted look-up.
struct TimerQueue {
    private var heap: [(deadline: EngineInstant, spi: UInt64)] = []

    var isEmpty: Bool { heap.isEmpty }
    var count: Int { heap.count }

    /// The earliest deadline, if any.
    var earliest: EngineInstant? { heap.first?.deadline }

    mutating func schedule(_ spi: UInt64, at deadline: EngineInstant) {
        heap.append((deadline, spi))
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard heap[child].deadline < heap[parent].deadline else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    /// Removes and returns the SPIs of every entry due at `now`.
    mutating func popDue(_ now: EngineInstant) -> [UInt64] {
        var due: [UInt64] = []
        while let first = heap.first, first.deadline <= now {
            due.append(first.spi)
            let last = heap.removeLast()
            guard !heap.isEmpty else { break }
            heap[0] = last
            var parent = 0
            while true {
                let left = 2 * parent + 1, right = left + 1
                var smallest = parent
                if left < heap.count, heap[left].deadline < heap[smallest].deadline { smallest = left }
                if right < heap.count, heap[right].deadline < heap[smallest].deadline { smallest = right }
                guard smallest != parent else { break }
                heap.swapAt(parent, smallest)
                parent = smallest
            }
        }
        return due
    }
}
