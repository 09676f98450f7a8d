/// A payload of a type this implementation does not understand and whose
/// critical bit was clear (RFC 7296 §2.5). The engine ignores it; the codec keeps
/// it so that it can be logged and so that messages round-trip.
public struct UnrecognizedPayload: PayloadEncodable {
    /// The payload type.
    public var type: PayloadType
    /// The body after the generic header.
    public var body: ArraySlice<UInt8>

    public init(type: PayloadType, body: ArraySlice<UInt8>) {
        self.type = type
        self.body = body
    }

    var bodyLength: Int { body.count }

    func encodeBody(into writer: inout ByteWriter) {
        writer.write(contentsOf: body)
    }
}
