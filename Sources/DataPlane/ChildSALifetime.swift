import ESP

/// Soft and hard limits of a CHILD_SA by time, bytes and packets (RFC 4301
/// §4.4.2.1). Unset limits do not apply. The soft limits are reported to
/// the engine, which rekeys; the hard ones end the SA.
public struct ChildSALifetime: Sendable, Equatable {
    /// When the gateway rekeys a CHILD_SA itself: well after Windows' own
    /// rekey (about 57 minutes), so the client rekeys first and the two
    /// do not collide, but within a working day.
    public var softTime: Duration? = .seconds(2 * 3600)
    /// When a CHILD_SA that nobody rekeyed (a client that refused ours)
    /// ends: half an hour after the gateway's own attempt.
    public var hardTime: Duration? = .seconds(2 * 3600 + 30 * 60)
    /// How much earlier than `softTime` one SA's own soft time may fall;
    /// nil is a tenth of `softTime`. Each SA draws a uniformly random part
    /// of it when it is installed, so the thousands of SAs that a restart or
    /// a network outage brings up in the same second do not all ask for a
    /// rekey in the same second later on (RFC 7296 §2.8: rekeying SHOULD be
    /// jittered; strongSwan's `rand_time` subtracts in the same way).
    /// Earlier rather than later keeps every SA within the configured soft
    /// time. Hard limits are not jittered.
    public var jitter: Duration?
    public var softBytes: UInt64?
    public var hardBytes: UInt64?
    public var softPackets: UInt64?
    public var hardPackets: UInt64?

    public init() {}

    /// No SA asks for a rekey sooner than this after it is installed,
    /// whatever the soft time and jitter.
    static let shortestSoftTime = Duration.seconds(1)

    /// The jitter that applies: the configured one or a tenth of the soft time.
    var effectiveJitter: Duration {
        jitter ?? softTime.map { $0 / 10 } ?? .zero
    }

    /// One SA's soft time: `softTime` less a uniformly random part of the
    /// jitter, never under a second; nil without a soft time.
    func drawSoftTime(using generator: inout some RandomNumberGenerator) -> Duration? {
        guard let softTime else { return nil }
        let jitter = min(max(effectiveJitter, .zero), softTime)
        let early = jitter * Double.random(in: 0...1, using: &generator)
        return max(softTime - early, Self.shortestSoftTime)
    }

    /// One SA's soft time, drawn from the system's generator.
    func drawSoftTime() -> Duration? {
        var generator = SystemRandomNumberGenerator()
        return drawSoftTime(using: &generator)
    }

    var perPacket: ESPLifetime {
        ESPLifetime(softBytes: softBytes, hardBytes: hardBytes, softPackets: softPackets, hardPackets: hardPackets)
    }
}
