import IKECrypto

/// Why a RADIUS packet could not be encoded or signed.
public enum RADIUSEncodingError: Error, Hashable, Sendable, CustomStringConvertible {
    /// An attribute value over 253 octets (RFC 2865 §5: Length is one octet
    /// and covers the two header octets).
    case valueTooLong(RADIUSAttributeType, Int)
    /// A vendor sub-attribute value that does not fit its Vendor-Specific
    /// attribute.
    case vendorValueTooLong(vendorID: UInt32, type: UInt8, Int)
    /// A Vendor-Id over 24 bits (RFC 2865 §5.26: the high-order octet is 0).
    case invalidVendorID(UInt32)
    /// The packet would exceed 4096 octets (RFC 2865 §3).
    case packetTooLong(Int)
    /// An authenticator that is not 16 octets.
    case invalidAuthenticator(Int)
    /// More than one Message-Authenticator, or one that is not 16 octets
    /// (RFC 3579 §3.2).
    case invalidMessageAuthenticator
    /// An MD5 or HMAC-MD5 computation failed in libcrypto.
    case crypto(CryptoError)

    public var description: String {
        switch self {
        case .valueTooLong(let type, let count): "\(type) value of \(count) octets exceeds 253"
        case .vendorValueTooLong(let vendor, let type, let count): "vendor \(vendor) attribute \(type) value of \(count) octets does not fit"
        case .invalidVendorID(let vendor): "Vendor-Id \(vendor) exceeds 24 bits"
        case .packetTooLong(let count): "RADIUS packet of \(count) octets exceeds 4096"
        case .invalidAuthenticator(let count): "authenticator of \(count) octets, not 16"
        case .invalidMessageAuthenticator: "Message-Authenticator repeated or not 16 octets"
        case .crypto(let error): "RADIUS signing: \(error)"
        }
    }
}
