/// An integrity transform (transform type 3, RFC 7296 §3.3.2) for IKE SAs
/// and ESP.
///
/// The raw values are the IANA "Transform Type 3 - Integrity Algorithm
/// Transform IDs".
public enum IntegrityAlgorithm: UInt16, Hashable, Sendable, CaseIterable {
    /// AUTH_HMAC_SHA1_96 (RFC 2404).
    case hmacSHA1_96 = 2
    /// AUTH_HMAC_SHA2_256_128 (RFC 4868).
    case hmacSHA256_128 = 12
    /// AUTH_HMAC_SHA2_384_192 (RFC 4868).
    case hmacSHA384_192 = 13
    /// AUTH_HMAC_SHA2_512_256 (RFC 4868).
    case hmacSHA512_256 = 14

    /// The hash underneath the HMAC.
    public var digest: DigestAlgorithm {
        switch self {
        case .hmacSHA1_96: .sha1
        case .hmacSHA256_128: .sha256
        case .hmacSHA384_192: .sha384
        case .hmacSHA512_256: .sha512
        }
    }

    /// Key length in bytes: the full hash output (RFC 2404 §3 uses a 160-bit
    /// key; RFC 4868 §2.1.1 requires the key to equal the hash output size).
    /// This is how many bytes SK_ai/SK_ar and ESP integrity keys take from
    /// prf+ (RFC 7296 §2.14, §2.17).
    public var keySize: Int { digest.outputSize }

    /// The transmitted integrity check value: the HMAC truncated to half the
    /// hash length for SHA-2 (RFC 4868 §2.1.2) and to 96 bits for SHA-1
    /// (RFC 2404 §2).
    public var icvSize: Int {
        switch self {
        case .hmacSHA1_96: 12
        case .hmacSHA256_128: 16
        case .hmacSHA384_192: 24
        case .hmacSHA512_256: 32
        }
    }
}
