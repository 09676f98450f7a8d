import Glibc

/// The two clocks the handshake benchmarks read besides the harness's own.
enum Clocks {
    /// The monotonic clock: a vDSO read, about 30 ns here.
    static func monotonicNanoseconds() -> Int {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return time.tv_sec * 1_000_000_000 + time.tv_nsec
    }

    /// CPU time of the calling thread, immune to preemption by other work on
    /// the machine; a system call, about 0.9 µs here, so read it once per
    /// handshake. (package-benchmark's cpuTotal counts scheduler ticks of
    /// 10 ms from /proc, too coarse for one handshake, and allocates.)
    static func threadCPUNanoseconds() -> Int {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return time.tv_sec * 1_000_000_000 + time.tv_nsec
    }
}
