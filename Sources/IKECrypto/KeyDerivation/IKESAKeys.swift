/// The seven keys of an IKE SA (RFC 7296 §2.14):
/// `{SK_d | SK_ai | SK_ar | SK_ei | SK_er | SK_pi | SK_pr} = prf+(SKEYSEED, Ni | Nr | SPIi | SPIr)`.
public struct IKESAKeys: Sendable {
    /// SK_d: derives CHILD_SA keys and the next IKE SA's SKEYSEED.
    public let d: SecretBytes
    /// SK_ai: integrity key for messages from the initiator (empty with AEAD).
    public let ai: SecretBytes
    /// SK_ar: integrity key for messages from the responder (empty with AEAD).
    public let ar: SecretBytes
    /// SK_ei: encryption key (and AEAD salt) for messages from the initiator.
    public let ei: SecretBytes
    /// SK_er: encryption key (and AEAD salt) for messages from the responder.
    public let er: SecretBytes
    /// SK_pi: keys the initiator's AUTH MAC over its ID (RFC 7296 §2.15).
    public let pi: SecretBytes
    /// SK_pr: keys the responder's AUTH MAC over its ID.
    public let pr: SecretBytes

    /// Derives the keys of a new IKE SA from IKE_SA_INIT.
    ///
    /// `SKEYSEED = prf(Ni | Nr, g^ir)` (RFC 7296 §2.14). Nonces are the Nonce
    /// payload data without headers; the shared secret is the full-length
    /// Diffie-Hellman value.
    public static func derive(
        suite: IKECipherSuite,
        sharedSecret: SecretBytes,
        initiatorNonce: some ContiguousByteInput,
        responderNonce: some ContiguousByteInput,
        initiatorSPI: UInt64,
        responderSPI: UInt64
    ) throws -> IKESAKeys {
        let skeyseed = try PRF(suite.prf, key: concatenation(initiatorNonce, responderNonce)).computeSecret(sharedSecret)
        return try expand(skeyseed: skeyseed, suite: suite, initiatorNonce: initiatorNonce, responderNonce: responderNonce,
                          initiatorSPI: initiatorSPI, responderSPI: responderSPI)
    }

    /// Derives the keys of an IKE SA that replaces this one by rekeying
    /// (RFC 7296 §2.18): `SKEYSEED = prf(SK_d (old), g^ir (new) | Ni | Nr)`.
    ///
    /// "Because the rekeying exchange belongs to the old IKE SA, it is the old
    /// IKE SA's PRF that is used to generate SKEYSEED". The old PRF also runs
    /// prf+, as strongSwan does ("use OLD SAs PRF functions for both prf_plus
    /// and prf"); only the key lengths are the new suite's. The two readings
    /// differ only when a rekey changes the PRF, and a gateway that read it
    /// the other way lost every such rekey with strongSwan. Nonces and SPIs
    /// are those of the rekeying exchange.
    public func deriveRekeyed(
        oldPRF: PRFAlgorithm,
        newSuite: IKECipherSuite,
        sharedSecret: SecretBytes,
        initiatorNonce: some ContiguousByteInput,
        responderNonce: some ContiguousByteInput,
        initiatorSPI: UInt64,
        responderSPI: UInt64
    ) throws -> IKESAKeys {
        let skeyseed = try PRF(oldPRF, key: d).computeSecret(sharedSecret, initiatorNonce, responderNonce)
        return try Self.expand(skeyseed: skeyseed, suite: newSuite, prfPlus: oldPRF, initiatorNonce: initiatorNonce,
                               responderNonce: responderNonce, initiatorSPI: initiatorSPI, responderSPI: responderSPI)
    }

    /// Splits `prf+(SKEYSEED, Ni | Nr | SPIi | SPIr)` into the seven keys, with
    /// SK_d, SK_pi and SK_pr as long as the suite PRF's preferred key size and
    /// the others as the transforms need (RFC 7296 §2.14). prf+ runs the
    /// suite's PRF unless `prfPlus` names another (a rekey's old PRF).
    static func expand(
        skeyseed: SecretBytes,
        suite: IKECipherSuite,
        prfPlus: PRFAlgorithm? = nil,
        initiatorNonce: some ContiguousByteInput,
        responderNonce: some ContiguousByteInput,
        initiatorSPI: UInt64,
        responderSPI: UInt64
    ) throws -> IKESAKeys {
        let prfKey = suite.prf.preferredKeySize
        let integrityKey = suite.integrity?.keySize ?? 0
        let encryptionKey = suite.encryption.keySize
        let sizes = [prfKey, integrityKey, integrityKey, encryptionKey, encryptionKey, prfKey, prfKey]
        let material = try PRF(prfPlus ?? suite.prf, key: skeyseed).prfPlus(
            length: sizes.reduce(0, +),
            seed: initiatorNonce, responderNonce, bigEndianBytes(initiatorSPI), bigEndianBytes(responderSPI)
        )
        var keys: [SecretBytes] = []
        var offset = 0
        for size in sizes {
            keys.append(material.slice(offset..<offset + size))
            offset += size
        }
        return IKESAKeys(d: keys[0], ai: keys[1], ar: keys[2], ei: keys[3], er: keys[4], pi: keys[5], pr: keys[6])
    }

    private static func concatenation(_ first: some ContiguousByteInput, _ second: some ContiguousByteInput) -> SecretBytes {
        var bytes: [UInt8] = []
        first.withContiguousByteInput { bytes.append(contentsOf: $0) }
        second.withContiguousByteInput { bytes.append(contentsOf: $0) }
        return SecretBytes(bytes)
    }
}

/// The eight octets of a 64-bit value in network order (SPIs in prf+ seeds).
func bigEndianBytes(_ value: UInt64) -> [UInt8] {
    (0..<8).map { UInt8(truncatingIfNeeded: value >> UInt64(56 - 8 * $0)) }
}
