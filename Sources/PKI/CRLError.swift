import SwiftASN1

/// Why a CRL cannot be used. ``CertificateRevocationList`` throws only
/// this, whatever the input.
public enum CRLError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The input is not PEM with an `X509 CRL` block.
    case notPEM(String)
    /// The DER is not a CertificateList (RFC 5280 §5.1).
    case malformed(String)
    /// A version other than v2 (the only one RFC 5280 §5.1.2.1 allows).
    case unsupportedVersion(Int)
    /// A signature algorithm swift-certificates cannot verify.
    case unsupportedSignatureAlgorithm(String)
    /// The signed `signature` field differs from `signatureAlgorithm`
    /// (RFC 5280 §5.1.1.2 requires them equal).
    case signatureAlgorithmMismatch
    /// A critical extension this reader cannot process: RFC 5280 §5.2 and
    /// §5.3 forbid using such a CRL (a delta CRL, an indirect CRL, an
    /// issuing distribution point that limits its scope).
    case unsupportedCriticalExtension(ASN1ObjectIdentifier, entry: Bool)

    public var description: String {
        switch self {
        case .notPEM(let reason): "not a PEM-encoded CRL: \(reason)"
        case .malformed(let reason): "malformed CRL: \(reason)"
        case .unsupportedVersion(let version): "unsupported CRL version \(version) (only v2, encoded 1, exists)"
        case .unsupportedSignatureAlgorithm(let algorithm): "unsupported CRL signature algorithm \(algorithm)"
        case .signatureAlgorithmMismatch: "the CRL's signed algorithm differs from the one it is signed with"
        case .unsupportedCriticalExtension(let oid, let entry):
            "the CRL has a critical \(entry ? "entry " : "")extension \(oid) that this reader cannot process; it must not be used"
        }
    }
}
