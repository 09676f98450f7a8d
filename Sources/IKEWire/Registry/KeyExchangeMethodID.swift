/// Transform type 4 (KE, formerly D-H group) IDs (RFC 7296 §3.3.2, RFC 9370, IANA).
public struct KeyExchangeMethodID: IKERegistryValue {
    public var rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    /// NONE: no key exchange (a CHILD_SA without PFS).
    public static let none = KeyExchangeMethodID(rawValue: 0)
    /// 1024-bit MODP group (RFC 2409 §6.2). What Windows proposes by default.
    public static let modp1024 = KeyExchangeMethodID(rawValue: 2)
    /// 2048-bit MODP group (RFC 3526 §3).
    public static let modp2048 = KeyExchangeMethodID(rawValue: 14)
    /// 3072-bit MODP group (RFC 3526 §4).
    public static let modp3072 = KeyExchangeMethodID(rawValue: 15)
    /// 4096-bit MODP group (RFC 3526 §5).
    public static let modp4096 = KeyExchangeMethodID(rawValue: 16)
    /// 256-bit random ECP group, NIST P-256 (RFC 5903).
    public static let ecp256 = KeyExchangeMethodID(rawValue: 19)
    /// 384-bit random ECP group, NIST P-384 (RFC 5903).
    public static let ecp384 = KeyExchangeMethodID(rawValue: 20)
    /// 521-bit random ECP group, NIST P-521 (RFC 5903).
    public static let ecp521 = KeyExchangeMethodID(rawValue: 21)
    /// Curve25519 (RFC 8031).
    public static let curve25519 = KeyExchangeMethodID(rawValue: 31)

    public static let registeredNames: [UInt16: String] = [
        0: "NONE", 1: "MODP_768", 2: "MODP_1024", 5: "MODP_1536", 14: "MODP_2048", 15: "MODP_3072",
        16: "MODP_4096", 17: "MODP_6144", 18: "MODP_8192", 19: "ECP_256", 20: "ECP_384", 21: "ECP_521",
        22: "MODP_1024_160", 23: "MODP_2048_224", 24: "MODP_2048_256", 25: "ECP_192", 26: "ECP_224",
        27: "ECP_224_BP", 28: "ECP_256_BP", 29: "ECP_384_BP", 30: "ECP_512_BP", 31: "CURVE_25519",
        32: "CURVE_448", 33: "GOST3410_2012_256", 34: "GOST3410_2012_512",
        35: "ML_KEM_512", 36: "ML_KEM_768", 37: "ML_KEM_1024",
    ]
    public static let unnamedPrefix = "KE"
}
