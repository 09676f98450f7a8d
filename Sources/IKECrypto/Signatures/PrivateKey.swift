import COpenSSL

/// A private key for signing IKEv2 AUTH payloads: RSA, or ECDSA on P-256,
/// P-384 or P-521.
///
/// Loaded once from the gateway's configuration and shared; signing is safe
/// from several threads at once. `description` never shows key material.
public final class PrivateKey: Sendable, CustomStringConvertible {
    /// The key's algorithm family (and curve).
    public let kind: SignatureKeyKind
    /// The key size in bits: the RSA modulus length, or 256/384/521.
    public let bitCount: Int
    /// The matching public key (holding no private material).
    public let publicKey: PublicKey

    private let key: PKeyHandle
    private let templates: PKeyContextTemplateCache

    /// Loads a key from PEM: PKCS#1 ("RSA PRIVATE KEY"), SEC1 ("EC PRIVATE
    /// KEY") or unencrypted PKCS#8 ("PRIVATE KEY"). Encrypted keys, other key
    /// types and other curves are refused with `.invalidKey`.
    public convenience init(pemEncoded pem: String) throws {
        try self.init(key: PKeyDecoder.privateKey(pem: pem))
    }

    /// Loads a key from DER: PKCS#8 PrivateKeyInfo, PKCS#1 RSAPrivateKey or
    /// SEC1 ECPrivateKey.
    public convenience init(derEncoded der: [UInt8]) throws {
        try self.init(key: PKeyDecoder.privateKey(der: der))
    }

    private init(key: PKeyHandle) throws {
        self.kind = try SignatureKeyKind(key: key)
        self.key = key
        self.bitCount = key.bitCount
        // Our own key: no minimum size is imposed on the public half.
        self.publicKey = try PublicKey(subjectPublicKeyInfoDER: key.subjectPublicKeyInfoDER(), minimumRSAModulusBits: 0)
        self.templates = try PKeyContextTemplateCache()
    }

    /// Signs `message` (the octets of RFC 7296 §2.15) with `scheme`.
    ///
    /// RSA PKCS#1 v1.5 is deterministic, so the result is reproducible; ECDSA
    /// and RSA-PSS are randomised. ECDSA signatures come back DER-encoded; use
    /// ``ECDSASignature`` for the r ‖ s form of RFC 4754. Throws
    /// `.unsupportedAlgorithm` if the scheme does not fit the key.
    public func signature(for message: [UInt8], scheme: SignatureScheme) throws -> [UInt8] {
        try scheme.check(for: kind)
        let digest = try Digest.hash(scheme.hash, message)
        let context = try templates.context(for: scheme) {
            let template = try PKeyContextHandle(for: key)
            guard EVP_PKEY_sign_init(template.pointer) == 1 else { throw CryptoError.openSSL("EVP_PKEY_sign_init") }
            try SignatureParameters.apply(scheme, to: template)
            return template
        }
        var signature = [UInt8](repeating: 0, count: key.maximumSignatureSize)
        var length = signature.count
        let status = signature.withUnsafeMutableBufferPointer { output in
            digest.withUnsafeBufferPointer { input in
                EVP_PKEY_sign(context.pointer, output.baseAddress, &length, input.baseAddress, input.count)
            }
        }
        guard status == 1, length <= signature.count else { throw CryptoError.openSSL("EVP_PKEY_sign") }
        signature.removeLast(signature.count - length)
        return signature
    }

    /// Kind and size only; key material is never shown.
    public var description: String { "PrivateKey(\(kind), \(bitCount) bits, redacted)" }
}
