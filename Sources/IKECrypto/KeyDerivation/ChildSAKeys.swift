/// The keys of one ESP CHILD_SA pair (RFC 7296 §2.17).
///
/// `KEYMAT = prf+(SK_d, Ni | Nr)`, or `prf+(SK_d, g^ir (new) | Ni | Nr)` when
/// the CREATE_CHILD_SA exchange ran its own Diffie-Hellman (PFS). Keys for
/// traffic from the initiator come first, each direction's encryption key
/// before its integrity key.
public struct ChildSAKeys: Sendable {
    /// Encryption key (with salt for AEAD) for initiator → responder.
    public let initiatorEncryption: SecretBytes
    /// Integrity key for initiator → responder (empty with AEAD).
    public let initiatorIntegrity: SecretBytes
    /// Encryption key (with salt for AEAD) for responder → initiator.
    public let responderEncryption: SecretBytes
    /// Integrity key for responder → initiator (empty with AEAD).
    public let responderIntegrity: SecretBytes

    /// Derives the keys for an ESP SA using `encryption` and `integrity`.
    ///
    /// - Parameters:
    ///   - prf: the IKE SA's PRF, keyed with SK_d.
    ///   - sharedSecret: g^ir from a KE exchanged in CREATE_CHILD_SA, or nil.
    public static func derive(
        prf: PRF,
        encryption: EncryptionAlgorithm,
        integrity: IntegrityAlgorithm?,
        sharedSecret: SecretBytes? = nil,
        initiatorNonce: some ContiguousByteInput,
        responderNonce: some ContiguousByteInput
    ) throws -> ChildSAKeys {
        let encryptionSize = encryption.keySize
        let integritySize = integrity?.keySize ?? 0
        var seed: [any ContiguousByteInput] = []
        if let sharedSecret { seed.append(sharedSecret) }
        seed.append(initiatorNonce)
        seed.append(responderNonce)
        let material = try prf.prfPlus(length: 2 * (encryptionSize + integritySize), seedConcatenating: seed)
        let directionSize = encryptionSize + integritySize
        return ChildSAKeys(
            initiatorEncryption: material.slice(0..<encryptionSize),
            initiatorIntegrity: material.slice(encryptionSize..<directionSize),
            responderEncryption: material.slice(directionSize..<directionSize + encryptionSize),
            responderIntegrity: material.slice(directionSize + encryptionSize..<2 * directionSize)
        )
    }
}
