/// Ni and Nr payloads (RFC 7296 §3.9).
///
/// The codec accepts any length; the engine enforces the 16–256 octet bounds
/// of RFC 7296 §2.10, since that is a protocol rule, not a syntax rule.
public struct NoncePayload: PayloadBody {
    /// The nonce.
    public var data: ArraySlice<UInt8>

    public init(data: ArraySlice<UInt8>) {
        self.data = data
    }

    static func decode(body: ArraySlice<UInt8>) throws(IKEDecodingError) -> NoncePayload {
        NoncePayload(data: body)
    }

    var bodyLength: Int { data.count }

    func encodeBody(into writer: inout ByteWriter) {
        writer.write(contentsOf: data)
    }
}
