/// A Vendor-Specific attribute's value (RFC 2865 §5.26): the 4-octet
/// Vendor-Id, whose high-order octet is 0, then vendor sub-attributes in the
/// Vendor-type / Vendor-length / value form the RFC recommends and every
/// vendor we read (Microsoft, RFC 2548 §2) uses.
///
/// Decoding is strict: at least one sub-attribute, every Vendor-length at
/// least 2 and inside the value, nothing left over. A VSA that is not in this
/// form is refused rather than partly read.
public struct RADIUSVendorSpecific: Hashable, Sendable {
    /// Microsoft's SMI Private Enterprise Code (RFC 2548 §2).
    public static let microsoft: UInt32 = 311

    public var vendorID: UInt32
    public var attributes: [RADIUSVendorAttribute]

    public init(vendorID: UInt32, attributes: [RADIUSVendorAttribute]) {
        self.vendorID = vendorID
        self.attributes = attributes
    }

    public init(decoding value: [UInt8]) throws(RADIUSDecodingError) {
        guard value.count >= 4 + 2 else { throw .malformedVendorSpecific("\(value.count) octets, too short") }
        guard value[0] == 0 else { throw .malformedVendorSpecific("Vendor-Id high-order octet \(value[0]) is not 0") }
        vendorID = value[0..<4].reduce(0) { $0 << 8 | UInt32($1) }
        var attributes: [RADIUSVendorAttribute] = []
        var offset = 4
        while offset < value.count {
            guard offset + 2 <= value.count else { throw .malformedVendorSpecific("sub-attribute header truncated at \(offset)") }
            let length = Int(value[offset + 1])
            guard length >= 2 else { throw .malformedVendorSpecific("sub-attribute length \(length) at \(offset)") }
            guard offset + length <= value.count else { throw .malformedVendorSpecific("sub-attribute at \(offset) overruns") }
            attributes.append(RADIUSVendorAttribute(type: value[offset], value: Array(value[(offset + 2)..<(offset + length)])))
            offset += length
        }
        self.attributes = attributes
    }

    /// The Vendor-Specific attribute's value.
    public func encoded() throws(RADIUSEncodingError) -> [UInt8] {
        guard vendorID <= 0x00FF_FFFF else { throw .invalidVendorID(vendorID) }
        var value: [UInt8] = [0, UInt8(truncatingIfNeeded: vendorID >> 16), UInt8(truncatingIfNeeded: vendorID >> 8),
                              UInt8(truncatingIfNeeded: vendorID)]
        for attribute in attributes {
            // The sub-attribute's own length octet caps it at 255; the
            // enclosing attribute's 253 octets cap the whole value.
            guard attribute.value.count <= 253 else {
                throw .vendorValueTooLong(vendorID: vendorID, type: attribute.type, attribute.value.count)
            }
            value.append(attribute.type)
            value.append(UInt8(2 + attribute.value.count))
            value.append(contentsOf: attribute.value)
        }
        guard value.count <= RADIUSPacket.maximumValueLength else { throw .valueTooLong(.vendorSpecific, value.count) }
        return value
    }

    /// The values of the sub-attributes of `type`, in order.
    public func values(ofType type: UInt8) -> [[UInt8]] {
        attributes.filter { $0.type == type }.map(\.value)
    }
}

/// One vendor sub-attribute (RFC 2865 §5.26 Vendor-type, Vendor-length,
/// value); the length octet is computed when encoding.
public struct RADIUSVendorAttribute: Hashable, Sendable {
    public var type: UInt8
    public var value: [UInt8]

    public init(type: UInt8, value: [UInt8]) {
        self.type = type
        self.value = value
    }
}
