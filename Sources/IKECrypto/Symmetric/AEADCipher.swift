import COpenSSL

/// An AEAD cipher (AES-GCM or ChaCha20-Poly1305) keyed once, for the IKE SK
/// payload (RFC 5282, RFC 7634 §3) and ESP (RFC 4106, RFC 7634 §2).
///
/// The keying material is the cipher key followed by a 4-byte salt (RFC 4106
/// §8.1, RFC 5282 §7.1, RFC 7634 §2). Every message is sealed with the
/// 12-byte nonce `salt ‖ IV`, where the 8-byte IV is sent with the message
/// (RFC 4106 §4, RFC 5282 §4, RFC 7634 §2). The caller must never repeat an
/// IV under one key; IKE and ESP use the message or sequence number.
///
/// One OpenSSL context per direction it is keyed for (``CipherDirections``)
/// is created at init and reused. Not `Sendable`: one instance per SA and
/// thread.
public final class AEADCipher {
    /// The negotiated encryption transform.
    public let algorithm: EncryptionAlgorithm
    private let salt: SecretBytes
    private let sealer: CipherContext?
    private let opener: CipherContext?

    /// - Throws: `.unsupportedAlgorithm` for a CBC transform,
    ///   `.invalidLength` if `key` is not ``EncryptionAlgorithm/keySize``
    ///   bytes (salt included).
    public init(_ algorithm: EncryptionAlgorithm, key: SecretBytes, directions: CipherDirections = .both) throws {
        guard algorithm.isAEAD else {
            throw CryptoError(.unsupportedAlgorithm, "\(algorithm) is not an AEAD; use CBCCipher")
        }
        guard key.count == algorithm.keySize else {
            throw CryptoError(.invalidLength, "\(algorithm) needs \(algorithm.keySize) bytes of key and salt, got \(key.count) bytes")
        }
        self.algorithm = algorithm
        let cipherKeySize = algorithm.cipherKeySize
        salt = key.slice(cipherKeySize..<key.count)
        let cipher = try algorithm.implementation.pointer()
        (sealer, opener) = try key.withUnsafeBytes { keyAndSalt in
            let keyBytes = UnsafeRawBufferPointer(rebasing: keyAndSalt[0..<cipherKeySize])
            return (directions.encrypts ? try CipherContext(cipher: cipher, key: keyBytes, encrypting: true, padding: false) : nil,
                    directions.decrypts ? try CipherContext(cipher: cipher, key: keyBytes, encrypting: false, padding: false) : nil)
        }
    }

    /// The tag (ICV) length.
    public var tagSize: Int { algorithm.icvSize }

    /// Encrypts `buffer` in place and writes the tag into `tag`.
    ///
    /// - Parameters:
    ///   - iv: the 8-byte explicit IV sent with the message.
    ///   - aad: the associated data (ESP: SPI and sequence number, RFC 4106 §5;
    ///     IKE: the header up to the encrypted payload, RFC 5282 §5.1).
    ///   - tag: exactly ``tagSize`` bytes.
    public func seal(
        _ buffer: UnsafeMutableRawBufferPointer,
        iv: UnsafeRawBufferPointer,
        aad: UnsafeRawBufferPointer,
        tag: UnsafeMutableRawBufferPointer
    ) throws {
        guard tag.count == tagSize else {
            throw CryptoError(.invalidLength, "tag buffer must be \(tagSize) bytes, got \(tag.count)")
        }
        let sealer = try CipherDirections.required(sealer, encrypting: true)
        try start(sealer, iv: iv)
        try sealer.authenticate(aad)
        try sealer.transform(buffer)
        guard sealer.finish() else { throw CryptoError.openSSL("EVP_CipherFinal_ex (seal)") }
        try sealer.tag(into: tag)
    }

