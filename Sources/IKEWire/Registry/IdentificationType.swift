/// ID payload types (RFC 7296 §3.5, IANA "IKEv2 Identification Payload ID Types").
public struct IdentificationType: IKERegistryValue {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// ID_IPV4_ADDR: four octets. Windows sends its own local address here with EAP.
    public static let ipv4Address = IdentificationType(rawValue: 1)
    /// ID_FQDN: a fully qualified domain name, no terminator.
    public static let fqdn = IdentificationType(rawValue: 2)
    /// ID_RFC822_ADDR: an e-mail address.
    public static let rfc822Address = IdentificationType(rawValue: 3)
    /// ID_IPV6_ADDR: sixteen octets.
    public static let ipv6Address = IdentificationType(rawValue: 5)
    /// ID_DER_ASN1_DN: a DER-encoded X.500 distinguished name.
    public static let derASN1DN = IdentificationType(rawValue: 9)
    /// ID_DER_ASN1_GN: a DER-encoded X.509 GeneralName.
    public static let derASN1GN = IdentificationType(rawValue: 10)
    /// ID_KEY_ID: opaque octets.
    public static let keyID = IdentificationType(rawValue: 11)
    /// ID_NULL (RFC 7619).
    public static let null = IdentificationType(rawValue: 13)

    public static let registeredNames: [UInt8: String] = [
        1: "ID_IPV4_ADDR", 2: "ID_FQDN", 3: "ID_RFC822_ADDR", 5: "ID_IPV6_ADDR",
        9: "ID_DER_ASN1_DN", 10: "ID_DER_ASN1_GN", 11: "ID_KEY_ID", 12: "ID_FC_NAME", 13: "ID_NULL",
    ]
    public static let unnamedPrefix = "ID"
}
