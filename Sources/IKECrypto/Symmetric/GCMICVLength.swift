/// The integrity check value length of AES-GCM, which IKEv2 and ESP encode in
/// the transform ID rather than in an attribute (RFC 4106 §8, RFC 5282 §7).
public enum GCMICVLength: Int, Hashable, Sendable, CaseIterable {
    /// ENCR_AES_GCM_8, transform ID 18.
    case bytes8 = 8
    /// ENCR_AES_GCM_12, transform ID 19.
    case bytes12 = 12
    /// ENCR_AES_GCM_16, transform ID 20.
    case bytes16 = 16

    /// The IANA encryption transform ID for AES-GCM with this ICV length.
    public var transformID: UInt16 {
        switch self {
        case .bytes8: 18
        case .bytes12: 19
        case .bytes16: 20
        }
    }
}
