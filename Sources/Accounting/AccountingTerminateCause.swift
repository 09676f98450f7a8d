/// Acct-Terminate-Cause (RFC 2866 §5.10): why a session ended. An open
/// registry over the attribute's integer, like the codec's types.
public struct AccountingTerminateCause: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// The client asked to end it (an IKE Delete from the client).
    public static let userRequest = AccountingTerminateCause(rawValue: 1)
    /// The client vanished (dead peer detection).
    public static let lostCarrier = AccountingTerminateCause(rawValue: 2)
    public static let lostService = AccountingTerminateCause(rawValue: 3)
    public static let idleTimeout = AccountingTerminateCause(rawValue: 4)
    /// Session-Timeout from the Access-Accept expired.
    public static let sessionTimeout = AccountingTerminateCause(rawValue: 5)
    /// An administrator terminated it (`gatehouse terminate`).
    public static let adminReset = AccountingTerminateCause(rawValue: 6)
    public static let adminReboot = AccountingTerminateCause(rawValue: 7)
    public static let portError = AccountingTerminateCause(rawValue: 8)
    public static let nasError = AccountingTerminateCause(rawValue: 9)
    public static let nasRequest = AccountingTerminateCause(rawValue: 10)
    /// The gateway restarted without closing the session: the Stop sent for
    /// a session the spool still had open from a previous run.
    public static let nasReboot = AccountingTerminateCause(rawValue: 11)
    public static let portUnneeded = AccountingTerminateCause(rawValue: 12)
    public static let portPreempted = AccountingTerminateCause(rawValue: 13)
    public static let portSuspended = AccountingTerminateCause(rawValue: 14)
    public static let serviceUnavailable = AccountingTerminateCause(rawValue: 15)
    public static let callback = AccountingTerminateCause(rawValue: 16)
    public static let userError = AccountingTerminateCause(rawValue: 17)
    public static let hostRequest = AccountingTerminateCause(rawValue: 18)

    private static let names: [UInt32: String] = [
        1: "User-Request", 2: "Lost-Carrier", 3: "Lost-Service", 4: "Idle-Timeout", 5: "Session-Timeout",
        6: "Admin-Reset", 7: "Admin-Reboot", 8: "Port-Error", 9: "NAS-Error", 10: "NAS-Request", 11: "NAS-Reboot",
        12: "Port-Unneeded", 13: "Port-Preempted", 14: "Port-Suspended", 15: "Service-Unavailable", 16: "Callback",
        17: "User-Error", 18: "Host-Request",
    ]

    public var description: String { Self.names[rawValue] ?? "Terminate-Cause(\(rawValue))" }
}
