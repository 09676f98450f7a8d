/// Why received RADIUS octets were refused (RFC 2865 §3, §5; RFC 3579 §3.1).
///
/// Packet-level cases come from ``RADIUSPacket/init(decoding:)``, which
/// refuses the whole packet; value cases from the typed accessors of
/// ``RADIUSAttribute``, which leave the packet usable.
public enum RADIUSDecodingError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Fewer than the 20 header octets.
    case truncatedHeader(octets: Int)
    /// The Length field is outside 20...4096 (RFC 2865 §3).
    case invalidLength(Int)
    /// The Length field claims more octets than the datagram holds; RFC 2865
    /// §3 says such a packet MUST be silently discarded.
    case lengthExceedsDatagram(length: Int, datagram: Int)
    /// An attribute's Length is 0 or 1, which cannot even cover its own
    /// header (RFC 2865 §5; strongSwan CVE-2026-35333 looped on it).
    case attributeTooShort(offset: Int, length: Int)
    /// An attribute's header or value runs past the packet's Length.
    case attributeTruncated(offset: Int)
    /// A value does not have the form its type requires (integer, address,
    /// UTF-8 text).
    case malformedValue(RADIUSAttributeType, String)
    /// A Vendor-Specific attribute that is not Vendor-Id followed by
    /// well-formed vendor sub-attributes (RFC 2865 §5.26).
    case malformedVendorSpecific(String)
    /// EAP-Message attributes that are not consecutive or do not join to one
    /// whole EAP packet (RFC 3579 §3.1).
    case malformedEAPMessage(String)

    public var description: String {
        switch self {
        case .truncatedHeader(let octets): "RADIUS packet of \(octets) octets, shorter than its 20-octet header"
        case .invalidLength(let length): "RADIUS Length \(length) outside 20...4096"
        case .lengthExceedsDatagram(let length, let datagram): "RADIUS Length \(length) exceeds the \(datagram)-octet datagram"
        case .attributeTooShort(let offset, let length): "RADIUS attribute at offset \(offset) has length \(length)"
        case .attributeTruncated(let offset): "RADIUS attribute at offset \(offset) runs past the packet"
        case .malformedValue(let type, let reason): "\(type): \(reason)"
        case .malformedVendorSpecific(let reason): "Vendor-Specific: \(reason)"
        case .malformedEAPMessage(let reason): "EAP-Message: \(reason)"
        }
    }
}
