/// Configuration attribute types (RFC 7296 §3.15.1, IANA "IKEv2 Configuration
/// Payload Attribute Types"). The wire field is 15 bits wide; the top bit of the
/// two octets is reserved.
public struct ConfigurationAttributeType: IKERegistryValue {
    public var rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue & 0x7FFF }

    /// INTERNAL_IP4_ADDRESS: 0 or 4 octets.
    public static let internalIP4Address = ConfigurationAttributeType(rawValue: 1)
    /// INTERNAL_IP4_NETMASK: 0 or 4 octets.
    public static let internalIP4Netmask = ConfigurationAttributeType(rawValue: 2)
    /// INTERNAL_IP4_DNS: 0 or 4 octets.
    public static let internalIP4DNS = ConfigurationAttributeType(rawValue: 3)
    /// INTERNAL_IP4_NBNS: 0 or 4 octets (WINS).
    public static let internalIP4NBNS = ConfigurationAttributeType(rawValue: 4)
    /// INTERNAL_IP4_DHCP: 0 or 4 octets.
    public static let internalIP4DHCP = ConfigurationAttributeType(rawValue: 6)
    /// APPLICATION_VERSION: 0 or more octets of text.
    public static let applicationVersion = ConfigurationAttributeType(rawValue: 7)
    /// INTERNAL_IP6_ADDRESS: 0 or 17 octets (address and prefix length).
    public static let internalIP6Address = ConfigurationAttributeType(rawValue: 8)
    /// INTERNAL_IP6_DNS: 0 or 16 octets.
    public static let internalIP6DNS = ConfigurationAttributeType(rawValue: 10)
    /// INTERNAL_IP6_DHCP: 0 or 16 octets.
    public static let internalIP6DHCP = ConfigurationAttributeType(rawValue: 12)
    /// INTERNAL_IP4_SUBNET: 0 or 8 octets (address and mask).
    public static let internalIP4Subnet = ConfigurationAttributeType(rawValue: 13)
    /// SUPPORTED_ATTRIBUTES: a multiple of 2 octets.
    public static let supportedAttributes = ConfigurationAttributeType(rawValue: 14)
    /// INTERNAL_IP6_SUBNET: 0 or 17 octets.
    public static let internalIP6Subnet = ConfigurationAttributeType(rawValue: 15)
    /// INTERNAL_DNS_DOMAIN: a DNS domain name (RFC 8598).
    public static let internalDNSDomain = ConfigurationAttributeType(rawValue: 25)
    /// Microsoft's private INTERNAL_IP4_SERVER, which Windows requests.
    public static let microsoftIP4Server = ConfigurationAttributeType(rawValue: 23456)
    /// Microsoft's private INTERNAL_IP6_SERVER, which Windows requests.
    public static let microsoftIP6Server = ConfigurationAttributeType(rawValue: 23457)

    /// Whether RFC 7296 §3.15.1 allows a value of `length` octets for this
    /// type; types it does not constrain allow any length.
    public func allowsValueLength(_ length: Int) -> Bool {
        switch rawValue {
        case 1, 2, 3, 4, 6: length == 0 || length == 4
        case 8, 15: length == 0 || length == 17
        case 10, 12: length == 0 || length == 16
        case 13: length == 0 || length == 8
        default: true
        }
    }

    public static let registeredNames: [UInt16: String] = [
        1: "INTERNAL_IP4_ADDRESS", 2: "INTERNAL_IP4_NETMASK", 3: "INTERNAL_IP4_DNS",
        4: "INTERNAL_IP4_NBNS", 6: "INTERNAL_IP4_DHCP", 7: "APPLICATION_VERSION",
        8: "INTERNAL_IP6_ADDRESS", 10: "INTERNAL_IP6_DNS", 12: "INTERNAL_IP6_DHCP",
        13: "INTERNAL_IP4_SUBNET", 14: "SUPPORTED_ATTRIBUTES", 15: "INTERNAL_IP6_SUBNET",
        16: "MIP6_HOME_PREFIX", 17: "INTERNAL_IP6_LINK", 18: "INTERNAL_IP6_PREFIX",
        19: "HOME_AGENT_ADDRESS", 20: "P_CSCF_IP4_ADDRESS", 21: "P_CSCF_IP6_ADDRESS",
        22: "FTT_KAT", 23: "EXTERNAL_SOURCE_IP4_NAT_INFO", 24: "TIMEOUT_PERIOD_FOR_LIVENESS_CHECK",
        25: "INTERNAL_DNS_DOMAIN", 26: "INTERNAL_DNSSEC_TA",
        23456: "INTERNAL_IP4_SERVER", 23457: "INTERNAL_IP6_SERVER",
    ]
    public static let unnamedPrefix = "CP_ATTRIBUTE"
}
