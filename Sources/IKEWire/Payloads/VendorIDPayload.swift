/// V payload (RFC 7296 §3.12): an opaque vendor identifier.
public struct VendorIDPayload: PayloadBody {
    /// The identifier, usually a hash of a vendor string.
    public var data: ArraySlice<UInt8>

    public init(data: ArraySlice<UInt8>) {
        self.data = data
    }

    static func decode(body: ArraySlice<UInt8>) throws(IKEDecodingError) -> VendorIDPayload {
        VendorIDPayload(data: body)
    }

    var bodyLength: Int { data.count }

    func encodeBody(into writer: inout ByteWriter) {
        writer.write(contentsOf: data)
    }
}
