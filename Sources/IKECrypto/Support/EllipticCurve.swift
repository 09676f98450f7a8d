import COpenSSL

/// The NIST prime curves that IKEv2 uses for ECDH (RFC 5903) and ECDSA
/// authentication (RFC 4754, RFC 7427).
public enum EllipticCurve: Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// NIST P-256 (secp256r1, prime256v1).
    case p256
    /// NIST P-384 (secp384r1).
    case p384
    /// NIST P-521 (secp521r1).
    case p521

    /// The length in bytes of a field element and of a scalar: 32, 48 or 66.
    /// RFC 5903 §7 and RFC 4754 §7 encode coordinates and `r`/`s` with exactly
    /// this many bytes.
    public var coordinateSize: Int {
        switch self {
        case .p256: return 32
        case .p384: return 48
        case .p521: return 66
        }
    }

    /// The NIST name, "P-256", "P-384" or "P-521".
    public var description: String {
        switch self {
        case .p256: return "P-256"
        case .p384: return "P-384"
        case .p521: return "P-521"
        }
    }

    /// The name OpenSSL's providers accept for the curve.
    var openSSLName: String { description }

    /// The curve of an OpenSSL EC key from its group name, or `nil` for any other
    /// curve (including explicit, unnamed parameters).
    init?(openSSLGroupName name: String) {
        switch name.lowercased() {
        case "prime256v1", "p-256", "secp256r1": self = .p256
        case "secp384r1", "p-384": self = .p384
        case "secp521r1", "p-521": self = .p521
        default: return nil
        }
    }

    var nid: Int32 {
        switch self {
        case .p256: return NID_X9_62_prime256v1
        case .p384: return NID_secp384r1
        case .p521: return NID_secp521r1
        }
    }

    /// Parameters prepared once per process (see ``EllipticCurveParameters``).
    var parameters: EllipticCurveParameters {
        get throws {
            let cached: EllipticCurveParameters?
            switch self {
            case .p256: cached = EllipticCurveParameters.p256
            case .p384: cached = EllipticCurveParameters.p384
            case .p521: cached = EllipticCurveParameters.p521
            }
            guard let cached else { throw CryptoError(.library, "\(self) parameters unavailable") }
            return cached
        }
    }
}
