/// A DHCP option code (RFC 2132 and later; IANA "BOOTP Vendor Extensions and
/// DHCP Options").
///
/// An open registry, like the IKE registries in `IKEWire`: any octet decodes,
/// so private codes such as Microsoft's 249 and codes we do not know survive
/// into the request's log form.
public struct DHCPOptionCode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt8

    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// Pad (RFC 2132 §3.1): one octet, no length.
    public static let pad = DHCPOptionCode(rawValue: 0)
    /// Subnet Mask (RFC 2132 §3.3).
    public static let subnetMask = DHCPOptionCode(rawValue: 1)
    /// Router (RFC 2132 §3.5).
    public static let router = DHCPOptionCode(rawValue: 3)
    /// Domain Name Server (RFC 2132 §3.8).
    public static let domainNameServer = DHCPOptionCode(rawValue: 6)
    /// Host Name (RFC 2132 §3.14).
    public static let hostName = DHCPOptionCode(rawValue: 12)
    /// Domain Name (RFC 2132 §3.17).
    public static let domainName = DHCPOptionCode(rawValue: 15)
    /// NetBIOS over TCP/IP Name Server (RFC 2132 §8.5).
    public static let netbiosNameServer = DHCPOptionCode(rawValue: 44)
    /// Option Overload (RFC 2132 §9.3): options continue in `file` and/or `sname`.
    public static let optionOverload = DHCPOptionCode(rawValue: 52)
    /// DHCP Message Type (RFC 2132 §9.6).
    public static let messageType = DHCPOptionCode(rawValue: 53)
    /// Server Identifier (RFC 2132 §9.7).
    public static let serverIdentifier = DHCPOptionCode(rawValue: 54)
    /// Parameter Request List (RFC 2132 §9.8).
    public static let parameterRequestList = DHCPOptionCode(rawValue: 55)
    /// Maximum DHCP Message Size (RFC 2132 §9.10).
    public static let maximumMessageSize = DHCPOptionCode(rawValue: 57)
    /// Vendor Class Identifier (RFC 2132 §9.13); Windows sends "MSFT 5.0".
    public static let vendorClassIdentifier = DHCPOptionCode(rawValue: 60)
    /// Client Identifier (RFC 2132 §9.14).
    public static let clientIdentifier = DHCPOptionCode(rawValue: 61)
    /// Domain Search (RFC 3397).
    public static let domainSearch = DHCPOptionCode(rawValue: 119)
    /// Classless Static Route (RFC 3442).
    public static let classlessStaticRoute = DHCPOptionCode(rawValue: 121)
    /// Microsoft Classless Static Route ([MS-DHCPE] §2.2.8): the RFC 3442
    /// format under a private code, which Windows asks for next to 121.
    public static let microsoftClasslessStaticRoute = DHCPOptionCode(rawValue: 249)
    /// End (RFC 2132 §3.2): one octet, no length.
    public static let end = DHCPOptionCode(rawValue: 255)

    public var description: String { String(rawValue) }
}
