import COpenSSL

/// An `EVP_MD` fetched once from OpenSSL's default library context.
///
/// OpenSSL 3 looks algorithms up in its provider tables on every
/// `EVP_MD_fetch`, which costs far more than hashing a few hundred bytes.
/// Fetched objects are immutable and documented as safe to share between
/// threads, hence `@unchecked Sendable`.
final class EVPMessageDigest: @unchecked Sendable {
    static let sha1 = EVPMessageDigest(name: DigestAlgorithm.sha1.openSSLName)
    static let sha256 = EVPMessageDigest(name: DigestAlgorithm.sha256.openSSLName)
    static let sha384 = EVPMessageDigest(name: DigestAlgorithm.sha384.openSSLName)
    static let sha512 = EVPMessageDigest(name: DigestAlgorithm.sha512.openSSLName)

    let name: String
    /// Nil when the active providers do not offer the algorithm (for example a
    /// FIPS configuration without it); users then get `.unsupportedAlgorithm`.
    private let handle: OpaquePointer?

    private init(name: String) {
        self.name = name
        handle = EVP_MD_fetch(nil, name, nil)
        if handle == nil { ERR_clear_error() }
    }

    deinit { EVP_MD_free(handle) }

    /// The `EVP_MD` pointer, or an error if the algorithm is unavailable.
    func pointer() throws -> OpaquePointer {
        guard let handle else {
            throw CryptoError(.unsupportedAlgorithm, "digest \(name) is not available from the OpenSSL providers")
        }
        return handle
    }
}
