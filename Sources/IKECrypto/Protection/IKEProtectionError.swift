import IKEWire

/// Why an SK or SKF payload could not be opened.
public enum IKEProtectionError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The ICV or AEAD tag did not verify. RFC 7296 §2.21.2: such a message is
    /// discarded without a reply, and without affecting the SA's state.
    case integrityCheckFailed
    /// The encrypted payload's structure is impossible (too short, not a
    /// multiple of the block size, a pad length beyond the content).
    case malformedEncryptedPayload(String)
    /// The message carries no SK (or, for fragments, SKF) payload.
    case notEncrypted
    /// The decrypted payloads do not decode.
    case decoding(IKEDecodingError)

    public var description: String {
        switch self {
        case .integrityCheckFailed: "integrity check failed"
        case .malformedEncryptedPayload(let detail): "malformed encrypted payload: \(detail)"
        case .notEncrypted: "message is not encrypted"
        case .decoding(let error): "decrypted payloads: \(error)"
        }
    }
}
