/// A hash function from the SHA family, as used by IKEv2 for NAT detection
/// (RFC 7296 §2.23, SHA-1), CERTREQ authority hashes (RFC 7296 §3.7, SHA-1),
/// RFC 7427 digital signatures and the HMAC-based PRF and integrity transforms;
/// and MD5, which RADIUS requires (RFC 2865 §3 authenticators, RFC 3579 §3.2
/// HMAC-MD5 Message-Authenticator, RFC 2548 §2.4.2 MPPE key encryption). No
/// IKE transform or signature maps to MD5.
public enum DigestAlgorithm: Hashable, Sendable, CaseIterable, CustomStringConvertible {
    /// MD5 (RFC 1321), 16 bytes. For RADIUS only.
    case md5
    /// SHA-1 (FIPS 180-4), 20 bytes.
    case sha1
    /// SHA-256 (FIPS 180-4), 32 bytes.
    case sha256
    /// SHA-384 (FIPS 180-4), 48 bytes.
    case sha384
    /// SHA-512 (FIPS 180-4), 64 bytes.
    case sha512

    /// The digest length in bytes.
    public var outputSize: Int {
        switch self {
        case .md5: 16
        case .sha1: 20
        case .sha256: 32
        case .sha384: 48
        case .sha512: 64
        }
    }

    /// The name for logs, e.g. "SHA-256".
    public var description: String {
        switch self {
        case .md5: "MD5"
        case .sha1: "SHA-1"
        case .sha256: "SHA-256"
        case .sha384: "SHA-384"
        case .sha512: "SHA-512"
        }
    }

    /// The fetched implementation, shared by every caller (OpenSSL 3 fetches
    /// are slow, so each algorithm is fetched once per process).
    var implementation: FetchedAlgorithm {
        switch self {
        case .md5: FetchedAlgorithm.md5
        case .sha1: FetchedAlgorithm.sha1
        case .sha256: FetchedAlgorithm.sha256
        case .sha384: FetchedAlgorithm.sha384
        case .sha512: FetchedAlgorithm.sha512
        }
    }
}
