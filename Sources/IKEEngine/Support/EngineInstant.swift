/// A point on the monotonic clock the runtime feeds the engine.
///
/// The engine never reads a clock itself (it is sans-I/O): every input
/// carries the current instant, and outputs name the instant the engine next
/// needs to be woken at. Tests drive time by hand.
public struct EngineInstant: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Nanoseconds since an arbitrary origin.
    public var nanoseconds: UInt64

    public init(nanoseconds: UInt64) {
        self.nanoseconds = nanoseconds
    }

    /// The origin, for tests.
    public static let zero = EngineInstant(nanoseconds: 0)

    public static func < (lhs: EngineInstant, rhs: EngineInstant) -> Bool { lhs.nanoseconds < rhs.nanoseconds }

    /// `self` moved forward by `duration` (saturating).
    public func advanced(by duration: Duration) -> EngineInstant {
        let (seconds, attoseconds) = duration.components
        let nanoseconds = UInt64(clamping: seconds) &* 1_000_000_000 &+ UInt64(clamping: attoseconds / 1_000_000_000)
        let (sum, overflow) = self.nanoseconds.addingReportingOverflow(nanoseconds)
        return EngineInstant(nanoseconds: overflow ? .max : sum)
    }

    /// The time from `earlier` to `self`, zero if `earlier` is later.
    public func duration(since earlier: EngineInstant) -> Duration {
        guard nanoseconds > earlier.nanoseconds else { return .zero }
        return .nanoseconds(Int64(clamping: nanoseconds - earlier.nanoseconds))
    }

    public var description: String { "t+\(Double(nanoseconds) / 1e9)s" }
}
