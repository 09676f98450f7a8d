import IKEWire

/// One RADIUS attribute (RFC 2865 §5): its type and value octets, without the
/// Length octet, which the encoder computes.
///
/// Values are kept as received; the typed accessors check the form RFC 2865
/// §5 gives the type's data ("integer" 4 octets, "address" 4 octets, "text"
/// UTF-8) only when asked, so an odd value in an attribute nobody reads does
/// not refuse the packet.
public struct RADIUSAttribute: Hashable, Sendable, CustomStringConvertible {
    public var type: RADIUSAttributeType
    public var value: [UInt8]

    public init(_ type: RADIUSAttributeType, value: [UInt8]) {
        self.type = type
        self.value = value
    }

    /// An "integer" or "time" value: 32 bits, network order (RFC 2865 §5).
    public init(_ type: RADIUSAttributeType, integer: UInt32) {
        self.init(type, value: [UInt8(integer >> 24), UInt8(truncatingIfNeeded: integer >> 16),
                                UInt8(truncatingIfNeeded: integer >> 8), UInt8(truncatingIfNeeded: integer)])
    }

    /// A "text" value: UTF-8 (RFC 2865 §5).
    public init(_ type: RADIUSAttributeType, text: String) {
        self.init(type, value: Array(text.utf8))
    }

    /// An "address" value (RFC 2865 §5: 4 octets).
    public init(_ type: RADIUSAttributeType, address: IPv4Address) {
        self.init(type, value: address.bytes)
    }

    /// A 16-octet IPv6 address (NAS-IPv6-Address, RFC 3162 §2.1;
    /// Framed-IPv6-Address, RFC 6911 §3.1).
    public init(_ type: RADIUSAttributeType, address: IPv6Address) {
        self.init(type, value: address.bytes)
    }

    /// A Vendor-Specific attribute (RFC 2865 §5.26).
    public init(vendorSpecific: RADIUSVendorSpecific) throws(RADIUSEncodingError) {
        self.init(.vendorSpecific, value: try vendorSpecific.encoded())
    }

    /// The value as an "integer", "time" or "enum" (RFC 2865 §5: exactly 4 octets).
    public func integer() throws(RADIUSDecodingError) -> UInt32 {
        guard value.count == 4 else { throw .malformedValue(type, "\(value.count) octets, not 4") }
        return value.reduce(0) { $0 << 8 | UInt32($1) }
    }

    /// The value as "text" (RFC 2865 §5: UTF-8).
    public func text() throws(RADIUSDecodingError) -> String {
        guard let text = String(validating: value, as: UTF8.self) else { throw .malformedValue(type, "not UTF-8") }
        return text
    }

    /// The value as an "address" (RFC 2865 §5: 4 octets).
    public func ipv4Address() throws(RADIUSDecodingError) -> IPv4Address {
        guard value.count == 4, let address = IPv4Address(bytes: value) else {
            throw .malformedValue(type, "\(value.count) octets, not an IPv4 address")
        }
        return address
    }

    /// The value as a 16-octet IPv6 address.
    public func ipv6Address() throws(RADIUSDecodingError) -> IPv6Address {
        guard value.count == 16, let address = IPv6Address(bytes: value) else {
            throw .malformedValue(type, "\(value.count) octets, not an IPv6 address")
        }
        return address
    }

    /// The value as Vendor-Id and vendor sub-attributes (RFC 2865 §5.26).
    public func vendorSpecific() throws(RADIUSDecodingError) -> RADIUSVendorSpecific {
        guard type == .vendorSpecific else { throw .malformedVendorSpecific("attribute \(type) is not Vendor-Specific") }
        return try RADIUSVendorSpecific(decoding: value)
    }

    /// Type and value in hex; for logs (values can be secrets: State,
    /// MPPE keys, so callers log them only at debug level).
    public var description: String {
        "\(type)=\(Hex.string(value))"
    }
}
