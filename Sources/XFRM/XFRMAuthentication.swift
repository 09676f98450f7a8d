import IKECrypto

/// An ESP integrity algorithm with its ICV truncation (XFRMA_ALG_AUTH_TRUNC,
/// struct xfrm_algo_auth). The truncated form is always sent: the older
/// XFRMA_ALG_AUTH would let the kernel pick a default truncation, which for
/// `hmac(sha256)` is the pre-RFC 4868 96 bits.
public struct XFRMAuthentication: Sendable, Equatable, CustomStringConvertible {
    /// The Linux crypto API name, e.g. `hmac(sha256)`.
    public let name: String
    /// The key; wiped when the last copy is released, never printed.
    public let key: SecretBytes
    /// ICV length in bits.
    public let truncationBits: UInt32

    public init(name: String, key: SecretBytes, truncationBits: UInt32) throws(XFRMError) {
        try validateAlgorithm(name: name, key: key)
        guard truncationBits > 0, truncationBits % 8 == 0 else {
            throw .invalidArgument("\(name) truncation of \(truncationBits) bits")
        }
        self.name = name
        self.key = key
        self.truncationBits = truncationBits
    }

    /// HMAC-SHA1-96 (RFC 2404): 160-bit key, 96-bit ICV.
    public static func hmacSHA1_96(key: SecretBytes) throws(XFRMError) -> XFRMAuthentication {
        try hmac("sha1", key: key, keyLength: 20, truncationBits: 96)
    }

    /// HMAC-SHA-256-128 (RFC 4868): 256-bit key, 128-bit ICV.
    public static func hmacSHA256_128(key: SecretBytes) throws(XFRMError) -> XFRMAuthentication {
        try hmac("sha256", key: key, keyLength: 32, truncationBits: 128)
    }

    /// HMAC-SHA-384-192 (RFC 4868): 384-bit key, 192-bit ICV.
    public static func hmacSHA384_192(key: SecretBytes) throws(XFRMError) -> XFRMAuthentication {
        try hmac("sha384", key: key, keyLength: 48, truncationBits: 192)
    }

    /// HMAC-SHA-512-256 (RFC 4868): 512-bit key, 256-bit ICV.
    public static func hmacSHA512_256(key: SecretBytes) throws(XFRMError) -> XFRMAuthentication {
        try hmac("sha512", key: key, keyLength: 64, truncationBits: 256)
    }

    /// RFC 2404 and RFC 4868 §2.1.1 fix the key length at the hash's output length.
    private static func hmac(_ hash: String, key: SecretBytes, keyLength: Int, truncationBits: UInt32) throws(XFRMError) -> XFRMAuthentication {
        guard key.count == keyLength else { throw .invalidArgument("hmac(\(hash)) key of \(key.count) octets") }
        return try XFRMAuthentication(name: "hmac(\(hash))", key: key, truncationBits: truncationBits)
    }

    public var description: String { "\(name)-\(truncationBits) (\(key.count * 8)-bit key)" }
}
