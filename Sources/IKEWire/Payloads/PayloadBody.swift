/// The part of a payload after its four-octet generic header (RFC 7296 §3.2).
///
/// Each payload type decodes its body from a slice of the received message,
/// so decoded payloads share the message's storage, and reports its exact
/// encoded length so that a message is written in one allocation.
protocol PayloadBody: PayloadEncodable {
    /// Decodes a body. Errors are attributed to the payload type by the caller.
    static func decode(body: ArraySlice<UInt8>) throws(IKEDecodingError) -> Self
}

/// A payload body that can be written: every ``PayloadBody``, and
/// ``UnrecognizedPayload``, which is only ever decoded by the payload chain.
protocol PayloadEncodable: Hashable, Sendable {
    /// The number of octets ``encodeBody(into:)`` writes.
    var bodyLength: Int { get }
    /// Writes the body in canonical form: reserved fields zero, lengths computed.
    func encodeBody(into writer: inout ByteWriter)
}

extension ByteReader {
    /// Fails with `.lengthMismatch` when bytes are left after a structure that
    /// should have used all of them.
    func expectEnd() throws(IKEDecodingError) {
        guard isEmpty else { throw IKEDecodingError(.lengthMismatch) }
    }
}
