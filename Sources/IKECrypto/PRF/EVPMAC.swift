import COpenSSL

/// The HMAC `EVP_MAC`, fetched once per process (see ``EVPMessageDigest`` for
/// why fetches are cached). Immutable once fetched, so safe to share.
final class EVPMAC: @unchecked Sendable {
    static let hmac = EVPMAC(name: "HMAC")

    private let name: String
    private let handle: OpaquePointer?

    private init(name: String) {
        self.name = name
        handle = EVP_MAC_fetch(nil, name, nil)
        if handle == nil { ERR_clear_error() }
    }

    deinit { EVP_MAC_free(handle) }

    func pointer() throws -> OpaquePointer {
        guard let handle else {
            throw CryptoError(.unsupportedAlgorithm, "MAC \(name) is not available from the OpenSSL providers")
        }
        return handle
    }
}
