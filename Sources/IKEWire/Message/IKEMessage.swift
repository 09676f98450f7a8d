/// An IKE message: header and payloads (RFC 7296 §3).
///
/// This is the message's content. What arrived on the wire is a
/// ``ReceivedIKEMessage``, which also keeps the octets as received.
public struct IKEMessage: Hashable, Sendable {
    /// The header. Its length and Next Payload fields are computed on encoding.
    public var header: IKEHeader
    /// The payloads in order. An SK or SKF payload, if present, is last.
    public var payloads: [IKEPayload]

    public init(header: IKEHeader, payloads: [IKEPayload]) {
        self.header = header
        self.payloads = payloads
    }

    /// The largest message we decode or build. The Length field has 32 bits,
    /// but no transport carries more than 65,535 octets: UDP over IPv6 at most
    /// 65,527, TCP encapsulation (RFC 8229) has a 16-bit length.
    public static let maximumLength = 65_535

    /// The encoded length in octets.
    public var encodedLength: Int {
        IKEHeader.length + PayloadChain.encodedLength(payloads)
    }

    /// Encodes the message canonically, in a single allocation.
    public func encode() -> [UInt8] {
        let length = encodedLength
        precondition(length <= IKEMessage.maximumLength, "IKE message too large to encode")
        var writer = ByteWriter(capacity: length)
        header.encode(into: &writer, firstPayload: payloads.first?.type ?? .none, length: length)
        PayloadChain.encode(payloads, into: &writer)
        return writer.bytes
    }
}
