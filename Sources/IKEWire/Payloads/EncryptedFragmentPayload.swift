/// SKF payload (RFC 7383 §2.5): one fragment of an SK payload.
public struct EncryptedFragmentPayload: PayloadBody {
    /// The first inner payload's type; set in fragment 1 only, zero in the others.
    public var firstPayload: PayloadType
    /// Fragment Number, from 1.
    public var fragmentNumber: UInt16
    /// Total Fragments.
    public var totalFragments: UInt16
    /// Initialization Vector ‖ encrypted content and padding ‖ ICV.
    public var body: ArraySlice<UInt8>

    public init(firstPayload: PayloadType, fragmentNumber: UInt16, totalFragments: UInt16, body: ArraySlice<UInt8>) {
        self.firstPayload = firstPayload
        self.fragmentNumber = fragmentNumber
        self.totalFragments = totalFragments
        self.body = body
    }

    static func decode(body: ArraySlice<UInt8>) throws(IKEDecodingError) -> EncryptedFragmentPayload {
        var reader = ByteReader(body)
        let number = try reader.readUInt16()
        let total = try reader.readUInt16()
        // RFC 7383 §2.5: fragments are numbered from 1, and no number may exceed the total.
        guard number >= 1, number <= total else { throw IKEDecodingError(.invalidField("fragment number \(number) of \(total)")) }
        return EncryptedFragmentPayload(firstPayload: .none, fragmentNumber: number, totalFragments: total, body: reader.readRest())
    }

    var bodyLength: Int { 4 + body.count }

    func encodeBody(into writer: inout ByteWriter) {
        writer.write(fragmentNumber)
        writer.write(totalFragments)
        writer.write(contentsOf: body)
    }
}
