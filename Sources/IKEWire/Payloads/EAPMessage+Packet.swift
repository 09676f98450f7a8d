/// An EAP packet on its own, outside an IKE payload: how RADIUS carries it
/// in EAP-Message attributes (RFC 3579 §3.1), between the client and the
/// server the gateway relays to.
extension EAPMessage {
    /// Decodes a whole EAP packet; its Length must be the octets given.
    public init(packet: some Collection<UInt8>) throws(IKEDecodingError) {
        self = try Self.decode(body: ArraySlice(packet))
    }

    /// The packet's octets, as ``init(packet:)`` reads them.
    public var packet: [UInt8] {
        var writer = ByteWriter(capacity: bodyLength)
        encodeBody(into: &writer)
        return writer.bytes
    }
}
