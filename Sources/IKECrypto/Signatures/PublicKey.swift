import COpenSSL

/// A public key for verifying IKEv2 AUTH payload signatures: RSA, or ECDSA on
/// P-256, P-384 or P-521, read from a SubjectPublicKeyInfo (for example the
/// one in the peer's certificate, or a raw public key, RFC 7670).
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
    /// Throws `.invalidKey` for malformed or non-DER input, key types other
    /// than RSA (rsaEncryption) and EC on the three NIST curves (named, not
    /// explicit parameters), an EC point that is not on its curve or not in
    /// SEC1 uncompressed or compressed form, an RSA public exponent that is
    /// even or below 3, an even RSA modulus, or an RSA modulus shorter than
    /// `minimumRSAModulusBits` (or longer than 16384 bits).
    public init(subjectPublicKeyInfoDER der: [UInt8],
                minimumRSAModulusBits: Int = PublicKey.defaultMinimumRSAModulusBits) throws {
        let info = try SubjectPublicKeyInfo(der: der)
        self.key = try info.makeKey(minimumRSAModulusBits: minimumRSAModulusBits)
        switch info {
        case .rsa: self.kind = .rsa
        case let .ec(curve, _): self.kind = .ecdsa(curve)
        }
        self.bitCount = info.bitCount
        self.subjectPublicKeyInfoDER = der
        self.templates = try PKeyContextTemplateCache()
    }

    /// Reads the first PEM "PUBLIC KEY" block (RFC 7468 §13), with the same
    /// checks as ``init(subjectPublicKeyInfoDER:minimumRSAModulusBits:)``.
    public convenience init(pemEncoded pem: String,
                            minimumRSAModulusBits: Int = PublicKey.defaultMinimumRSAModulusBits) throws {
        guard let der = PEMBlock.der(label: "PUBLIC KEY", in: pem) else {
            throw CryptoError(.invalidKey, "no PUBLIC KEY block in PEM")
        }
        try self.init(subjectPublicKeyInfoDER: der, minimumRSAModulusBits: minimumRSAModulusBits)
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
            // A peer's malformed signature is a failed signature, whatever is
            // wrong with it, so callers can treat every bad AUTH alike.
            guard let parsed = try? ECDSASignature(derRepresentation: signature) else {
                throw CryptoError(.authenticationFailed, "ECDSA signature is not strict DER")
            }
            guard try parsed.isInRange(for: curve) else {
                throw CryptoError(.authenticationFailed, "ECDSA r or s out of range")
            }
        }
        let digest = try Digest.hash(scheme.hash, message)
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

    /// Kind and size, for logs.
    public var description: String { "PublicKey(\(kind), \(bitCount) bits)" }
}
