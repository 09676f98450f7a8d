import COpenSSL

/// An `EVP_CIPHER` fetched once per process (see ``EVPMessageDigest`` for why
/// fetches are cached). Immutable once fetched, so safe to share.
final class EVPCipher: @unchecked Sendable {
    static let desEDE3CBC = EVPCipher(name: "DES-EDE3-CBC")
    static let aes128CBC = EVPCipher(name: "AES-128-CBC")
    static let aes192CBC = EVPCipher(name: "AES-192-CBC")
    static let aes256CBC = EVPCipher(name: "AES-256-CBC")
    static let aes128GCM = EVPCipher(name: "AES-128-GCM")
    static let aes192GCM = EVPCipher(name: "AES-192-GCM")
    static let aes256GCM = EVPCipher(name: "AES-256-GCM")
    static let chaCha20Poly1305 = EVPCipher(name: "ChaCha20-Poly1305")

    let name: String
    private let handle: OpaquePointer?

    private init(name: String) {
        self.name = name
        handle = EVP_CIPHER_fetch(nil, name, nil)
        if handle == nil { ERR_clear_error() }
    }

    deinit { EVP_CIPHER_free(handle) }

    func pointer() throws -> OpaquePointer {
        guard let handle else {
            throw CryptoError(.unsupportedAlgorithm, "cipher \(name) is not available from the OpenSSL providers")
        }
        return handle
    }
}
