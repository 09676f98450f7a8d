import COpenSSL

/// Reads private keys from PEM and DER with OpenSSL's decoders.
///
/// Private keys are loaded once from configuration, so the cost of OpenSSL
/// 3.0's decoder framework (about 1 ms) does not matter; public keys, which
/// arrive with handshakes, use ``SubjectPublicKeyInfo`` instead.
enum PKeyDecoder {
    /// A private key from PEM: "RSA PRIVATE KEY" (PKCS#1), "EC PRIVATE KEY"
    /// (SEC1) or "PRIVATE KEY" (PKCS#8). Encrypted keys are refused: the
    /// password callback declines, so OpenSSL never prompts on a terminal.
    static func privateKey(pem: String) throws -> PKeyHandle {
        try withMemoryBIO(Array(pem.utf8)) { bio in
            guard let key = PEM_read_bio_PrivateKey_ex(bio, nil, { _, _, _, _ in 0 }, nil, nil, nil) else {
                throw invalidKey("no readable unencrypted private key in PEM")
            }
            return PKeyHandle(taking: key)
        }
    }

    /// A private key from DER: PKCS#8 PrivateKeyInfo, PKCS#1 RSAPrivateKey or
    /// SEC1 ECPrivateKey. The whole input must be one key.
    static func privateKey(der: [UInt8]) throws -> PKeyHandle {
        try decodeWhole(der, "private key") { cursor, length in
            d2i_AutoPrivateKey_ex(nil, cursor, length, nil, nil)
        }
    }

    private static func decodeWhole(
        _ der: [UInt8], _ what: String,
        _ decode: (UnsafeMutablePointer<UnsafePointer<UInt8>?>, Int) -> OpaquePointer?
    ) throws -> PKeyHandle {
        guard !der.isEmpty else { throw invalidKey("empty \(what)") }
        return try der.withUnsafeBufferPointer { buffer in
            var cursor = buffer.baseAddress
            guard let key = decode(&cursor, buffer.count) else {
                throw invalidKey("malformed \(what)")
            }
            let handle = PKeyHandle(taking: key)
            guard let cursor, let base = buffer.baseAddress, cursor - base == buffer.count else {
                throw invalidKey("trailing bytes after \(what)")
            }
            return handle
        }
    }

    private static func withMemoryBIO<R>(_ bytes: [UInt8], _ body: (OpaquePointer) throws -> R) throws -> R {
        guard !bytes.isEmpty, bytes.count <= Int(Int32.max) else { throw invalidKey("empty PEM") }
        return try bytes.withUnsafeBytes { buffer in
            guard let bio = BIO_new_mem_buf(buffer.baseAddress, Int32(buffer.count)) else {
                throw CryptoError.openSSL("BIO_new_mem_buf")
            }
            defer { BIO_free(bio) }
            return try body(bio)
        }
    }

    /// Decoding failures carry no OpenSSL detail that could echo key bytes;
    /// the error queue is cleared so it cannot surface later.
    private static func invalidKey(_ detail: String) -> CryptoError {
        ERR_clear_error()
        return CryptoError(.invalidKey, detail)
    }
}
