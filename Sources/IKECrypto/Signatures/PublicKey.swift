import COpenSSL

/// A public key for verifying IKEv2 AUTH payload signatures: RSA, or ECDSA on
/// P-256, P-384 or P-521, read from a SubjectPublicKeyInfo.
///
/// Verification is strict: a signature must have exactly the expected form
/// before OpenSSL sees it (see ``verify(_:for:scheme:)``).
public final class PublicKey: Sendable, CustomStringConvertible {
    /// The smallest RSA modulus accepted by default, in bits (NIST SP 800-131A
    /// disallows shorter keys for signature verification after 2013).
    public static let defaultMinimumRSAModulusBits = 2048

    /// The key's algorithm family (and curve).
    public let kind: SignatureKeyKind
    /// The key size in bits: the RSA modulus length, or 256/384/521.
    public let bitCount: Int
    /// The DER SubjectPublicKeyInfo, for comparison with configured raw keys.
    public let subjectPublicKeyInfoDER: [UInt8]

    private let key: PKeyHandle
    private let templates: PKeyContextTemplateCache

    /// Reads a DER SubjectPublicKeyInfo (RFC 5280 §4.1.2.7).
    ///
    /// Throws `.invalidKey` for malformed input, key types other than RSA
    /// (rsaEncryption) and EC on the three NIST curves, an EC point that is not
    /// a valid non-infinity point on its curve, an RSA public exponent that is
    /// even or below 3, or an RSA modulus shorter than `minimumRSAModulusBits`.
    public convenience init(subjectPublicKeyInfoDER der: [UInt8],
                            minimumRSAModulusBits: Int = PublicKey.defaultMinimumRSAModulusBits) throws {
        try self.init(key: PKeyDecoder.publicKey(der: der), minimumRSAModulusBits: minimumRSAModulusBits)
    }

    /// Reads a PEM "PUBLIC KEY" block, with the same checks as
    /// ``init(subjectPublicKeyInfoDER:minimumRSAModulusBits:)``.
    public convenience init(pemEncoded pem: String,
                            minimumRSAModulusBits: Int = PublicKey.defaultMinimumRSAModulusBits) throws {
        try self.init(key: PKeyDecoder.publicKey(pem: pem), minimumRSAModulusBits: minimumRSAModulusBits)
    }

    private init(key: PKeyHandle, minimumRSAModulusBits: Int) throws {
        let kind = try SignatureKeyKind(key: key)
        switch kind {
        case .rsa:
            guard key.bitCount >= minimumRSAModulusBits else {
                throw CryptoError(.invalidKey, "RSA modulus of \(key.bitCount) bits is below the minimum of \(minimumRSAModulusBits)")
            }
            try Self.checkRSAExponent(key)
        case .ecdsa:
            // Decoding already checked that the point is on the curve; this
            // also refuses the point at infinity (encodable as the single byte
            // 0x00), with which any signature would verify.
            let context = try PKeyContextHandle(for: key)
            guard EVP_PKEY_public_check_quick(context.pointer) == 1 else {
                ERR_clear_error()
                throw CryptoError(.invalidKey, "invalid EC public point")
            }
        }
        self.kind = kind
        self.key = key
        self.bitCount = key.bitCount
        self.subjectPublicKeyInfoDER = try key.subjectPublicKeyInfoDER()
        self.templates = try PKeyContextTemplateCache()
    }

    /// RFC 8017 §3.1 requires 3 ≤ e; e must be odd to be invertible mod λ(n).
    /// OpenSSL's verifier accepts e = 1, which would make every message
    /// representative its own signature.
    private static func checkRSAExponent(_ key: PKeyHandle) throws {
        var exponent: OpaquePointer?
        guard EVP_PKEY_get_bn_param(key.pointer, "e", &exponent) == 1, let exponent else {
            throw CryptoError.openSSL("RSA public exponent")
        }
        let handle = BigNumberHandle(taking: exponent)
        guard BN_is_odd(handle.pointer) == 1, handle.bitCount >= 2 else {
            throw CryptoError(.invalidKey, "RSA public exponent must be odd and at least 3")
        }
    }

    /// Verifies `signature` over `message` and throws `.authenticationFailed`
    /// unless it is valid. `.unsupportedAlgorithm` means the scheme does not
    /// fit this key.
    ///
    /// Before any cryptography: RSA signatures must be exactly as long as the
    /// modulus and not all zeros (RFC 8017 §8.2.2 step 1); ECDSA signatures
    /// must be strict DER with 1 ≤ r, s < n (FIPS 186-4 §6.4.2; CVE-2013-2944
    /// class). The digest is fixed by `scheme`, so a signature made with a
    /// different hash fails.
    public func verify(_ signature: [UInt8], for message: [UInt8], scheme: SignatureScheme) throws {
        try scheme.check(for: kind)
        switch kind {
        case .rsa:
            guard signature.count == key.maximumSignatureSize else {
                throw CryptoError(.authenticationFailed, "RSA signature must be \(key.maximumSignatureSize) bytes, got \(signature.count)")
            }
            guard signature.contains(where: { $0 != 0 }) else {
                throw CryptoError(.authenticationFailed, "RSA signature is zero")
            }
        case let .ecdsa(curve):
            let parsed = try ECDSASignature(derRepresentation: signature)
            guard try parsed.isInRange(for: curve) else {
                throw CryptoError(.authenticationFailed, "ECDSA r or s out of range")
            }
        }
        let digest = try scheme.hash.digest(message)
        let context = try templates.context(for: scheme) {
            let template = try PKeyContextHandle(for: key)
            guard EVP_PKEY_verify_init(template.pointer) == 1 else { throw CryptoError.openSSL("EVP_PKEY_verify_init") }
            try SignatureParameters.apply(scheme, to: template)
            return template
        }
        let status = signature.withUnsafeBufferPointer { sig in
            digest.withUnsafeBufferPointer { input in
                EVP_PKEY_verify(context.pointer, sig.baseAddress, sig.count, input.baseAddress, input.count)
            }
        }
        guard status == 1 else {
            ERR_clear_error()
            throw CryptoError(.authenticationFailed, "\(scheme) signature did not verify")
        }
    }

    /// `true` if ``verify(_:for:scheme:)`` succeeds.
    public func isValidSignature(_ signature: [UInt8], for message: [UInt8], scheme: SignatureScheme) -> Bool {
        (try? verify(signature, for: message, scheme: scheme)) != nil
    }

    public var description: String { "PublicKey(\(kind), \(bitCount) bits)" }
}
