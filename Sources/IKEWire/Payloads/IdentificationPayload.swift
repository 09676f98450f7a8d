/// IDi and IDr payloads (RFC 7296 §3.5).
public struct IdentificationPayload: PayloadBody {
    /// How `data` is to be read.
    public var type: IdentificationType
    /// The three RESERVED octets as received. We send zeros, but AUTH covers
    /// them ("RestOfInitIDPayload = IDType | RESERVED | InitIDData", RFC 7296
    /// §2.15), so a peer's non-zero bytes must be kept to verify its AUTH.
    public var reserved: UInt32
    /// The identification data.
    public var data: ArraySlice<UInt8>

    public init(type: IdentificationType, data: ArraySlice<UInt8>, reserved: UInt32 = 0) {
        self.type = type
        self.data = data
        self.reserved = reserved & 0xFF_FFFF
    }

    /// An ID_FQDN identity.
    public static func fqdn(_ name: String) -> IdentificationPayload {
        IdentificationPayload(type: .fqdn, data: ArraySlice(name.utf8))
    }

    /// An ID_IPV4_ADDR identity.
    public static func ipv4(_ address: IPv4Address) -> IdentificationPayload {
        IdentificationPayload(type: .ipv4Address, data: ArraySlice(address.bytes))
    }

    /// An ID_IPV6_ADDR identity.
    public static func ipv6(_ address: IPv6Address) -> IdentificationPayload {
        IdentificationPayload(type: .ipv6Address, data: ArraySlice(address.bytes))
    }

    /// The payload body as AUTH computes it: ID Type, RESERVED and data
    /// (RFC 7296 §2.15). The caller MACs it with SK_pi or SK_pr.
    public var authenticatedOctets: [UInt8] {
        var writer = ByteWriter(capacity: bodyLength)
        encodeBody(into: &writer)
        return writer.bytes
    }

    static func decode(body: ArraySlice<UInt8>) throws(IKEDecodingError) -> IdentificationPayload {
        var reader = ByteReader(body)
        let type = IdentificationType(rawValue: try reader.readUInt8())
        let reserved = try reader.readBytes(3).reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        let data = reader.readRest()
        return IdentificationPayload(type: type, data: data, reserved: reserved)
    }

    var bodyLength: Int { 4 + data.count }

    func encodeBody(into writer: inout ByteWriter) {
        writer.write(type.rawValue)
        writer.write(UInt8(truncatingIfNeeded: reserved >> 16))
        writer.write(UInt16(truncatingIfNeeded: reserved))
        writer.write(contentsOf: data)
    }
}
