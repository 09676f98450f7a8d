import COpenSSL

/// A fetched OpenSSL `EVP_MD`.
///
/// Fetching goes through the provider's method store, so it is done once per
/// digest and process. The fetched objects are immutable and may be used from
/// any thread (`@unchecked Sendable`); they live as long as the process.
final class MessageDigestHandle: @unchecked Sendable {
    static let sha1 = MessageDigestHandle(name: "SHA1")
    static let sha256 = MessageDigestHandle(name: "SHA2-256")
    static let sha384 = MessageDigestHandle(name: "SHA2-384")
    static let sha512 = MessageDigestHandle(name: "SHA2-512")

    let pointer: OpaquePointer

    private init?(name: String) {
        guard let pointer = EVP_MD_fetch(nil, name, nil) else {
            ERR_clear_error()
            return nil
        }
        self.pointer = pointer
    }

    deinit {
        EVP_MD_free(pointer)
    }
}
