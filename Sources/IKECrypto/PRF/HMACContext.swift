import COpenSSL

/// An HMAC keyed once and reused for many messages.
///
/// `EVP_MAC_init` with a key computes the inner and outer padded key states;
/// calling it again with a NULL key only restores those saved states, so each
/// message costs no re-keying (OpenSSL `EVP_MAC_init(3)`: "if key is NULL the
/// previously set key is reused"). Restoring a state does cost OpenSSL 3.0 a
/// small allocation (`EVP_MD_CTX_copy_ex` duplicates the provider context),
/// once in `reset()` and once in `finish(into:)`. Not thread-safe: one
/// context per user.
final class HMACContext {
    private let context: OpaquePointer
    let outputSize: Int

    /// - Parameter key: any length (RFC 2104 §2 hashes keys longer than the
    ///   block size and zero-pads shorter ones).
    init(digest: DigestAlgorithm, key: UnsafeRawBufferPointer) throws {
        let mac = try FetchedAlgorithm.hmac.pointer()
        guard let context = EVP_MAC_CTX_new(mac) else { throw CryptoError.openSSL("EVP_MAC_CTX_new") }
        self.context = context
        outputSize = digest.outputSize
        // A NULL key would mean "reuse the previous key", so an empty key must
        // still be passed as a valid pointer with length 0.
        var emptyKeyPlaceholder: UInt8 = 0
        let status = withUnsafeMutablePointer(to: &emptyKeyPlaceholder) { placeholder -> Int32 in
            let keyPointer = key.baseAddress.map { $0.assumingMemoryBound(to: UInt8.self) }
                ?? UnsafePointer(placeholder)
            // "digest" is OSSL_MAC_PARAM_DIGEST; the C macro is an alias and
            // does not import into Swift.
            return "digest".withCString { parameterName in
                digest.implementation.name.withCString { digestName in
                    var parameters = [
                        OSSL_PARAM_construct_utf8_string(parameterName, UnsafeMutablePointer(mutating: digestName), 0),
                        OSSL_PARAM_construct_end(),
                    ]
                    return EVP_MAC_init(context, keyPointer, key.count, &parameters)
                }
            }
        }
        guard status == 1 else { throw CryptoError.openSSL("EVP_MAC_init") }
    }

    deinit { EVP_MAC_CTX_free(context) }

    /// Starts a new message with the key set at init.
    func reset() throws {
        guard EVP_MAC_init(context, nil, 0, nil) == 1 else { throw CryptoError.openSSL("EVP_MAC_init (reset)") }
    }

    func update(_ bytes: UnsafeRawBufferPointer) throws {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
        guard EVP_MAC_update(context, base.assumingMemoryBound(to: UInt8.self), bytes.count) == 1 else {
            throw CryptoError.openSSL("EVP_MAC_update")
        }
    }

    /// Writes the full MAC (`outputSize` bytes) into `output`, which must be
    /// at least that long.
    func finish(into output: UnsafeMutableRawBufferPointer) throws {
        guard output.count >= outputSize, let base = output.baseAddress else {
            throw CryptoError(.invalidLength, "MAC output buffer is shorter than \(outputSize) bytes")
        }
        var written = 0
        guard EVP_MAC_final(context, base.assumingMemoryBound(to: UInt8.self), &written, output.count) == 1,
              written == outputSize
        else {
            throw CryptoError.openSSL("EVP_MAC_final")
        }
    }
}
