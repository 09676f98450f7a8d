/// The transforms that protect an IKE SA: what IKE_SA_INIT (or an IKE SA
/// rekey) negotiated, minus the Diffie-Hellman group.
public struct IKECipherSuite: Hashable, Sendable, CustomStringConvertible {
    /// ENCR.
    public var encryption: EncryptionAlgorithm
    /// INTEG; nil exactly when `encryption` is an AEAD (RFC 5282 §8).
    public var integrity: IntegrityAlgorithm?
    /// PRF.
    public var prf: PRFAlgorithm

    /// - Throws: `.unsupportedAlgorithm` unless `integrity` is nil exactly for
    ///   AEAD encryption. The transforms may come from a peer (the responder's
    ///   choice when we initiate), so a bad combination is an error, not a trap.
    public init(encryption: EncryptionAlgorithm, integrity: IntegrityAlgorithm?, prf: PRFAlgorithm) throws {
        guard encryption.isAEAD == (integrity == nil) else {
            throw CryptoError(.unsupportedAlgorithm, "\(encryption) \(integrity == nil ? "needs" : "takes no") integrity transform")
        }
        self.encryption = encryption
        self.integrity = integrity
        self.prf = prf
    }

    public var description: String {
        [String(describing: encryption), integrity.map { String(describing: $0) }, String(describing: prf)]
            .compactMap { $0 }.joined(separator: "/")
    }
}
