/// SK payload (RFC 7296 §3.14): the encrypted and integrity-protected
/// payloads of every message after IKE_SA_INIT.
///
/// The codec cannot split `body` into IV, ciphertext and ICV, since their sizes
/// depend on the negotiated algorithms; the crypto layer does that. `body` is
/// a slice of the received message, so its indices locate it in the octets
/// the ICV covers.
public struct EncryptedPayload: PayloadBody {
    /// The type of the first payload inside, carried in SK's Next Payload field.
    public var firstPayload: PayloadType
    /// Initialization Vector ‖ encrypted payloads and padding ‖ ICV.
    public var body: ArraySlice<UInt8>

    public init(firstPayload: PayloadType, body: ArraySlice<UInt8>) {
        self.firstPayload = firstPayload
        self.body = body
    }

    static func decode(body: ArraySlice<UInt8>) throws(IKEDecodingError) -> EncryptedPayload {
        // The first payload type comes from the generic header; PayloadChain sets it.
        EncryptedPayload(firstPayload: .none, body: body)
    }

    var bodyLength: Int { body.count }

    func encodeBody(into writer: inout ByteWriter) {
        writer.write(contentsOf: body)
    }
}
