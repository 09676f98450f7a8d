import IKECrypto

/// Why an MS-MPPE-Send-Key or MS-MPPE-Recv-Key could not be decrypted or
/// encrypted (RFC 2548 §2.4.2, §2.4.3).
public enum MPPEKeyError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The Salt's most significant bit is clear (RFC 2548 §2.4.2: it MUST be set).
    case saltWithoutHighBit
    /// A salt that is not 2 octets, or a request authenticator that is not 16.
    case invalidParameter(String)
    /// The encrypted String is empty or not a multiple of 16 octets.
    case invalidCiphertextLength(Int)
    /// The decrypted Key-Length octet claims more than the plaintext holds.
    case keyLengthExceedsPlaintext(keyLength: Int, available: Int)
    /// A key too long to encrypt into one vendor sub-attribute, or (for the
    /// MSK) over 32 octets.
    case keyTooLong(Int)
    /// The Access-Accept lacks the attribute, or has it more than once.
    case missingOrRepeated(MicrosoftAttributeType)
    /// A Vendor-Specific attribute of the Access-Accept does not decode.
    case malformedAttribute(RADIUSDecodingError)
    /// MD5 failed in libcrypto.
    case crypto(CryptoError)

    public var description: String {
        switch self {
        case .saltWithoutHighBit: "MPPE salt without its high bit"
        case .invalidParameter(let reason): "MPPE: \(reason)"
        case .invalidCiphertextLength(let count): "MPPE ciphertext of \(count) octets is not a positive multiple of 16"
        case .keyLengthExceedsPlaintext(let length, let available): "MPPE key length \(length) exceeds the \(available) octets decrypted"
        case .keyTooLong(let count): "MPPE key of \(count) octets is too long"
        case .missingOrRepeated(let type): "\(type) missing or repeated"
        case .malformedAttribute(let error): "MPPE: \(error)"
        case .crypto(let error): "MPPE: \(error)"
        }
    }
}
