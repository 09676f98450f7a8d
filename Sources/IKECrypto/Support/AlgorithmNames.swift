// Names for logs and `list-sas`, in the IANA spelling strongSwan also prints
// (AES_CBC_256, HMAC_SHA2_256_128, PRF_HMAC_SHA2_256).

extension EncryptionAlgorithm: CustomStringConvertible {
    public var description: String {
        switch self {
        case .tripleDESCBC: "3DES_CBC"
        case .aesCBC(let length): "AES_CBC_\(length.rawValue)"
        case .aesGCM(let length, let icv): "AES_GCM_\(icv.rawValue)_\(length.rawValue)"
        case .chaCha20Poly1305: "CHACHA20_POLY1305"
        }
    }
}

extension IntegrityAlgorithm: CustomStringConvertible {
    public var description: String {
        switch self {
        case .hmacSHA1_96: "HMAC_SHA1_96"
        case .hmacSHA256_128: "HMAC_SHA2_256_128"
        case .hmacSHA384_192: "HMAC_SHA2_384_192"
        case .hmacSHA512_256: "HMAC_SHA2_512_256"
        }
    }
}

extension PRFAlgorithm: CustomStringConvertible {
    public var description: String {
        switch self {
        case .hmacSHA1: "PRF_HMAC_SHA1"
        case .hmacSHA256: "PRF_HMAC_SHA2_256"
        case .hmacSHA384: "PRF_HMAC_SHA2_384"
        case .hmacSHA512: "PRF_HMAC_SHA2_512"
        }
    }
}
