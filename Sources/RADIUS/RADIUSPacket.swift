/// A RADIUS packet (RFC 2865 §3): Code, Identifier, the 16-octet
/// Authenticator and the attributes in order. Length is computed when
/// encoding.
///
/// Decoding checks every length before it looks at any attribute: the
/// Length field must be 20...4096 and within the datagram, and the attribute
/// headers must tile the octets up to Length exactly, each attribute at
/// least 2 octets long (RFC 2865 §5). A packet that fails any of these is
/// refused whole. strongSwan's eap-radius plugin read attributes of length 0
/// or 1 while walking them (CVE-2026-35333); here nothing reads an attribute
/// until all of them are known to fit.
public struct RADIUSPacket: Hashable, Sendable {
    /// Code, Identifier, Length and Authenticator (RFC 2865 §3).
    public static let headerSize = 20
    /// RFC 2865 §3: "The maximum length is 4096."
    public static let maximumLength = 4096
    /// RFC 2865 §5: the one-octet Length covers type, length and value.
    public static let maximumValueLength = 253
    /// RFC 2865 §3.
    public static let authenticatorSize = 16

    public var code: RADIUSCode
    public var identifier: UInt8
    /// The Request or Response Authenticator (RFC 2865 §3), 16 octets.
    public var authenticator: [UInt8]
    public var attributes: [RADIUSAttribute]

    public init(code: RADIUSCode, identifier: UInt8, authenticator: [UInt8], attributes: [RADIUSAttribute] = []) {
        self.code = code
        self.identifier = identifier
        self.authenticator = authenticator
        self.attributes = attributes
    }

    /// Decodes a received datagram. Octets beyond the Length field are
    /// ignored, as RFC 2865 §3 says ("Octets outside the range of the Length
    /// field MUST be treated as padding and ignored on reception").
    public init(decoding datagram: some Collection<UInt8>) throws(RADIUSDecodingError) {
        let octets = Array(datagram)
        let length = try Self.validatedLength(of: octets)
        // First pass: only lengths. Nothing is kept until all of them fit.
        var spans: [Range<Int>] = []
        var offset = Self.headerSize
        while offset < length {
            guard offset + 2 <= length else { throw .attributeTruncated(offset: offset) }
            let attributeLength = Int(octets[offset + 1])
            guard attributeLength >= 2 else { throw .attributeTooShort(offset: offset, length: attributeLength) }
            guard offset + attributeLength <= length else { throw .attributeTruncated(offset: offset) }
            spans.append(offset..<(offset + attributeLength))
            offset += attributeLength
        }
        code = RADIUSCode(rawValue: octets[0])
        identifier = octets[1]
        authenticator = Array(octets[4..<20])
        attributes = spans.map { span in
            RADIUSAttribute(RADIUSAttributeType(rawValue: octets[span.lowerBound]), value: Array(octets[(span.lowerBound + 2)..<span.upperBound]))
        }
    }

    /// The Length field of `octets`, checked against RFC 2865 §3's bounds and
    /// the datagram; the verifiers use it to find the octets they hash.
    static func validatedLength(of octets: [UInt8]) throws(RADIUSDecodingError) -> Int {
        guard octets.count >= headerSize else { throw .truncatedHeader(octets: octets.count) }
        let length = Int(octets[2]) << 8 | Int(octets[3])
        guard (headerSize...maximumLength).contains(length) else { throw .invalidLength(length) }
        guard length <= octets.count else { throw .lengthExceedsDatagram(length: length, datagram: octets.count) }
        return length
    }

    /// The packet's octets with the Length computed and the authenticator as
    /// set. Signing is done by the `encoded…(secret:)` methods.
    ///
    /// - Throws: ``RADIUSEncodingError`` for a value over 253 octets, a packet
    ///   over 4096, or an authenticator that is not 16 octets.
    public func encoded() throws(RADIUSEncodingError) -> [UInt8] {
        guard authenticator.count == Self.authenticatorSize else { throw .invalidAuthenticator(authenticator.count) }
        var length = Self.headerSize
        for attribute in attributes {
            guard attribute.value.count <= Self.maximumValueLength else { throw .valueTooLong(attribute.type, attribute.value.count) }
            length += 2 + attribute.value.count
        }
        guard length <= Self.maximumLength else { throw .packetTooLong(length) }
        var octets: [UInt8] = []
        octets.reserveCapacity(length)
        octets += [code.rawValue, identifier, UInt8(length >> 8), UInt8(length & 0xFF)]
        octets += authenticator
        for attribute in attributes {
            octets.append(attribute.type.rawValue)
            octets.append(UInt8(2 + attribute.value.count))
            octets += attribute.value
        }
        return octets
    }

    /// The attributes of `type`, in order.
    public func attributes(ofType type: RADIUSAttributeType) -> [RADIUSAttribute] {
        attributes.filter { $0.type == type }
    }

    /// The first attribute of `type`.
    public func first(_ type: RADIUSAttributeType) -> RADIUSAttribute? {
        attributes.first { $0.type == type }
    }

    /// The decoded Vendor-Specific attributes of `vendorID`, in order.
    ///
    /// - Throws: if any Vendor-Specific attribute is malformed, whichever
    ///   vendor it names (its Vendor-Id cannot be trusted either).
    public func vendorSpecific(_ vendorID: UInt32) throws(RADIUSDecodingError) -> [RADIUSVendorSpecific] {
        var found: [RADIUSVendorSpecific] = []
        for attribute in attributes where attribute.type == .vendorSpecific {
            let vendorSpecific = try attribute.vendorSpecific()
            if vendorSpecific.vendorID == vendorID { found.append(vendorSpecific) }
        }
        return found
    }
}
