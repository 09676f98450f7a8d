/// Which ways a keyed cipher works. ESP keys each direction of a CHILD_SA
/// with keys of its own (RFC 7296 §2.17), so an ESP SA's cipher only ever
/// encrypts or only ever decrypts, and it is keyed for that one way: each
/// OpenSSL context is about 1 KiB (AES-GCM: the key schedule and GHASH
/// table), which per CHILD_SA is a good part of the gateway's memory. The
/// IKE SK payload has one key each way too (SK_ei, SK_er), and its two
/// directions are keyed one way each as well.
public enum CipherDirections: Sendable {
    case both
    case encryptOnly
    case decryptOnly

    var encrypts: Bool { self != .decryptOnly }
    var decrypts: Bool { self != .encryptOnly }

    /// The context for one way, or the error for using a cipher the way it
    /// was not keyed for (a programming error, reported rather than trapped).
    static func required(_ context: CipherContext?, encrypting: Bool) throws -> CipherContext {
        guard let context else {
            throw CryptoError(.unsupportedAlgorithm, "the cipher was keyed to \(encrypting ? "decrypt" : "encrypt") only")
        }
        return context
    }
}
