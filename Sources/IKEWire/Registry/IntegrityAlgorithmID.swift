/// Transform type 3 (INTEG) IDs (RFC 7296 §3.3.2, RFC 4868, IANA).
public struct IntegrityAlgorithmID: IKERegistryValue {
    public var rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    /// NONE: no separate integrity algorithm (with AEAD ciphers).
    public static let none = IntegrityAlgorithmID(rawValue: 0)
    /// AUTH_HMAC_SHA1_96 (RFC 2404).
    public static let hmacSHA1_96 = IntegrityAlgorithmID(rawValue: 2)
    /// AUTH_AES_XCBC_96 (RFC 3566).
    public static let aesXCBC96 = IntegrityAlgorithmID(rawValue: 5)
    /// AUTH_HMAC_SHA2_256_128 (RFC 4868).
    public static let hmacSHA256_128 = IntegrityAlgorithmID(rawValue: 12)
    /// AUTH_HMAC_SHA2_384_192 (RFC 4868).
    public static let hmacSHA384_192 = IntegrityAlgorithmID(rawValue: 13)
    /// AUTH_HMAC_SHA2_512_256 (RFC 4868).
    public static let hmacSHA512_256 = IntegrityAlgorithmID(rawValue: 14)

    public static let registeredNames: [UInt16: String] = [
        0: "NONE", 1: "AUTH_HMAC_MD5_96", 2: "AUTH_HMAC_SHA1_96", 3: "AUTH_DES_MAC", 4: "AUTH_KPDK_MD5",
        5: "AUTH_AES_XCBC_96", 6: "AUTH_HMAC_MD5_128", 7: "AUTH_HMAC_SHA1_160", 8: "AUTH_AES_CMAC_96",
        9: "AUTH_AES_128_GMAC", 10: "AUTH_AES_192_GMAC", 11: "AUTH_AES_256_GMAC",
        12: "AUTH_HMAC_SHA2_256_128", 13: "AUTH_HMAC_SHA2_384_192", 14: "AUTH_HMAC_SHA2_512_256",
    ]
    public static let unnamedPrefix = "INTEG"
}
