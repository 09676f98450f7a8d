import IKECrypto

/// Why a received RADIUS packet failed verification. Every case means the
/// packet must be discarded (RFC 2865 §3, RFC 3579 §3.2).
public enum RADIUSAuthenticationError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The octets do not decode.
    case malformed(RADIUSDecodingError)
    /// The code is not one this verification accepts.
    case unexpectedCode(RADIUSCode)
    /// The Response (or Accounting-Request) Authenticator is wrong: another
    /// secret, or a forged or corrupted packet.
    case authenticatorMismatch
    /// A required Message-Authenticator is absent (RFC 3579 §3.2 for EAP;
    /// every Access-Accept, -Reject and -Challenge here, against BlastRADIUS).
    case missingMessageAuthenticator
    /// More than one Message-Authenticator, or one that is not 16 octets.
    case invalidMessageAuthenticator
    /// The Message-Authenticator's HMAC-MD5 does not match.
    case messageAuthenticatorMismatch
    /// An MD5 or HMAC-MD5 computation failed in libcrypto.
    case crypto(CryptoError)

    public var description: String {
        switch self {
        case .malformed(let error): "malformed: \(error)"
        case .unexpectedCode(let code): "unexpected \(code)"
        case .authenticatorMismatch: "authenticator mismatch"
        case .missingMessageAuthenticator: "no Message-Authenticator"
        case .invalidMessageAuthenticator: "Message-Authenticator repeated or not 16 octets"
        case .messageAuthenticatorMismatch: "Message-Authenticator mismatch"
        case .crypto(let error): "RADIUS verification: \(error)"
        }
    }
}
