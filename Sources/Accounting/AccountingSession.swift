import Foundation
import IKEWire

/// One accounted session, as the gateway reports it when the client has an
/// address: what every record about it carries.
public struct AccountingSession: Sendable, Hashable {
    /// Acct-Session-Id (RFC 2866 §5.5): unique to the session, also across
    /// restarts, since a server matches Start and Stop by it.
    public var sessionID: String
    public var userName: String
    /// Calling-Station-Id (RFC 2865 §5.31): the client's address and port.
    public var callingStationID: String
    public var framedIPv4: IPv4Address?
    public var framedIPv6: IPv6Address?
    /// RADIUS Class values from the Access-Accept, echoed (RFC 2865 §5.25)
    public var classes: [[UInt8]]
    /// From the server's Acct-Interim-Interval (RFC 2869 §5.16); nil: the
    /// configured one.
    public var interimInterval: Duration?
    public var started: Date

    public init(sessionID: String, userName: String, callingStationID: String, framedIPv4: IPv4Address? = nil,
                framedIPv6: IPv6Address? = nil, classes: [[UInt8]] = [], interimInterval: Duration? = nil, started: Date) {
        self.sessionID = sessionID
        self.userName = userName
        self.callingStationID = callingStationID
        self.framedIPv4 = framedIPv4
        self.framedIPv6 = framedIPv6
        self.classes = classes
        self.interimInterval = interimInterval
        self.started = started
    }
}
