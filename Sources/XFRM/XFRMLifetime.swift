/// When the kernel expires a state (struct xfrm_lifetime_cfg): soft limits
/// make it send XFRM_MSG_EXPIRE so the gateway rekeys, hard limits delete the
/// state. Byte and packet limits of `UInt64.max` (XFRM_INF) and times of 0
/// mean none, as in the kernel.
///
/// The use-expire times (seconds after first use) are left unset: IKEv2 has
/// no lifetime of that kind.
public struct XFRMLifetime: Hashable, Sendable, CustomStringConvertible {
    public var softByteLimit: UInt64
    public var hardByteLimit: UInt64
    public var softPacketLimit: UInt64
    public var hardPacketLimit: UInt64
    /// Seconds after installation.
    public var softAddExpiresSeconds: UInt64
    public var hardAddExpiresSeconds: UInt64

    /// XFRM_INF: no limit.
    public static let infinite = UInt64.max

    /// No limits, what iproute2 and the kernel use when none is given.
    public static let unlimited = XFRMLifetime()

    public init(softByteLimit: UInt64 = infinite, hardByteLimit: UInt64 = infinite,
                softPacketLimit: UInt64 = infinite, hardPacketLimit: UInt64 = infinite,
                softAddExpiresSeconds: UInt64 = 0, hardAddExpiresSeconds: UInt64 = 0) {
        self.softByteLimit = softByteLimit
        self.hardByteLimit = hardByteLimit
        self.softPacketLimit = softPacketLimit
        self.hardPacketLimit = hardPacketLimit
        self.softAddExpiresSeconds = softAddExpiresSeconds
        self.hardAddExpiresSeconds = hardAddExpiresSeconds
    }

    public var description: String {
        func limit(_ value: UInt64) -> String { value == Self.infinite ? "-" : String(value) }
        func time(_ value: UInt64) -> String { value == 0 ? "-" : "\(value)s" }
        return "bytes \(limit(softByteLimit))/\(limit(hardByteLimit)) packets \(limit(softPacketLimit))/\(limit(hardPacketLimit)) "
            + "added \(time(softAddExpiresSeconds))/\(time(hardAddExpiresSeconds))"
    }
}
