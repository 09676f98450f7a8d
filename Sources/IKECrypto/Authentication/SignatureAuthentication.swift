import IKEWire

/// AUTH payloads made with digital signatures: RSA with SHA-1 (method 1,
/// RFC 7296 §3.8, what Windows uses), ECDSA (methods 9–11, RFC 4754) and the
/// generic digital signature method (14, RFC 7427).
public enum SignatureAuthentication {
    /// Signs `signedOctets` (see ``SignedOctets``) and builds the AUTH payload.
    ///
    /// - Parameters:
    ///   - method: `.rsaSignature` (RSA key, SHA-1), `.ecdsaSHA256P256` /
    ///     `.ecdsaSHA384P384` / `.ecdsaSHA512P521` (key on the matching curve),
    ///     or `.digitalSignature` with `scheme`.
    ///   - scheme: the scheme for method 14; ignored by the others, whose
    ///     scheme the method fixes.
    public static func sign(
        _ signedOctets: [UInt8],
        with key: PrivateKey,
        method: AuthenticationMethod,
        scheme: SignatureScheme? = nil
    ) throws -> AuthenticationPayload {
        switch method {
        case .digitalSignature:
            guard let scheme, let algorithm = SignatureAlgorithmIdentifier.encoding(for: scheme) else {
                throw CryptoError(.unsupportedAlgorithm, "method 14 needs a supported signature scheme")
            }
            let signature = try key.signature(for: signedOctets, scheme: scheme)
            return AuthenticationPayload(method: method, data: ArraySlice([UInt8(algorithm.count)] + algorithm + signature))
        default:
            let (fixedScheme, curve) = try fixedScheme(of: method, keyKind: key.kind)
            var signature = try key.signature(for: signedOctets, scheme: fixedScheme)
            if let curve {
                // RFC 4754 §7: ECDSA signatures are r ‖ s, each padded to the curve size.
                signature = try ECDSASignature(derRepresentation: signature).rawRepresentation(curve: curve)
            }
            return AuthenticationPayload(method: method, data: ArraySlice(signature))
        }
    }

    /// Verifies a peer's signature AUTH payload.
    ///
    /// - Parameter acceptedHashes: hashes acceptable in method 14 payloads,
    ///   normally those we announced in SIGNATURE_HASH_ALGORITHMS (RFC 7427 §4).
    /// - Returns: the scheme that verified, for logs.
    /// - Throws: `.authenticationFailed` if the signature is wrong,
    ///   `.unsupportedAlgorithm` for methods, algorithms or hashes we do not
    ///   accept or that do not fit the key.
    @discardableResult
    public static func verify(
        _ payload: AuthenticationPayload,
        signedOctets: [UInt8],
        publicKey: PublicKey,
        acceptedHashes: Set<DigestAlgorithm> = [.sha256, .sha384, .sha512]
    ) throws -> SignatureScheme {
        switch payload.method {
        case .digitalSignature:
            // RFC 7427 §3: one octet of AlgorithmIdentifier length, the
            // AlgorithmIdentifier, then the signature.
            guard let length = payload.data.first.map(Int.init), payload.data.count > 1 + length else {
                throw CryptoError(.authenticationFailed, "method 14 AUTH data is too short")
            }
            let algorithm = payload.data.dropFirst().prefix(length)
            guard let scheme = SignatureAlgorithmIdentifier.scheme(for: algorithm) else {
                throw CryptoError(.unsupportedAlgorithm, "unsupported signature AlgorithmIdentifier")
            }
            guard acceptedHashes.contains(scheme.hash) else {
                throw CryptoError(.unsupportedAlgorithm, "\(scheme.hash) was not offered for signatures")
            }
            try publicKey.verify(Array(payload.data.dropFirst(1 + length)), for: signedOctets, scheme: scheme)
            return scheme
        default:
            let (scheme, curve) = try fixedScheme(of: payload.method, keyKind: publicKey.kind)
            var signature = Array(payload.data)
            if let curve {
                guard let raw = try? ECDSASignature(rawRepresentation: signature, curve: curve) else {
                    throw CryptoError(.authenticationFailed, "ECDSA signature is not r ‖ s for \(curve)")
                }
                signature = raw.derRepresentation
            }
            try publicKey.verify(signature, for: signedOctets, scheme: scheme)
            return scheme
        }
    }

    /// The scheme that methods 1 and 9–11 imply, and the curve whose r ‖ s
    /// layout the ECDSA methods use; the key must fit.
    private static func fixedScheme(of method: AuthenticationMethod, keyKind: SignatureKeyKind) throws -> (SignatureScheme, EllipticCurve?) {
        switch (method, keyKind) {
        case (.rsaSignature, .rsa): (.rsaPKCS1v15(.sha1), nil)
        case (.ecdsaSHA256P256, .ecdsa(.p256)): (.ecdsa(.sha256), .p256)
        case (.ecdsaSHA384P384, .ecdsa(.p384)): (.ecdsa(.sha384), .p384)
        case (.ecdsaSHA512P521, .ecdsa(.p521)): (.ecdsa(.sha512), .p521)
        default: throw CryptoError(.unsupportedAlgorithm, "AUTH method \(method) does not fit a \(keyKind) key")
        }
    }
}
