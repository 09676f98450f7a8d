/// Microsoft's vendor sub-attribute types (vendor 311, RFC 2548 §2): an open
/// registry over the Vendor-type octet.
public struct MicrosoftAttributeType: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// RFC 2548 §2.4.2.
    public static let mppeSendKey = MicrosoftAttributeType(rawValue: 16)
    /// RFC 2548 §2.4.3.
    public static let mppeRecvKey = MicrosoftAttributeType(rawValue: 17)
    /// MS-Primary-DNS-Server (RFC 2548 §2.2.5): an IPv4 address.
    public static let primaryDNSServer = MicrosoftAttributeType(rawValue: 28)
    /// MS-Secondary-DNS-Server (RFC 2548 §2.2.6): an IPv4 address.
    public static let secondaryDNSServer = MicrosoftAttributeType(rawValue: 29)

    public var description: String {
        switch self {
        case .mppeSendKey: "MS-MPPE-Send-Key"
        case .mppeRecvKey: "MS-MPPE-Recv-Key"
        case .primaryDNSServer: "MS-Primary-DNS-Server"
        case .secondaryDNSServer: "MS-Secondary-DNS-Server"
        default: "MS(\(rawValue))"
        }
    }
}
