/// The Shared Key Message Integrity Code of RFC 7296 §2.15:
///
///     AUTH = prf( prf(Shared Secret, "Key Pad for IKEv2"), <SignedOctets>)
///
/// After EAP, the shared secret is the method's MSK (RFC 7296 §2.16); for
/// EAP-MSCHAPv2 that is the 64-octet key from ``MSCHAPv2/ikev2MSK(passwordHash:ntResponse:)``.
public enum SharedKeyAuthentication {
    /// "Key Pad for IKEv2", seventeen ASCII octets without a terminator.
    static let keyPad = Array("Key Pad for IKEv2".utf8)

    /// Computes the AUTH data.
    public static func compute(secret: SecretBytes, prf algorithm: PRFAlgorithm, signedOctets: [UInt8]) throws -> [UInt8] {
        let padded = try PRF(algorithm, key: secret).computeSecret(keyPad)
        return try PRF(algorithm, key: padded).compute(signedOctets)
    }

    /// Checks a peer's AUTH data in constant time.
    public static func verify(
        _ authData: some Collection<UInt8>,
        secret: SecretBytes,
        prf algorithm: PRFAlgorithm,
        signedOctets: [UInt8]
    ) throws -> Bool {
        constantTimeEquals(authData, try compute(secret: secret, prf: algorithm, signedOctets: signedOctets))
    }
}
