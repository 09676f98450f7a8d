/// An error from a cryptographic operation.
///
/// Errors compare on their ``Code`` only, as swift-certificates' errors do: the
/// `detail` text is for logs and never carries key material.
public struct CryptoError: Error, Hashable, CustomStringConvertible, Sendable {
    /// What went wrong, as a stable code that callers can switch over.
    public enum Code: Hashable, Sendable {
        /// A key, IV, nonce or buffer had a length the algorithm does not accept.
        case invalidLength
        /// An integrity check value, AEAD tag or signature did not verify.
        case authenticationFailed
        /// Ciphertext or padding is malformed (for example not a multiple of the block size).
        case malformedCiphertext
        /// A peer's public value is out of range, not on the curve, or yields a degenerate secret.
        case invalidPublicValue
        /// The algorithm or group is not implemented or not allowed.
        case unsupportedAlgorithm
        /// A key could not be parsed or has the wrong type or size.
        case invalidKey
        /// prf+ was asked for more than 255 iterations of output (RFC 7296 §2.13).
        case outputTooLong
        /// OpenSSL reported an internal failure.
        case library
    }

    /// The stable code.
    public let code: Code
    /// Human-readable context for logs. Never contains secrets.
    public let detail: String

    public init(_ code: Code, _ detail: String) {
        self.code = code
        self.detail = detail
    }

    public static func == (lhs: CryptoError, rhs: CryptoError) -> Bool { lhs.code == rhs.code }
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }

    public var description: String { "\(code): \(detail)" }
}
