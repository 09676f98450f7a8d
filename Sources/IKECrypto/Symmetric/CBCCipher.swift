import COpenSSL

/// A CBC-mode cipher (3DES or AES) keyed once, for the IKE SK payload
/// (RFC 7296 §3.14) and ESP (RFC 2451, RFC 3602).
///
/// Each message gets its own IV; the caller pads the plaintext to
/// ``EncryptionAlgorithm/blockSize`` with the IKE or ESP padding rules, so
/// OpenSSL's PKCS#7 padding is off. One OpenSSL context per direction it is
/// keyed for (``CipherDirections``) is created at init and reused for every
/// message. Not `Sendable`: one instance per SA and thread.
public final class CBCCipher {
    /// The negotiated encryption transform.
    public let algorithm: EncryptionAlgorithm
    private let encryptor: CipherContext?
    private let decryptor: CipherContext?

    /// - Throws: `.unsupportedAlgorithm` for an AEAD transform,
    ///   `.invalidLength` if `key` is not ``EncryptionAlgorithm/keySize``
    ///   bytes.
    public init(_ algorithm: EncryptionAlgorithm, key: SecretBytes, directions: CipherDirections = .both) throws {
        guard !algorithm.isAEAD else {
            throw CryptoError(.unsupportedAlgorithm, "\(algorithm) is an AEAD; use AEADCipher")
        }
        guard key.count == algorithm.keySize else {
            throw CryptoError(.invalidLength, "\(algorithm) needs a \(algorithm.keySize)-byte key, got \(key.count) bytes")
        }
        self.algorithm = algorithm
        let cipher = try algorithm.implementation.pointer()
        (encryptor, decryptor) = try key.withUnsafeBytes { keyBytes in
            (directions.encrypts ? try CipherContext(cipher: cipher, key: keyBytes, encrypting: true, padding: false) : nil,
             directions.decrypts ? try CipherContext(cipher: cipher, key: keyBytes, encrypting: false, padding: false) : nil)
        }
    }

    /// Encrypts `buffer` in place with `iv`.
    ///
    /// - Throws: `.invalidLength` if `iv` is not ``EncryptionAlgorithm/ivSize``
    ///   bytes or the plaintext is empty or not a whole number of blocks.
    public func encrypt(_ buffer: UnsafeMutableRawBufferPointer, iv: UnsafeRawBufferPointer) throws {
        guard !buffer.isEmpty, buffer.count % algorithm.blockSize == 0 else {
            throw CryptoError(.invalidLength, "plaintext of \(buffer.count) bytes is not a non-empty multiple of \(algorithm.blockSize)")
        }
        try run(try CipherDirections.required(encryptor, encrypting: true), buffer, iv: iv)
    }

    /// Decrypts `buffer` in place with `iv`. The padding is left for the
    /// caller to check and strip.
    ///
    /// - Throws: `.malformedCiphertext` if the ciphertext is empty or not a
    ///   whole number of blocks, `.invalidLength` for a wrong IV length.
    public func decrypt(_ buffer: UnsafeMutableRawBufferPointer, iv: UnsafeRawBufferPointer) throws {
        guard !buffer.isEmpty, buffer.count % algorithm.blockSize == 0 else {
            throw CryptoError(.malformedCiphertext, "ciphertext of \(buffer.count) bytes is not a non-empty multiple of \(algorithm.blockSize)")
        }
        try run(try CipherDirections.required(decryptor, encrypting: false), buffer, iv: iv)
    }

    /// Returns `plaintext` encrypted with `iv`.
    public func encrypt(_ plaintext: [UInt8], iv: [UInt8]) throws -> [UInt8] {
        var output = plaintext
        try output.withUnsafeMutableBytes { buffer in
            try iv.withUnsafeBytes { try encrypt(buffer, iv: $0) }
        }
        return output
    }

    /// Returns `ciphertext` decrypted with `iv`, padding included.
    public func decrypt(_ ciphertext: [UInt8], iv: [UInt8]) throws -> [UInt8] {
        var output = ciphertext
        try output.withUnsafeMutableBytes { buffer in
            try iv.withUnsafeBytes { try decrypt(buffer, iv: $0) }
        }
        return output
    }

    private func run(_ context: CipherContext, _ buffer: UnsafeMutableRawBufferPointer, iv: UnsafeRawBufferPointer) throws {
        guard iv.count == algorithm.ivSize else {
            throw CryptoError(.invalidLength, "\(algorithm) needs a \(algorithm.ivSize)-byte IV, got \(iv.count) bytes")
        }
        try context.start(iv: iv)
        try context.transform(buffer)
        guard context.finish() else { throw CryptoError.openSSL("EVP_CipherFinal_ex") }
    }
}
