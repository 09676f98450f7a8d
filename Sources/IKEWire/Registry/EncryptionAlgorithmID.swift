/// Transform type 1 (ENCR) IDs (RFC 7296 §3.3.2, IANA).
public struct EncryptionAlgorithmID: IKERegistryValue {
    public var rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    /// ENCR_3DES (RFC 2451). Windows' default first proposal.
    public static let tripleDES = EncryptionAlgorithmID(rawValue: 3)
    /// ENCR_NULL (RFC 2410): ESP only; never acceptable for confidentiality.
    public static let null = EncryptionAlgorithmID(rawValue: 11)
    /// ENCR_AES_CBC (RFC 3602), with a Key Length attribute.
    public static let aesCBC = EncryptionAlgorithmID(rawValue: 12)
    /// ENCR_AES_CTR (RFC 3686).
    public static let aesCTR = EncryptionAlgorithmID(rawValue: 13)
    /// ENCR_AES_GCM_8: AES-GCM with an 8-octet ICV (RFC 4106, RFC 5282).
    public static let aesGCM8 = EncryptionAlgorithmID(rawValue: 18)
    /// ENCR_AES_GCM_12: AES-GCM with a 12-octet ICV.
    public static let aesGCM12 = EncryptionAlgorithmID(rawValue: 19)
    /// ENCR_AES_GCM_16: AES-GCM with a 16-octet ICV.
    public static let aesGCM16 = EncryptionAlgorithmID(rawValue: 20)
    /// ENCR_CHACHA20_POLY1305 (RFC 7634).
    public static let chacha20Poly1305 = EncryptionAlgorithmID(rawValue: 28)

    public static let registeredNames: [UInt16: String] = [
        1: "DES_IV64", 2: "DES", 3: "3DES", 4: "RC5", 5: "IDEA", 6: "CAST", 7: "BLOWFISH",
        8: "3IDEA", 9: "DES_IV32", 11: "NULL", 12: "AES_CBC", 13: "AES_CTR", 14: "AES_CCM_8",
        15: "AES_CCM_12", 16: "AES_CCM_16", 18: "AES_GCM_8", 19: "AES_GCM_12", 20: "AES_GCM_16",
        21: "NULL_AUTH_AES_GMAC", 23: "CAMELLIA_CBC", 24: "CAMELLIA_CTR", 25: "CAMELLIA_CCM_8",
        26: "CAMELLIA_CCM_12", 27: "CAMELLIA_CCM_16", 28: "CHACHA20_POLY1305",
        32: "KUZNYECHIK_MGM_KTREE", 33: "MAGMA_MGM_KTREE",
    ]
    public static let unnamedPrefix = "ENCR"
}
