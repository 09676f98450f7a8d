import COpenSSL

/// An OpenSSL algorithm implementation (`EVP_MD`, `EVP_CIPHER` or `EVP_MAC`)
/// fetched once per process.
///
/// OpenSSL 3 looks algorithms up in its provider tables on every fetch, which
/// costs far more than hashing or encrypting one IKE message, so each one
/// used here is fetched once into a `static let`. Fetched objects are
/// immutable and documented as safe to share between threads, hence
/// `@unchecked Sendable`.
final class FetchedAlgorithm: @unchecked Sendable {
    /// The provider name, e.g. "SHA2-256".
    let name: String
    /// Nil when the active providers do not offer the algorithm (for example a
    /// FIPS configuration without it); users then get `.unsupportedAlgorithm`.
    private let handle: OpaquePointer?
    private let release: (OpaquePointer?) -> Void

    private init(name: String, handle: OpaquePointer?, release: @escaping (OpaquePointer?) -> Void) {
        self.name = name
        self.handle = handle
        self.release = release
        if handle == nil { ERR_clear_error() }
    }

    deinit { release(handle) }

    /// The fetched pointer, or an error if the algorithm is unavailable.
    func pointer() throws -> OpaquePointer {
        guard let handle else {
            throw CryptoError(.unsupportedAlgorithm, "\(name) is not available from the OpenSSL providers")
        }
        return handle
    }

    private static func digest(_ name: String) -> FetchedAlgorithm {
        FetchedAlgorithm(name: name, handle: EVP_MD_fetch(nil, name, nil), release: { EVP_MD_free($0) })
    }

    private static func cipher(_ name: String) -> FetchedAlgorithm {
        FetchedAlgorithm(name: name, handle: EVP_CIPHER_fetch(nil, name, nil), release: { EVP_CIPHER_free($0) })
    }

    // MARK: - Digests

    /// In OpenSSL 3's default provider (not only the legacy one).
    static let md5 = digest("MD5")
    static let sha1 = digest("SHA1")
    static let sha256 = digest("SHA2-256")
    static let sha384 = digest("SHA2-384")
    static let sha512 = digest("SHA2-512")

    // MARK: - Ciphers

    static let desEDE3CBC = cipher("DES-EDE3-CBC")
    static let aes128CBC = cipher("AES-128-CBC")
    static let aes192CBC = cipher("AES-192-CBC")
    static let aes256CBC = cipher("AES-256-CBC")
    static let aes128GCM = cipher("AES-128-GCM")
    static let aes192GCM = cipher("AES-192-GCM")
    static let aes256GCM = cipher("AES-256-GCM")
    static let chaCha20Poly1305 = cipher("ChaCha20-Poly1305")

    // MARK: - MACs

    static let hmac = FetchedAlgorithm(name: "HMAC", handle: EVP_MAC_fetch(nil, "HMAC", nil), release: { EVP_MAC_free($0) })
}
