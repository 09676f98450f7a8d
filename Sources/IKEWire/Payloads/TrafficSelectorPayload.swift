/// TSi and TSr payloads (RFC 7296 §3.13).
public struct TrafficSelectorPayload: PayloadBody {
    /// The selectors; the first is the most specific when narrowing (RFC 7296 §2.9).
    public var selectors: [TrafficSelector]

    public init(selectors: [TrafficSelector]) {
        self.selectors = selectors
    }

    static func decode(body: ArraySlice<UInt8>) throws(IKEDecodingError) -> TrafficSelectorPayload {
        var reader = ByteReader(body)
        let count = Int(try reader.readUInt8())
        try reader.skip(3)
        var selectors: [TrafficSelector] = []
        // A selector takes at least 4 octets: never reserve more than the input can hold.
        selectors.reserveCapacity(min(count, reader.count / 4))
        for _ in 0..<count {
            selectors.append(try TrafficSelector.decode(from: &reader))
        }
        try reader.expectEnd()
        return TrafficSelectorPayload(selectors: selectors)
    }

    var bodyLength: Int { 4 + selectors.reduce(0) { $0 + $1.encodedLength } }

    func encodeBody(into writer: inout ByteWriter) {
        precondition(selectors.count <= Int(UInt8.max), "too many traffic selectors")
        writer.write(UInt8(selectors.count))
        writer.writeZeros(3)
        for selector in selectors { selector.encode(into: &writer) }
    }
}
