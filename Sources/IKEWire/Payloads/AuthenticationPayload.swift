/// AUTH payload (RFC 7296 §3.8).
public struct AuthenticationPayload: PayloadBody {
    /// How `data` was computed.
    public var method: AuthenticationMethod
    /// The signature or MAC (for method 14, the RFC 7427 AlgorithmIdentifier
    /// with its length octet, then the signature).
    public var data: ArraySlice<UInt8>

    public init(method: AuthenticationMethod, data: ArraySlice<UInt8>) {
        self.method = method
        self.data = data
    }

    static func decode(body: ArraySlice<UInt8>) throws(IKEDecodingError) -> AuthenticationPayload {
        var reader = ByteReader(body)
        let method = AuthenticationMethod(rawValue: try reader.readUInt8())
        try reader.skip(3)
        return AuthenticationPayload(method: method, data: reader.readRest())
    }

    var bodyLength: Int { 4 + data.count }

    func encodeBody(into writer: inout ByteWriter) {
        writer.write(method.rawValue)
        writer.writeZeros(3)
        writer.write(contentsOf: data)
    }
}
