/// Transform type 2 (PRF) IDs (RFC 7296 §3.3.2, RFC 4868, IANA).
public struct PseudorandomFunctionID: IKERegistryValue {
    public var rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    /// PRF_HMAC_SHA1 (RFC 2104).
    public static let hmacSHA1 = PseudorandomFunctionID(rawValue: 2)
    /// PRF_AES128_XCBC (RFC 4434).
    public static let aes128XCBC = PseudorandomFunctionID(rawValue: 4)
    /// PRF_HMAC_SHA2_256 (RFC 4868).
    public static let hmacSHA256 = PseudorandomFunctionID(rawValue: 5)
    /// PRF_HMAC_SHA2_384 (RFC 4868).
    public static let hmacSHA384 = PseudorandomFunctionID(rawValue: 6)
    /// PRF_HMAC_SHA2_512 (RFC 4868).
    public static let hmacSHA512 = PseudorandomFunctionID(rawValue: 7)

    public static let registeredNames: [UInt16: String] = [
        1: "PRF_HMAC_MD5", 2: "PRF_HMAC_SHA1", 3: "PRF_HMAC_TIGER", 4: "PRF_AES128_XCBC",
        5: "PRF_HMAC_SHA2_256", 6: "PRF_HMAC_SHA2_384", 7: "PRF_HMAC_SHA2_512",
        8: "PRF_AES128_CMAC", 9: "PRF_HMAC_STREEBOG_512",
    ]
    public static let unnamedPrefix = "PRF"
}
