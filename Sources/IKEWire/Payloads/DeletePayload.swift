/// D payload (RFC 7296 §3.11): SAs the sender has deleted.
public struct DeletePayload: PayloadBody {
    /// IKE (the IKE SA carrying this message), ESP or AH.
    public var protocolID: ProtocolID
    /// The SPIs of the deleted CHILD_SAs, as the sender's inbound SPIs; empty for IKE.
    public var spis: [UInt32]

    public init(protocolID: ProtocolID, spis: [UInt32] = []) {
        self.protocolID = protocolID
        self.spis = spis
    }

    /// Deletes the IKE SA this message travels on.
    public static let ikeSA = DeletePayload(protocolID: .ike)

    static func decode(body: ArraySlice<UInt8>) throws(IKEDecodingError) -> DeletePayload {
        var reader = ByteReader(body)
        let protocolID = ProtocolID(rawValue: try reader.readUInt8())
        let spiSize = try reader.readUInt8()
        let count = Int(try reader.readUInt16())
        switch protocolID {
        case .ike:
            // "For IKE SA, the SPI Size MUST be zero" and no SPIs follow (RFC 7296 §3.11).
            guard spiSize == 0, count == 0 else { throw IKEDecodingError(.invalidField("IKE delete SPI size")) }
            try reader.expectEnd()
            return DeletePayload(protocolID: .ike)
        case .esp, .ah:
            guard spiSize == 4 else { throw IKEDecodingError(.invalidField("CHILD_SA delete SPI size")) }
            guard reader.count == count * 4 else { throw IKEDecodingError(.lengthMismatch) }
            var spis: [UInt32] = []
            spis.reserveCapacity(count)
            for _ in 0..<count { spis.append(try reader.readUInt32()) }
            return DeletePayload(protocolID: protocolID, spis: spis)
        default:
            throw IKEDecodingError(.invalidField("delete protocol \(protocolID)"))
        }
    }

    var bodyLength: Int { 4 + 4 * spis.count }

    func encodeBody(into writer: inout ByteWriter) {
        precondition([.esp, .ah].contains(protocolID) || (protocolID == .ike && spis.isEmpty), "invalid Delete payload")
        writer.write(protocolID.rawValue)
        writer.write(UInt8(protocolID == .ike ? 0 : 4))
        writer.write(UInt16(spis.count))
        for spi in spis { writer.write(spi) }
    }
}
