import COpenSSL

/// Prepared `EVP_PKEY_CTX` templates, one per signature scheme, for one key.
///
/// Creating and initialising a context costs 5-10 µs (a provider lookup and
/// the parameter setup); duplicating a prepared one costs about 0.2 µs. Each
/// operation gets its own duplicate, so concurrent operations never share a
/// context. Templates are built on first use and guarded by an OpenSSL
/// read-write lock.
final class PKeyContextTemplateCache: @unchecked Sendable {
    private let lock: UnsafeMutableRawPointer
    // Guarded by `lock`. The contexts themselves are only read after insertion.
    private var templates: [SignatureScheme: PKeyContextHandle] = [:]

    init() throws {
        guard let lock = CRYPTO_THREAD_lock_new() else { throw CryptoError.openSSL("CRYPTO_THREAD_lock_new") }
        self.lock = lock
    }

    deinit {
        CRYPTO_THREAD_lock_free(lock)
    }

    /// A fresh context for `scheme`, duplicated from the cached template, which
    /// `make` builds the first time.
    func context(for scheme: SignatureScheme, make: () throws -> PKeyContextHandle) throws -> PKeyContextHandle {
        CRYPTO_THREAD_read_lock(lock)
        let cached = templates[scheme]
        CRYPTO_THREAD_unlock(lock)
        if let cached {
            return try cached.duplicate()
        }
        let created = try make()
        CRYPTO_THREAD_write_lock(lock)
        let template = templates[scheme] ?? created
        templates[scheme] = template
        CRYPTO_THREAD_unlock(lock)
        return try template.duplicate()
    }
}
