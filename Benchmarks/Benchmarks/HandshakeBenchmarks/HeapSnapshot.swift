import CHeapUsage
import MallocInterposerSwift

/// What the heap holds at one moment, by glibc's account and by the
/// benchmark's malloc interposer. Meaningful as differences between
/// snapshots taken while the interposer counts (a benchmark with a malloc
/// metric), on one thread.
struct HeapSnapshot {
    /// Bytes in glibc chunks in use (`mallinfo2`: uordblks + hblkhd).
    var chunkBytes: Int
    /// Bytes requested by malloc and friends, less those freed.
    var requestedBytes: Int
    /// Allocations made, less those freed.
    var allocations: Int

    /// The interposer puts a 16-octet size header in front of every block it
    /// hands out, so glibc's chunks are that much larger than they would be
    /// in the gateway; differences of `chunkBytes` are corrected by this
    /// much per live allocation.
    static let interposerHeaderBytes = 16

    static func now() -> HeapSnapshot {
        let counts = MallocInterposerSwift.getStatistics()
        return HeapSnapshot(chunkBytes: heap_bytes_in_use(),
                            requestedBytes: counts.mallocBytesCount - counts.freeBytesCount,
                            allocations: counts.mallocCount - counts.freeCount)
    }

    /// What was added between `earlier` and this snapshot, per item, with
    /// glibc's chunk bytes corrected for the interposer's headers.
    func growth(since earlier: HeapSnapshot, per items: Int) -> (heapBytes: Int, requestedBytes: Int, allocations: Int) {
        let allocations = self.allocations - earlier.allocations
        let heapBytes = chunkBytes - earlier.chunkBytes - allocations * Self.interposerHeaderBytes
        return (heapBytes / items, (requestedBytes - earlier.requestedBytes) / items, allocations / items)
    }
}
