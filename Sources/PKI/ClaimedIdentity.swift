/// The identity a client claims in IDi (RFC 7296 §3.5), as far as a
/// certificate can be bound to it (RFC 4945 §3.1, §5.1.3).
public enum ClaimedIdentity: Sendable, Hashable, CustomStringConvertible {
    /// ID_DER_ASN1_DN: must equal the certificate's subject (Windows machine
    /// certificates, strongSwan's default).
    case distinguishedName([UInt8])
    /// ID_FQDN: a subjectAltName dNSName.
    case domainName(String)
    /// ID_RFC822_ADDR: a subjectAltName rfc822Name.
    case email(String)
    /// ID_IPV4_ADDR or ID_IPV6_ADDR (4 or 16 octets): a subjectAltName iPAddress.
    case address([UInt8])
    /// Any other ID type, which no certificate is bound to.
    case unsupported(String)

    public var description: String {
        switch self {
        case .distinguishedName(let der): "DN (\(der.count) octets)"
        case .domainName(let name): "FQDN \(name)"
        case .email(let address): "email \(address)"
        case .address(let octets): "address \(AddressText.of(octets))"
        case .unsupported(let type): type
        }
    }
}