    /// Verifies `tag` and decrypts `buffer` in place.
    ///
    /// - Throws: `.authenticationFailed` if the tag does not verify; the
    ///   buffer is then zeroed so unauthenticated plaintext is never exposed.
    ///   `.invalidLength` if `iv` or `tag` has the wrong length.
    public func open(
        _ buffer: UnsafeMutableRawBufferPointer,
        iv: UnsafeRawBufferPointer,
        aad: UnsafeRawBufferPointer,
        tag: UnsafeRawBufferPointer
    ) throws {
        guard tag.count == tagSize else {
            throw CryptoError(.invalidLength, "tag must be \(tagSize) bytes, got \(tag.count)")
        }
        let opener = try CipherDirections.required(opener, encrypting: false)
        do {
            try start(opener, iv: iv)
            try opener.expectTag(tag)
            try opener.authenticate(aad)
            try opener.transform(buffer)
        } catch {
            wipe(buffer)
            throw error
        }
        // OpenSSL compares the tag in constant time (CRYPTO_memcmp).
        guard opener.finish() else {
            wipe(buffer)
            ERR_clear_error()
            throw CryptoError(.authenticationFailed, "AEAD tag did not verify")
        }
    }

    /// Returns `plaintext` encrypted, followed by the tag.
    public func seal(_ plaintext: [UInt8], iv: [UInt8], aad: [UInt8]) throws -> [UInt8] {
        var output = plaintext + [UInt8](repeating: 0, count: tagSize)
        let length = plaintext.count
        try output.withUnsafeMutableBytes { all in
            try iv.withUnsafeBytes { ivBytes in
                try aad.withUnsafeBytes { aadBytes in
                    try seal(UnsafeMutableRawBufferPointer(rebasing: all[0..<length]), iv: ivBytes, aad: aadBytes,
                             tag: UnsafeMutableRawBufferPointer(rebasing: all[length...]))
                }
            }
        }
        return output
    }

    /// Verifies and decrypts `ciphertextAndTag` (ciphertext followed by the
    /// tag), returning the plaintext.
    ///
    /// - Throws: `.malformedCiphertext` if the input is shorter than the tag,
    ///   `.authenticationFailed` if the tag does not verify.
    public func open(_ ciphertextAndTag: [UInt8], iv: [UInt8], aad: [UInt8]) throws -> [UInt8] {
        guard ciphertextAndTag.count >= tagSize else {
            throw CryptoError(.malformedCiphertext, "input of \(ciphertextAndTag.count) bytes is shorter than the \(tagSize)-byte tag")
        }
        let length = ciphertextAndTag.count - tagSize
        var plaintext = Array(ciphertextAndTag[0..<length])
        try plaintext.withUnsafeMutableBytes { buffer in
            try ciphertextAndTag.withUnsafeBytes { input in
                try iv.withUnsafeBytes { ivBytes in
                    try aad.withUnsafeBytes { aadBytes in
                        try open(buffer, iv: ivBytes, aad: aadBytes, tag: UnsafeRawBufferPointer(rebasing: input[length...]))
                    }
                }
            }
        }
        return plaintext
    }

    /// Starts a message with the nonce `salt ‖ iv`, built on the stack.
    private func start(_ context: CipherContext, iv: UnsafeRawBufferPointer) throws {
        guard iv.count == algorithm.ivSize else {
            throw CryptoError(.invalidLength, "\(algorithm) needs an \(algorithm.ivSize)-byte IV, got \(iv.count) bytes")
        }
        let saltSize = algorithm.saltSize
        try withUnsafeTemporaryAllocation(byteCount: saltSize + iv.count, alignment: 1) { nonce in
            defer { OPENSSL_cleanse(nonce.baseAddress, nonce.count) }
            salt.withUnsafeBytes { UnsafeMutableRawBufferPointer(rebasing: nonce[0..<saltSize]).copyMemory(from: $0) }
            UnsafeMutableRawBufferPointer(rebasing: nonce[saltSize...]).copyMemory(from: iv)
            try context.start(iv: UnsafeRawBufferPointer(nonce))
        }
    }

    private func wipe(_ buffer: UnsafeMutableRawBufferPointer) {
        guard let base = buffer.baseAddress else { return }
        OPENSSL_cleanse(base, buffer.count)
    }
}
