import Dispatch

/// A repeating one-second timer on its own queue. DispatchSource is
/// thread-safe (its methods may be called from any thread), which Swift's
/// Sendable checking cannot see.
struct LifetimeTimer: @unchecked Sendable {
    let source: DispatchSourceTimer

    init(_ handler: @escaping @Sendable () -> Void) {
        source = DispatchSource.makeTimerSource(queue: DispatchQueue(label: "gatehouse.lifetimes"))
        source.schedule(deadline: .now() + 1, repeating: 1)
        source.setEventHandler(handler: handler)
        source.resume()
    }
}
