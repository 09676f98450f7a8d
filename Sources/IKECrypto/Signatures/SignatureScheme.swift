/// A signature algorithm for IKEv2 AUTH payloads.
///
/// - `rsaPKCS1v15(.sha1)` is auth method 1 (RFC 7296 §3.8); the SHA-2 variants
///   are used through auth method 14 (RFC 7427).
/// - `ecdsa` produces and checks the DER `ECDSA-Sig-Value` of RFC 7427 §3 /
///   RFC 3279 §2.2.3. Auth methods 9, 10 and 11 (RFC 4754) carry r ‖ s instead;
///   convert with ``ECDSASignature``.
/// - `rsaPSS` is RSASSA-PSS (RFC 8017 §8.1) with MGF1 using the same hash and a
///   salt as long as the hash, the parameter set RFC 7427 §A.4 describes.
public enum SignatureScheme: Hashable, Sendable, CustomStringConvertible {
    /// RSASSA-PKCS1-v1_5 (RFC 8017 §8.2) with SHA-1, SHA-256, SHA-384 or SHA-512.
    case rsaPKCS1v15(DigestAlgorithm)
    /// RSASSA-PSS with SHA-256, SHA-384 or SHA-512.
    case rsaPSS(DigestAlgorithm)
    /// ECDSA with SHA-256, SHA-384 or SHA-512, DER-encoded.
    case ecdsa(DigestAlgorithm)

    /// The hash the scheme uses.
    public var hash: DigestAlgorithm {
        switch self {
        case let .rsaPKCS1v15(hash), let .rsaPSS(hash), let .ecdsa(hash): return hash
        }
    }

    /// A readable name such as "ECDSA with SHA-256", for logs.
    public var description: String {
        switch self {
        case let .rsaPKCS1v15(hash): return "RSA PKCS#1 v1.5 with \(hash)"
        case let .rsaPSS(hash): return "RSA-PSS with \(hash)"
        case let .ecdsa(hash): return "ECDSA with \(hash)"
        }
    }

    /// Checks that the scheme is one this module implements and that it fits
    /// the key. SHA-1 is accepted only with PKCS#1 v1.5.
    func check(for kind: SignatureKeyKind) throws {
        switch (self, kind) {
        case (.rsaPKCS1v15, .rsa):
            return
        case (.rsaPSS(let hash), .rsa), (.ecdsa(let hash), .ecdsa):
            guard hash != .sha1 else {
                throw CryptoError(.unsupportedAlgorithm, "\(self) is not supported")
            }
        default:
            throw CryptoError(.unsupportedAlgorithm, "\(self) does not apply to a \(kind) key")
        }
    }
}
