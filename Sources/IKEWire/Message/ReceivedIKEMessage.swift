/// A decoded IKE message together with the octets it was decoded from.
///
/// AUTH signs the first message "as received" (RFC 7296 §2.15) and the ICV
/// of an SK payload covers the received header and payload headers, so these
/// octets are what the engine and the crypto layer must use, never a
/// re-encoding of ``message``.
public struct ReceivedIKEMessage: Sendable {
    /// The decoded content.
    public let message: IKEMessage
    /// The message exactly as received, starting at the IKE header (after any
    /// non-ESP marker). Payload slices in ``message`` index into these octets.
    public let octets: ArraySlice<UInt8>

    /// Decodes a complete IKE message.
    ///
    /// Decoding allocates only the payload and substructure arrays; byte fields
    /// are slices of `octets`. Hostile input yields an ``IKEDecodingError``: the
    /// decoder never traps, never reads past the input, and allocates in
    /// proportion to the input's size.
    ///
    /// - Throws: ``IKEDecodingError`` if the header's Length differs from the
    ///   number of octets or exceeds ``IKEMessage/maximumLength`` (so that any
    ///   accepted message can be encoded again), or anything in the payload
    ///   chain is malformed.
    public init(decoding octets: ArraySlice<UInt8>) throws(IKEDecodingError) {
        let (header, firstPayload, length) = try IKEHeader.peek(octets)
        guard length == octets.count else { throw IKEDecodingError(.lengthMismatch) }
        guard length <= IKEMessage.maximumLength else { throw IKEDecodingError(.invalidField("message length \(length)")) }
        let payloads = try PayloadChain.decode(
            first: firstPayload,
            bytes: octets.dropFirst(IKEHeader.length),
            allowEncrypted: true
        )
        self.message = IKEMessage(header: header, payloads: payloads)
        self.octets = octets
    }

    /// Decodes a complete IKE message from an array.
    public init(decoding octets: [UInt8]) throws(IKEDecodingError) {
        try self.init(decoding: octets[...])
    }
}
