/// Acct-Status-Type (RFC 2866 §5.1): what an Accounting-Request records.
public struct AccountingStatusType: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    public static let start = AccountingStatusType(rawValue: 1)
    public static let stop = AccountingStatusType(rawValue: 2)
    /// RFC 2869 §2.1 (and §5.1's value 3).
    public static let interimUpdate = AccountingStatusType(rawValue: 3)
    public static let accountingOn = AccountingStatusType(rawValue: 7)
    public static let accountingOff = AccountingStatusType(rawValue: 8)

    /// Accounting-On and -Off speak for the whole NAS (RFC 2866 §5.1), so
    /// they are sent alone: after every earlier record is acknowledged and
    /// before any later one.
    var isBarrier: Bool { self == .accountingOn || self == .accountingOff }

    public var description: String {
        switch self {
        case .start: "Start"
        case .stop: "Stop"
        case .interimUpdate: "Interim-Update"
        case .accountingOn: "Accounting-On"
        case .accountingOff: "Accounting-Off"
        default: "Status-Type(\(rawValue))"
        }
    }
}
