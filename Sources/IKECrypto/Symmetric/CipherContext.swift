import COpenSSL

/// One `EVP_CIPHER_CTX`, keyed once for one direction and re-initialised
/// with only a new IV/nonce per message.
///
/// A direction is fixed because AES decrypts with a different key schedule
/// than it encrypts: re-initialising a context for the other direction
/// without a key would keep the wrong schedule, and passing the key again
/// would redo the key expansion on every message.
final class CipherContext {
    private let context: OpaquePointer
    private let encrypting: Int32

    /// - Parameter key: exactly the cipher's key length; OpenSSL reads that
    ///   many bytes without a length argument, so callers validate first.
    init(cipher: OpaquePointer, key: UnsafeRawBufferPointer, encrypting: Bool, padding: Bool) throws {
        guard let context = EVP_CIPHER_CTX_new() else { throw CryptoError.openSSL("EVP_CIPHER_CTX_new") }
        self.context = context
        self.encrypting = encrypting ? 1 : 0
        guard Int(EVP_CIPHER_get_key_length(cipher)) == key.count, let keyBase = key.baseAddress else {
            throw CryptoError(.invalidLength, "cipher key has \(key.count) bytes, expected \(EVP_CIPHER_get_key_length(cipher))")
        }
        guard EVP_CipherInit_ex2(context, cipher, keyBase.assumingMemoryBound(to: UInt8.self), nil, self.encrypting, nil) == 1 else {
            throw CryptoError.openSSL("EVP_CipherInit_ex2")
        }
        if !padding {
            guard EVP_CIPHER_CTX_set_padding(context, 0) == 1 else { throw CryptoError.openSSL("EVP_CIPHER_CTX_set_padding") }
        }
    }

    deinit { EVP_CIPHER_CTX_free(context) }

    /// The IV (CBC) or nonce (AEAD) length the context expects.
    var ivLength: Int { Int(EVP_CIPHER_CTX_get_iv_length(context)) }

    /// Starts a message with a new IV or nonce, keeping key and direction.
    func start(iv: UnsafeRawBufferPointer) throws {
        guard iv.count == ivLength, let base = iv.baseAddress else {
            throw CryptoError(.invalidLength, "IV has \(iv.count) bytes, expected \(ivLength)")
        }
        guard EVP_CipherInit_ex2(context, nil, nil, base.assumingMemoryBound(to: UInt8.self), encrypting, nil) == 1 else {
            throw CryptoError.openSSL("EVP_CipherInit_ex2 (IV)")
        }
    }

    /// Feeds additional authenticated data (AEAD only).
    func authenticate(_ aad: UnsafeRawBufferPointer) throws {
        guard let base = aad.baseAddress, !aad.isEmpty else { return }
        var written: Int32 = 0
        guard EVP_CipherUpdate(context, nil, &written, base.assumingMemoryBound(to: UInt8.self), try Self.length(aad.count)) == 1 else {
            throw CryptoError.openSSL("EVP_CipherUpdate (AAD)")
        }
    }

    /// Transforms `buffer` in place (OpenSSL allows input and output to be
    /// the same buffer, only partial overlap is rejected).
    func transform(_ buffer: UnsafeMutableRawBufferPointer) throws {
        guard let base = buffer.baseAddress, !buffer.isEmpty else { return }
        let bytes = base.assumingMemoryBound(to: UInt8.self)
        var written: Int32 = 0
        guard EVP_CipherUpdate(context, bytes, &written, bytes, try Self.length(buffer.count)) == 1,
              Int(written) == buffer.count
        else {
            throw CryptoError.openSSL("EVP_CipherUpdate")
        }
    }

    /// Ends the message. Returns false if OpenSSL rejects it, which for an
    /// AEAD decryption means the tag did not verify; no output is expected
    /// because nothing is buffered (CBC input is whole blocks, AEADs stream).
    func finish() -> Bool {
        var written: Int32 = 0
        // Room for one block in case OpenSSL did buffer something; that would
        // be a bug here, and is reported as failure rather than dropped.
        return withUnsafeTemporaryAllocation(byteCount: 32, alignment: 1) { scratch in
            let ok = EVP_CipherFinal_ex(context, scratch.baseAddress?.assumingMemoryBound(to: UInt8.self), &written) == 1
            OPENSSL_cleanse(scratch.baseAddress, scratch.count)
            return ok && written == 0
        }
    }

    /// Reads the AEAD tag after `finish()` of an encryption.
    func tag(into tag: UnsafeMutableRawBufferPointer) throws {
        guard EVP_CIPHER_CTX_ctrl(context, EVP_CTRL_AEAD_GET_TAG, try Self.length(tag.count), tag.baseAddress) == 1 else {
            throw CryptoError.openSSL("EVP_CTRL_AEAD_GET_TAG")
        }
    }

    /// Sets the expected AEAD tag before `finish()` of a decryption.
    func expectTag(_ tag: UnsafeRawBufferPointer) throws {
        guard EVP_CIPHER_CTX_ctrl(context, EVP_CTRL_AEAD_SET_TAG, try Self.length(tag.count), UnsafeMutableRawPointer(mutating: tag.baseAddress)) == 1 else {
            throw CryptoError.openSSL("EVP_CTRL_AEAD_SET_TAG")
        }
    }

    private static func length(_ count: Int) throws -> Int32 {
        guard let length = Int32(exactly: count) else {
            throw CryptoError(.invalidLength, "buffer of \(count) bytes is too large for OpenSSL")
        }
        return length
    }
}
