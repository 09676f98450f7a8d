extension RADIUSPacket {
    /// `eap` split into EAP-Message attributes of at most 253 octets each, in
    /// order (RFC 3579 §3.1), to be placed consecutively in a packet.
    public static func eapMessageAttributes(_ eap: [UInt8]) -> [RADIUSAttribute] {
        stride(from: 0, to: eap.count, by: maximumValueLength).map { start in
            RADIUSAttribute(.eapMessage, value: Array(eap[start..<min(start + maximumValueLength, eap.count)]))
        }
    }

    /// The EAP packet carried in the EAP-Message attributes, joined, or nil
    /// if there are none.
    ///
    /// RFC 3579 §3.1: multiple EAP-Message attributes "MUST be in order and
    /// they MUST be consecutive attributes in the packet". The joined octets
    /// must be one whole EAP packet: at least the 4-octet header, and exactly
    /// as long as its Length field (RFC 3748 §4), so a server cannot smuggle
    /// octets past the EAP layer or cut a message short.
    public func eapMessage() throws(RADIUSDecodingError) -> [UInt8]? {
        guard let first = attributes.firstIndex(where: { $0.type == .eapMessage }) else { return nil }
        let run = attributes[first...].prefix { $0.type == .eapMessage }
        guard !attributes[(first + run.count)...].contains(where: { $0.type == .eapMessage }) else {
            throw .malformedEAPMessage("attributes are not consecutive")
        }
        let eap = run.flatMap(\.value)
        guard eap.count >= 4 else { throw .malformedEAPMessage("\(eap.count) octets, shorter than the EAP header") }
        let length = Int(eap[2]) << 8 | Int(eap[3])
        guard length == eap.count else { throw .malformedEAPMessage("EAP Length \(length) but \(eap.count) octets") }
        return eap
    }
}
