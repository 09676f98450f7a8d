import IKECrypto

/// A combined-mode ESP algorithm (XFRMA_ALG_AEAD, struct xfrm_algo_aead):
/// name, key with the salt appended, ICV length.
public struct XFRMAEAD: Sendable, Equatable, CustomStringConvertible {
    /// The Linux crypto API name, e.g. `rfc4106(gcm(aes))`.
    public let name: String
    /// Key followed by salt, as KEYMAT provides them (RFC 4106 §8.1); wiped
    /// when the last copy is released, never printed.
    public let key: SecretBytes
    /// ICV length in bits.
    public let icvBits: UInt32

    public init(name: String, key: SecretBytes, icvBits: UInt32) throws(XFRMError) {
        try validateAlgorithm(name: name, key: key)
        guard icvBits > 0, icvBits % 8 == 0 else { throw .invalidArgument("\(name) ICV of \(icvBits) bits") }
        self.name = name
        self.key = key
        self.icvBits = icvBits
    }

    /// AES-GCM with a 16-octet ICV (RFC 4106): a 128-, 192- or 256-bit key
    /// followed by the 4-octet salt.
    public static func aesGCM16(keyAndSalt: SecretBytes) throws(XFRMError) -> XFRMAEAD {
        guard [20, 28, 36].contains(keyAndSalt.count) else {
            throw .invalidArgument("AES-GCM key and salt of \(keyAndSalt.count) octets")
        }
        return try XFRMAEAD(name: "rfc4106(gcm(aes))", key: keyAndSalt, icvBits: 128)
    }

    public var description: String { "\(name)-\(icvBits) (\(key.count * 8)-bit key and salt)" }
}
