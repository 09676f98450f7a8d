import COpenSSL

/// Owns an OpenSSL `EVP_PKEY_CTX`.
///
/// A context is mutable state and is normally used by one operation on one
/// thread. `@unchecked Sendable` is needed only because prepared contexts are
/// kept as templates in ``PKeyContextTemplateCache``; templates are never used
/// directly, only copied with `EVP_PKEY_CTX_dup`, which only reads them.
final class PKeyContextHandle: @unchecked Sendable {
    let pointer: OpaquePointer

    /// Takes ownership of a context returned by OpenSSL.
    init(taking pointer: OpaquePointer) {
        self.pointer = pointer
    }

    /// A new context for operations with `key`. Creating it from the key (rather
    /// than from an algorithm name) reuses the key's provider and skips a fetch.
    convenience init(for key: PKeyHandle) throws {
        guard let pointer = EVP_PKEY_CTX_new_from_pkey(nil, key.pointer, nil) else {
            throw CryptoError.openSSL("EVP_PKEY_CTX_new_from_pkey")
        }
        self.init(taking: pointer)
    }

    /// A new context for an algorithm by name, for key generation or import.
    /// The name must be one of ``OpenSSLName``'s static strings because OpenSSL
    /// keeps the pointer.
    convenience init(algorithm: UnsafePointer<CChar>) throws {
        guard let pointer = EVP_PKEY_CTX_new_from_name(nil, algorithm, nil) else {
            throw CryptoError.openSSL("EVP_PKEY_CTX_new_from_name")
        }
        self.init(taking: pointer)
    }

    deinit {
        EVP_PKEY_CTX_free(pointer)
    }

    /// An independent copy with the same algorithm, key and parameters.
    func duplicate() throws -> PKeyContextHandle {
        guard let copy = EVP_PKEY_CTX_dup(pointer) else {
            throw CryptoError.openSSL("EVP_PKEY_CTX_dup")
        }
        return PKeyContextHandle(taking: copy)
    }
}
