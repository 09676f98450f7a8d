/// One proposal of an SA payload (RFC 7296 §3.3.1): a protocol, an SPI and a
/// set of transforms, at most one of which per type is chosen.
///
/// Windows sends many single-combination proposals; strongSwan sends one
/// proposal with several transforms of each type. Both decode the same way.
public struct Proposal: Hashable, Sendable {
    /// Proposal Num: 1 for the first, then the same or one more for each next
    /// one; a responder echoes the number of the proposal it accepted.
    public var number: UInt8
    /// IKE, ESP or AH.
    public var protocolID: ProtocolID
    /// The sender's SPI: empty for IKE in IKE_SA_INIT, 8 octets when rekeying
    /// an IKE SA, 4 octets for ESP and AH.
    public var spi: ArraySlice<UInt8>
    /// The transforms, in the order received.
    public var transforms: [Transform]

    public init(number: UInt8, protocolID: ProtocolID, spi: ArraySlice<UInt8> = [], transforms: [Transform]) {
        self.number = number
        self.protocolID = protocolID
        self.spi = spi
        self.transforms = transforms
    }

    /// The transforms of one type, in the order received.
    public func transforms(of type: TransformType) -> some Sequence<Transform> {
        transforms.lazy.filter { $0.type == type }
    }

    // MARK: - Wire format

    var encodedLength: Int {
        8 + spi.count + transforms.reduce(0) { $0 + $1.encodedLength }
    }

    func encode(into writer: inout ByteWriter, isLast: Bool) {
        precondition(spi.count <= Int(UInt8.max) && transforms.count <= Int(UInt8.max), "proposal too large to encode")
        writer.write(UInt8(isLast ? 0 : 2))  // Last Substruc: 2 = more proposals (RFC 7296 §3.3.1)
        writer.write(UInt8(0))
        writer.write(UInt16(encodedLength))
        writer.write(number)
        writer.write(protocolID.rawValue)
        writer.write(UInt8(spi.count))
        writer.write(UInt8(transforms.count))
        writer.write(contentsOf: spi)
        for (index, transform) in transforms.enumerated() {
            transform.encode(into: &writer, isLast: index == transforms.count - 1)
        }
    }

    static func decode(from reader: inout ByteReader) throws(IKEDecodingError) -> (Proposal, isLast: Bool) {
        let lastSubstruc = try reader.readUInt8()
        guard lastSubstruc == 0 || lastSubstruc == 2 else { throw IKEDecodingError(.invalidField("proposal Last Substruc")) }
        try reader.skip(1)
        let length = Int(try reader.readUInt16())
        guard length >= 8 else { throw IKEDecodingError(.invalidField("proposal length")) }
        var body = ByteReader(try reader.readBytes(length - 4))
        let number = try body.readUInt8()
        let protocolID = ProtocolID(rawValue: try body.readUInt8())
        let spiSize = Int(try body.readUInt8())
        let transformCount = Int(try body.readUInt8())
        let spi = try body.readBytes(spiSize)
        var transforms: [Transform] = []
        transforms.reserveCapacity(ByteReader.countStructures(in: body.remaining))
        var sawLast = transformCount == 0
        while !body.isEmpty {
            guard !sawLast else { throw IKEDecodingError(.lengthMismatch) }
            let (transform, isLast) = try Transform.decode(from: &body)
            transforms.append(transform)
            sawLast = isLast
        }
        guard sawLast, transforms.count == transformCount else {
            throw IKEDecodingError(.invalidField("proposal transform count"))
        }
        return (Proposal(number: number, protocolID: protocolID, spi: spi, transforms: transforms), lastSubstruc == 0)
    }
}
