/// N payload (RFC 7296 §3.10): an error or a status.
public struct NotifyPayload: PayloadBody {
    /// The protocol of the SA concerned, or `.none`.
    public var protocolID: ProtocolID
    /// The SPI of the SA concerned, or empty.
    public var spi: ArraySlice<UInt8>
    /// The notify type.
    public var type: NotifyType
    /// Type-specific data.
    public var data: ArraySlice<UInt8>

    public init(type: NotifyType, protocolID: ProtocolID = .none, spi: ArraySlice<UInt8> = [], data: ArraySlice<UInt8> = []) {
        self.type = type
        self.protocolID = protocolID
        self.spi = spi
        self.data = data
    }

    static func decode(body: ArraySlice<UInt8>) throws(IKEDecodingError) -> NotifyPayload {
        var reader = ByteReader(body)
        let protocolID = ProtocolID(rawValue: try reader.readUInt8())
        let spiSize = Int(try reader.readUInt8())
        let type = NotifyType(rawValue: try reader.readUInt16())
        let spi = try reader.readBytes(spiSize)
        return NotifyPayload(type: type, protocolID: protocolID, spi: spi, data: reader.readRest())
    }

    var bodyLength: Int { 4 + spi.count + data.count }

    func encodeBody(into writer: inout ByteWriter) {
        precondition(spi.count <= Int(UInt8.max), "notify SPI too long")
        writer.write(protocolID.rawValue)
        writer.write(UInt8(spi.count))
        writer.write(type.rawValue)
        writer.write(contentsOf: spi)
        writer.write(contentsOf: data)
    }
}
