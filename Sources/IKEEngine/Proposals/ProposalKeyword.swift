import IKECrypto

/// The algorithm keywords of proposal strings, in strongSwan's spelling
/// (`aes256-sha256-modp2048`), so that administrators can carry their
/// swanctl.conf proposals over unchanged.
enum ProposalKeyword {
    /// What one keyword stands for. `sha256` names both an integrity and a
    /// PRF algorithm, as in strongSwan: in IKE proposals it adds both.
    struct Meaning {
        var encryption: EncryptionAlgorithm?
        var integrity: IntegrityAlgorithm?
        var prf: PRFAlgorithm?
        var group: KeyExchangeGroup?
        var extendedSequenceNumbers: Bool?
    }

    static func meaning(of keyword: Substring) -> Meaning? {
        switch keyword {
        case "3des": Meaning(encryption: .tripleDESCBC)
        case "aes128", "aes": Meaning(encryption: .aesCBC(.bits128))
        case "aes192": Meaning(encryption: .aesCBC(.bits192))
        case "aes256": Meaning(encryption: .aesCBC(.bits256))
        case "aes128gcm8": Meaning(encryption: .aesGCM(.bits128, icv: .bytes8))
        case "aes128gcm12": Meaning(encryption: .aesGCM(.bits128, icv: .bytes12))
        case "aes128gcm16", "aes128gcm": Meaning(encryption: .aesGCM(.bits128, icv: .bytes16))
        case "aes192gcm8": Meaning(encryption: .aesGCM(.bits192, icv: .bytes8))
        case "aes192gcm12": Meaning(encryption: .aesGCM(.bits192, icv: .bytes12))
        case "aes192gcm16", "aes192gcm": Meaning(encryption: .aesGCM(.bits192, icv: .bytes16))
        case "aes256gcm8": Meaning(encryption: .aesGCM(.bits256, icv: .bytes8))
        case "aes256gcm12": Meaning(encryption: .aesGCM(.bits256, icv: .bytes12))
        case "aes256gcm16", "aes256gcm": Meaning(encryption: .aesGCM(.bits256, icv: .bytes16))
        case "chacha20poly1305": Meaning(encryption: .chaCha20Poly1305)
        case "sha1", "sha": Meaning(integrity: .hmacSHA1_96, prf: .hmacSHA1)
        case "sha256", "sha2_256": Meaning(integrity: .hmacSHA256_128, prf: .hmacSHA256)
        case "sha384", "sha2_384": Meaning(integrity: .hmacSHA384_192, prf: .hmacSHA384)
        case "sha512", "sha2_512": Meaning(integrity: .hmacSHA512_256, prf: .hmacSHA512)
        case "prfsha1": Meaning(prf: .hmacSHA1)
        case "prfsha256": Meaning(prf: .hmacSHA256)
        case "prfsha384": Meaning(prf: .hmacSHA384)
        case "prfsha512": Meaning(prf: .hmacSHA512)
        case "modp1024": Meaning(group: .modp1024)
        case "modp2048": Meaning(group: .modp2048)
        case "modp3072": Meaning(group: .modp3072)
        case "modp4096": Meaning(group: .modp4096)
        case "ecp256": Meaning(group: .ecp256)
        case "ecp384": Meaning(group: .ecp384)
        case "ecp521": Meaning(group: .ecp521)
        case "curve25519", "x25519": Meaning(group: .curve25519)
        case "esn": Meaning(extendedSequenceNumbers: true)
        case "noesn": Meaning(extendedSequenceNumbers: false)
        default: nil
        }
    }
}
