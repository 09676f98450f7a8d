/// Byte and packet limits of one SA direction (RFC 4301 §4.4.2.1, "SA
/// lifetime"). The soft limit asks for a rekey, the hard limit ends the SA.
/// Time limits are the data plane's timers, not per-packet checks.
public struct ESPLifetime: Sendable, Equatable {
    public var softBytes: UInt64?
    public var hardBytes: UInt64?
    public var softPackets: UInt64?
    public var hardPackets: UInt64?

    public init(softBytes: UInt64? = nil, hardBytes: UInt64? = nil, softPackets: UInt64? = nil, hardPackets: UInt64? = nil) {
        self.softBytes = softBytes
        self.hardBytes = hardBytes
        self.softPackets = softPackets
        self.hardPackets = hardPackets
    }

    /// No limits.
    public static let unlimited = ESPLifetime()
}

/// A lifetime limit crossed by the packet just processed; reported once.
public enum ESPExpiry: Sendable, Equatable {
    case soft
    case hard
}

/// What one SA direction has carried: payload octets (the inner packets,
/// as `ip xfrm` and strongSwan count them) and packets, and what it dropped.
public struct ESPCounters: Sendable, Equatable {
    public var bytes: UInt64 = 0
    public var packets: UInt64 = 0
    /// Inbound only: replays, ICV failures and malformed packets.
    public var replayed: UInt64 = 0
    public var authenticationFailures: UInt64 = 0
    public var malformed: UInt64 = 0

    public init() {}

    /// Adds one packet and reports a limit it crossed, hard before soft.
    mutating func count(_ payload: Int, against lifetime: ESPLifetime, reported: inout ESPExpiry?) -> ESPExpiry? {
        bytes &+= UInt64(payload)
        packets &+= 1
        let hard = exceeds(lifetime.hardBytes, lifetime.hardPackets)
        let soft = exceeds(lifetime.softBytes, lifetime.softPackets)
        let crossed: ESPExpiry? = hard ? .hard : (soft ? .soft : nil)
        guard let crossed, crossed != reported, reported != .hard else { return nil }
        reported = crossed
        return crossed
    }

    private func exceeds(_ byteLimit: UInt64?, _ packetLimit: UInt64?) -> Bool {
        if let byteLimit, bytes >= byteLimit { return true }
        if let packetLimit, packets >= packetLimit { return true }
        return false
    }
}
