import IKEWire

/// Why an SK or SKF payload could not be opened.
public enum IKEProtectionError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The message could not be authenticated: the ICV or AEAD tag did not
    /// verify, or the body is too short to carry one. RFC 7296 §2.21.2: such a
    /// message is discarded without a reply and without affecting the SA.
    case integrityCheckFailed
    /// The message authenticated, but its encrypted payload is impossible (not
    /// a multiple of the block size, a pad length beyond the content). The
    /// peer really sent it, so it may be answered with INVALID_SYNTAX.
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
