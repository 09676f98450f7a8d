/// An AES key length, as carried in the Key Length transform attribute in
/// bits (RFC 7296 §3.3.5).
public enum AESKeyLength: UInt16, Hashable, Sendable, CaseIterable {
    /// AES-128: 16-byte key.
    case bits128 = 128
    /// AES-192: 24-byte key.
    case bits192 = 192
    /// AES-256: 32-byte key.
    case bits256 = 256

    /// The key length in bytes.
    public var byteCount: Int { Int(rawValue) / 8 }
}
