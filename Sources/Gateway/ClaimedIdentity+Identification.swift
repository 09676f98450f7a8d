import IKEWire
import PKI

extension ClaimedIdentity {
    /// What an IDi payload claims, for binding to a certificate (RFC 7296
    /// §3.5: names without terminators, addresses as 4 or 16 octets).
    init(_ identity: IdentificationPayload) {
        switch identity.type {
        case .derASN1DN: self = .distinguishedName(Array(identity.data))
        case .fqdn: self = .domainName(String(decoding: identity.data, as: UTF8.self))
        case .rfc822Address: self = .email(String(decoding: identity.data, as: UTF8.self))
        case .ipv4Address where identity.data.count == 4, .ipv6Address where identity.data.count == 16: self = .address(Array(identity.data))
        default: self = .unsupported("\(identity.type)")
        }
    }
}
