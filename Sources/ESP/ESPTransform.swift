import IKECrypto

/// The negotiated ESP transform of one SA direction, keyed: a CBC cipher
/// with an HMAC (RFC 2451, RFC 3602, RFC 2404, RFC 4868) or an AEAD
/// (RFC 4106, RFC 7634). Holds OpenSSL contexts, so it is used under its
/// SA's lock only.
final class ESPTransform {
    enum Kind {
        case cbc(CBCCipher, Integrity)
        case aead(AEADCipher)
    }

    let kind: Kind
    let ivSize: Int
    /// The ciphertext is padded to this (RFC 4303 §2.4: the cipher block, or
    /// 4 octets so that the ICV is aligned).
    let alignment: Int
    let icvSize: Int

    /// - Throws: `CryptoError` when a key has the wrong length or the
    ///   combination is invalid (an AEAD with an integrity transform).
    /// - Parameter directions: `.encryptOnly` for an outbound SA,
    ///   `.decryptOnly` for an inbound one: one OpenSSL context, not two.
    init(encryption: EncryptionAlgorithm, encryptionKey: SecretBytes, integrity: IntegrityAlgorithm?, integrityKey: SecretBytes,
         directions: CipherDirections) throws {
        if encryption.isAEAD {
            guard integrity == nil else {
                throw CryptoError(.unsupportedAlgorithm, "\(encryption) is an AEAD and takes no integrity transform (RFC 4106 §6)")
            }
            kind = .aead(try AEADCipher(encryption, key: encryptionKey, directions: directions))
            icvSize = encryption.icvSize
        } else {
            guard let integrity else {
                throw CryptoError(.unsupportedAlgorithm, "\(encryption) needs an integrity transform (RFC 8221 §5 forbids ESP without one)")
            }
            let mac = try Integrity(integrity, key: integrityKey)
            kind = .cbc(try CBCCipher(encryption, key: encryptionKey, directions: directions), mac)
            icvSize = mac.icvSize
        }
        ivSize = encryption.ivSize
        alignment = max(4, encryption.blockSize)
    }
}
