import Dispatch

/// A task executor with a thread of its own, for the tests that time how
/// long a look-up takes. On this 2-core machine the cooperative pool has
/// two threads, and other suites' CPU-bound tests (RSA key generation) hold
/// them for tens of seconds; a continuation resumed on time would then wait
/// for a thread, and the test would time the starvation, not the store.
final class DedicatedExecutor: TaskExecutor {
    private let queue = DispatchQueue(label: "directory-tests.timing")

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        queue.async { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }

    /// How long `body` takes, measured on this executor.
    func time<T: Sendable>(_ body: @Sendable () async -> T) async -> (T, Duration) {
        await withTaskExecutorPreference(self) {
            let start = ContinuousClock.now
            let result = await body()
            return (result, ContinuousClock.now - start)
        }
    }
}
