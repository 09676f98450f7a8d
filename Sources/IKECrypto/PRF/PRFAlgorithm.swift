/// An IKEv2 pseudorandom function (transform type 2, RFC 7296 §3.3.2).
///
/// The raw values are the IANA "Transform Type 2 - Pseudorandom Function
/// Transform IDs".
public enum PRFAlgorithm: UInt16, Hashable, Sendable, CaseIterable {
    /// PRF_HMAC_SHA1 (RFC 2104).
    case hmacSHA1 = 2
    /// PRF_HMAC_SHA2_256 (RFC 4868).
    case hmacSHA256 = 5
    /// PRF_HMAC_SHA2_384 (RFC 4868).
    case hmacSHA384 = 6
    /// PRF_HMAC_SHA2_512 (RFC 4868).
    case hmacSHA512 = 7

    /// The hash underneath the HMAC.
    public var digest: DigestAlgorithm {
        switch self {
        case .hmacSHA1: .sha1
        case .hmacSHA256: .sha256
        case .hmacSHA384: .sha384
        case .hmacSHA512: .sha512
        }
    }

    /// Bytes produced by one PRF invocation.
    public var outputSize: Int { digest.outputSize }

    /// The key length to use where IKEv2 derives a PRF key itself, such as
    /// SK_d, SK_pi and SK_pr: RFC 7296 §2.13 takes them from prf+ with "the
    /// preferred key size" of the PRF, which for the HMAC PRFs is the output
    /// size (RFC 4868 §2.3 uses the full hash length as key length).
    public var preferredKeySize: Int { outputSize }
}
