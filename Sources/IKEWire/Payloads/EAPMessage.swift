/// An EAP packet (RFC 3748 §4), carried whole in the EAP payload (RFC 7296 §3.16).
///
/// The codec checks the EAP framing only; method data (MSCHAPv2 opcodes and
/// so on) is for the EAP method to parse.
public struct EAPMessage: PayloadBody {
    /// EAP Code (RFC 3748 §4).
    public enum Code: UInt8, Hashable, Sendable {
        /// Request, from the authenticator (us).
        case request = 1
        /// Response, from the peer.
        case response = 2
        /// Success: no type or data.
        case success = 3
        /// Failure: no type or data.
        case failure = 4
    }

    /// The code.
    public var code: Code
    /// Matches a Response to its Request.
    public var identifier: UInt8
    /// The method type; present exactly for Requests and Responses.
    public var type: EAPType?
    /// Type-Data after the type octet.
    public var data: ArraySlice<UInt8>

    public init(code: Code, identifier: UInt8, type: EAPType? = nil, data: ArraySlice<UInt8> = []) {
        self.code = code
        self.identifier = identifier
        self.type = type
        self.data = data
    }

    static func decode(body: ArraySlice<UInt8>) throws(IKEDecodingError) -> EAPMessage {
        var reader = ByteReader(body)
        guard let code = Code(rawValue: try reader.readUInt8()) else {
            throw IKEDecodingError(.invalidField("EAP code"))
        }
        let identifier = try reader.readUInt8()
        // The EAP Length must match the IKE payload exactly; a mismatch is the
        // kind of disagreement that length-confusion bugs are made of.
        guard Int(try reader.readUInt16()) == body.count else { throw IKEDecodingError(.lengthMismatch) }
        switch code {
        case .request, .response:
            let type = EAPType(rawValue: try reader.readUInt8())
            return EAPMessage(code: code, identifier: identifier, type: type, data: reader.readRest())
        case .success, .failure:
            try reader.expectEnd()
            return EAPMessage(code: code, identifier: identifier)
        }
    }

    var bodyLength: Int { 4 + (type == nil ? 0 : 1 + data.count) }

    func encodeBody(into writer: inout ByteWriter) {
        precondition((type != nil) == (code == .request || code == .response), "EAP type must be set exactly for requests and responses")
        writer.write(code.rawValue)
        writer.write(identifier)
        writer.write(UInt16(bodyLength))
        if let type {
            writer.write(type.rawValue)
            writer.write(contentsOf: data)
        }
    }
}
