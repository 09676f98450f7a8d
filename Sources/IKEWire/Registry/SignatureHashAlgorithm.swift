/// Hash algorithms announced in SIGNATURE_HASH_ALGORITHMS (RFC 7427 §4,
/// IANA "IKEv2 Hash Algorithms").
public struct SignatureHashAlgorithm: IKERegistryValue {
    public var rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    /// SHA1.
    public static let sha1 = SignatureHashAlgorithm(rawValue: 1)
    /// SHA2-256.
    public static let sha256 = SignatureHashAlgorithm(rawValue: 2)
    /// SHA2-384.
    public static let sha384 = SignatureHashAlgorithm(rawValue: 3)
    /// SHA2-512.
    public static let sha512 = SignatureHashAlgorithm(rawValue: 4)
    /// Identity: the signature algorithm hashes internally, e.g. Ed25519 (RFC 8420).
    public static let identity = SignatureHashAlgorithm(rawValue: 5)

    public static let registeredNames: [UInt16: String] = [
        1: "SHA1", 2: "SHA2_256", 3: "SHA2_384", 4: "SHA2_512", 5: "IDENTITY",
    ]
    public static let unnamedPrefix = "HASH"
}
