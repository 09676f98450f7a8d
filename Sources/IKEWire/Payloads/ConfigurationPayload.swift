/// CP payload (RFC 7296 §3.15): configuration requests and replies, used for
/// virtual addresses and DNS/NBNS servers.
public struct ConfigurationPayload: PayloadBody {
    /// Request, reply, set or ack.
    public var type: ConfigurationType
    /// The attributes, unknown ones included.
    public var attributes: [ConfigurationAttribute]

    public init(type: ConfigurationType, attributes: [ConfigurationAttribute]) {
        self.type = type
        self.attributes = attributes
    }

    static func decode(body: ArraySlice<UInt8>) throws(IKEDecodingError) -> ConfigurationPayload {
        var reader = ByteReader(body)
        let type = ConfigurationType(rawValue: try reader.readUInt8())
        try reader.skip(3)
        var attributes: [ConfigurationAttribute] = []
        while !reader.isEmpty {
            attributes.append(try ConfigurationAttribute.decode(from: &reader))
        }
        return ConfigurationPayload(type: type, attributes: attributes)
    }

    var bodyLength: Int { 4 + attributes.reduce(0) { $0 + $1.encodedLength } }

    func encodeBody(into writer: inout ByteWriter) {
        writer.write(type.rawValue)
        writer.writeZeros(3)
        for attribute in attributes { attribute.encode(into: &writer) }
    }
}
