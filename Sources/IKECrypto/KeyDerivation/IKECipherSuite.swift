/// The transforms that protect an IKE SA: what IKE_SA_INIT (or an IKE SA
/// rekey) negotiated, minus the Diffie-Hellman group.
public struct IKECipherSuite: Hashable, Sendable, CustomStringConvertible {
    /// ENCR.
    public var encryption: EncryptionAlgorithm
    /// INTEG; nil exactly when `encryption` is an AEAD (RFC 5282 §8).
    public var integrity: IntegrityAlgorithm?
    /// PRF.
    public var prf: PRFAlgorithm

    /// - Precondition: `integrity` is nil exactly for AEAD encryption. The
    ///   engine's proposal selection guarantees this; a mismatch is a bug.
    public init(encryption: EncryptionAlgorithm, integrity: IntegrityAlgorithm?, prf: PRFAlgorithm) {
        precondition(encryption.isAEAD == (integrity == nil), "AEAD ciphers take no integrity transform, others need one")
        self.encryption = encryption
        self.integrity = integrity
        self.prf = prf
    }

    public var description: String {
        [String(describing: encryption), integrity.map { String(describing: $0) }, String(describing: prf)]
            .compactMap { $0 }.joined(separator: "/")
    }
}
