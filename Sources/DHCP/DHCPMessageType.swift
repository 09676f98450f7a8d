/// The value of option 53, DHCP Message Type (RFC 2132 §9.6; RFC 2131 §3).
///
/// Open like ``DHCPOptionCode``: values defined after RFC 2132 (lease query,
/// RFC 4388, and so on) decode and print as `DHCP(10)`.
public struct DHCPMessageType: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt8

    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let discover = DHCPMessageType(rawValue: 1)
    public static let offer = DHCPMessageType(rawValue: 2)
    public static let request = DHCPMessageType(rawValue: 3)
    public static let decline = DHCPMessageType(rawValue: 4)
    public static let ack = DHCPMessageType(rawValue: 5)
    public static let nak = DHCPMessageType(rawValue: 6)
    public static let release = DHCPMessageType(rawValue: 7)
    public static let inform = DHCPMessageType(rawValue: 8)

    /// Types only a server sends (RFC 2131 §3.1): from a client they are nonsense.
    var isServerMessage: Bool { self == .offer || self == .ack || self == .nak }

    public var description: String {
        switch self {
        case .discover: "DHCPDISCOVER"
        case .offer: "DHCPOFFER"
        case .request: "DHCPREQUEST"
        case .decline: "DHCPDECLINE"
        case .ack: "DHCPACK"
        case .nak: "DHCPNAK"
        case .release: "DHCPRELEASE"
        case .inform: "DHCPINFORM"
        default: "DHCP(\(rawValue))"
        }
    }
}
