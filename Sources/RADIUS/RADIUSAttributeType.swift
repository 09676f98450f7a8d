/// A RADIUS attribute type (RFC 2865 §5 and the RFCs named per constant): an
/// open registry, so unknown types survive decoding and print as
/// `Attribute(200)`.
public struct RADIUSAttributeType: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    // RFC 2865 §5.
    public static let userName = RADIUSAttributeType(rawValue: 1)
    public static let nasIPAddress = RADIUSAttributeType(rawValue: 4)
    public static let serviceType = RADIUSAttributeType(rawValue: 6)
    public static let framedIPAddress = RADIUSAttributeType(rawValue: 8)
    public static let filterID = RADIUSAttributeType(rawValue: 11)
    public static let framedMTU = RADIUSAttributeType(rawValue: 12)
    public static let replyMessage = RADIUSAttributeType(rawValue: 18)
    public static let state = RADIUSAttributeType(rawValue: 24)
    public static let `class` = RADIUSAttributeType(rawValue: 25)
    public static let vendorSpecific = RADIUSAttributeType(rawValue: 26)
    public static let sessionTimeout = RADIUSAttributeType(rawValue: 27)
    public static let calledStationID = RADIUSAttributeType(rawValue: 30)
    public static let callingStationID = RADIUSAttributeType(rawValue: 31)
    public static let nasIdentifier = RADIUSAttributeType(rawValue: 32)
    // RFC 2866 §5.
    public static let acctStatusType = RADIUSAttributeType(rawValue: 40)
    public static let acctDelayTime = RADIUSAttributeType(rawValue: 41)
    public static let acctInputOctets = RADIUSAttributeType(rawValue: 42)
    public static let acctOutputOctets = RADIUSAttributeType(rawValue: 43)
    public static let acctSessionID = RADIUSAttributeType(rawValue: 44)
    public static let acctSessionTime = RADIUSAttributeType(rawValue: 46)
    public static let acctInputPackets = RADIUSAttributeType(rawValue: 47)
    public static let acctOutputPackets = RADIUSAttributeType(rawValue: 48)
    public static let acctTerminateCause = RADIUSAttributeType(rawValue: 49)
    // RFC 2869 §5.
    public static let acctInputGigawords = RADIUSAttributeType(rawValue: 52)
    public static let acctOutputGigawords = RADIUSAttributeType(rawValue: 53)
    public static let eventTimestamp = RADIUSAttributeType(rawValue: 55)
    public static let nasPortType = RADIUSAttributeType(rawValue: 61)
    // RFC 3579 §3.1, §3.2.
    public static let eapMessage = RADIUSAttributeType(rawValue: 79)
    public static let messageAuthenticator = RADIUSAttributeType(rawValue: 80)
    // RFC 2869 §5.16, RFC 2869 §5.18.
    public static let acctInterimInterval = RADIUSAttributeType(rawValue: 85)
    public static let framedPool = RADIUSAttributeType(rawValue: 88)
    // RFC 3162 §2.1, RFC 6911 §3.1.
    public static let nasIPv6Address = RADIUSAttributeType(rawValue: 95)
    public static let framedIPv6Address = RADIUSAttributeType(rawValue: 168)

    private static let names: [UInt8: String] = [
        1: "User-Name", 4: "NAS-IP-Address", 6: "Service-Type", 8: "Framed-IP-Address", 11: "Filter-Id",
        12: "Framed-MTU", 18: "Reply-Message", 24: "State", 25: "Class", 26: "Vendor-Specific",
        27: "Session-Timeout", 30: "Called-Station-Id", 31: "Calling-Station-Id", 32: "NAS-Identifier",
        40: "Acct-Status-Type", 41: "Acct-Delay-Time", 42: "Acct-Input-Octets", 43: "Acct-Output-Octets",
        44: "Acct-Session-Id", 46: "Acct-Session-Time", 47: "Acct-Input-Packets", 48: "Acct-Output-Packets",
        49: "Acct-Terminate-Cause", 52: "Acct-Input-Gigawords", 53: "Acct-Output-Gigawords",
        55: "Event-Timestamp", 61: "NAS-Port-Type", 79: "EAP-Message", 80: "Message-Authenticator",
        85: "Acct-Interim-Interval", 88: "Framed-Pool", 95: "NAS-IPv6-Address", 168: "Framed-IPv6-Address",
    ]

    public var description: String { Self.names[rawValue] ?? "Attribute(\(rawValue))" }
}
