/// A Diffie-Hellman group, IKEv2 transform type 4 (RFC 7296 §3.3.2).
///
/// The raw value is the IANA "Transform Type 4 - Key Exchange Method" ID that
/// appears in SA proposals and in the KE payload's group field. An ID without a
/// case here (for example 1025) is simply not supported:
/// `KeyExchangeGroup(rawValue: 1025) == nil`. Rejecting unknown IDs this way,
/// before any table lookup, avoids the out-of-range group index behind
/// CVE-2014-9221.
public enum KeyExchangeGroup: UInt16, Sendable, CaseIterable, CustomStringConvertible {
    /// 1024-bit MODP group (RFC 2409 §6.2, "Second Oakley Group"). Weak; kept
    /// for interoperability with old peers only.
    case modp1024 = 2
    /// 2048-bit MODP group (RFC 3526 §3).
    case modp2048 = 14
    /// 3072-bit MODP group (RFC 3526 §4).
    case modp3072 = 15
    /// 4096-bit MODP group (RFC 3526 §5).
    case modp4096 = 16
    /// 256-bit random ECP group, NIST P-256 (RFC 5903 §3.1).
    case ecp256 = 19
    /// 384-bit random ECP group, NIST P-384 (RFC 5903 §3.2).
    case ecp384 = 20
    /// 521-bit random ECP group, NIST P-521 (RFC 5903 §3.3).
    case ecp521 = 21
    /// Curve25519 / X25519 (RFC 8031).
    case curve25519 = 31

    /// The length of the Key Exchange Data in a KE payload for this group.
    ///
    /// MODP: the prime's length, with the value left-padded with zeros
    /// (RFC 7296 §3.4). ECP: x ‖ y, each padded to the field size, without the
    /// SEC1 0x04 prefix (RFC 5903 §7). Curve25519: the 32-byte u-coordinate
    /// (RFC 8031 §2).
    public var publicValueSize: Int {
        switch self {
        case .modp1024: return 128
        case .modp2048: return 256
        case .modp3072: return 384
        case .modp4096: return 512
        case .ecp256, .ecp384, .ecp521: return 2 * (curve?.coordinateSize ?? 0)
        case .curve25519: return 32
        }
    }

    /// The length of the shared secret g^ir that feeds SKEYSEED (RFC 7296 §2.14).
    ///
    /// MODP: the prime's length (zero-padded). ECP: the x-coordinate only, padded
    /// to the field size (RFC 5903 §7 as corrected by its errata). Curve25519: 32.
    public var sharedSecretSize: Int {
        switch self {
        case .modp1024, .modp2048, .modp3072, .modp4096: return publicValueSize
        case .ecp256, .ecp384, .ecp521: return curve?.coordinateSize ?? 0
        case .curve25519: return 32
        }
    }

    /// The NIST curve behind an ECP group.
    var curve: EllipticCurve? {
        switch self {
        case .ecp256: return .p256
        case .ecp384: return .p384
        case .ecp521: return .p521
        default: return nil
        }
    }

    /// The IANA name, for logs ("ECP_256"), as strongSwan prints it.
    public var description: String {
        switch self {
        case .modp1024: return "MODP_1024"
        case .modp2048: return "MODP_2048"
        case .modp3072: return "MODP_3072"
        case .modp4096: return "MODP_4096"
        case .ecp256: return "ECP_256"
        case .ecp384: return "ECP_384"
        case .ecp521: return "ECP_521"
        case .curve25519: return "CURVE_25519"
        }
    }
}
