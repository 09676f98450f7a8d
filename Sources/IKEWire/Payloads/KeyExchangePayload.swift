/// KE payload (RFC 7296 §3.4): a Diffie-Hellman public value.
public struct KeyExchangePayload: PayloadBody {
    /// The group the public value belongs to. It must match the KE transform of
    /// the accepted proposal, or the responder answers INVALID_KE_PAYLOAD.
    public var group: KeyExchangeMethodID
    /// The public value: g^x mod p for MODP groups (zero-padded to the prime
    /// length), x ‖ y for ECP groups (RFC 5903 §7), 32 octets for Curve25519.
    public var data: ArraySlice<UInt8>

    public init(group: KeyExchangeMethodID, data: ArraySlice<UInt8>) {
        self.group = group
        self.data = data
    }

    static func decode(body: ArraySlice<UInt8>) throws(IKEDecodingError) -> KeyExchangePayload {
        var reader = ByteReader(body)
        let group = KeyExchangeMethodID(rawValue: try reader.readUInt16())
        try reader.skip(2)
        return KeyExchangePayload(group: group, data: reader.readRest())
    }

    var bodyLength: Int { 4 + data.count }

    func encodeBody(into writer: inout ByteWriter) {
        writer.write(group.rawValue)
        writer.write(UInt16(0))
        writer.write(contentsOf: data)
    }
}
