/// The algorithm family of a signing or verification key.
public enum SignatureKeyKind: Hashable, Sendable, CustomStringConvertible {
    /// An RSA key (rsaEncryption, RFC 8017).
    case rsa
    /// An ECDSA key on one of the NIST curves.
    case ecdsa(EllipticCurve)

    /// "RSA" or "ECDSA P-256" and so on, for logs.
    public var description: String {
        switch self {
        case .rsa: return "RSA"
        case let .ecdsa(curve): return "ECDSA \(curve)"
        }
    }

    /// The kind of an OpenSSL key; anything other than RSA or a named NIST
    /// curve is refused with `.invalidKey`.
    init(key: PKeyHandle) throws {
        if key.isA("RSA") {
            self = .rsa
        } else if key.isA("EC") {
            guard let name = key.groupName, let curve = EllipticCurve(openSSLGroupName: name) else {
                throw CryptoError(.invalidKey, "unsupported elliptic curve")
            }
            self = .ecdsa(curve)
        } else {
            throw CryptoError(.invalidKey, "unsupported key type")
        }
    }
}
