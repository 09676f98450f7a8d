import IKEWire

/// The content of one SKF payload after its ICV was verified and it was
/// decrypted (RFC 7383 §2.6). The engine reassembles fragments by number and
/// decodes the joined content with ``PayloadChain/decode(first:bytes:allowEncrypted:)``.
public struct DecryptedFragment: Sendable {
    /// Fragment Number, from 1.
    public let number: UInt16
    /// Total Fragments.
    public let total: UInt16
    /// The first inner payload's type; meaningful in fragment 1 only.
    public let firstPayload: PayloadType
    /// This fragment's share of the inner payload chain, padding removed.
    public let content: [UInt8]
}
