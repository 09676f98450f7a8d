import IKEWire

/// The octets an AUTH payload signs or MACs (RFC 7296 §2.15):
///
///     InitiatorSignedOctets = RealMessage1 | NonceRData | MACedIDForI
///     MACedIDForI = prf(SK_pi, RestOfInitIDPayload)
///
/// and the mirror image for the responder (RealMessage2, NonceIData, SK_pr).
public enum SignedOctets {
    /// Builds the signed octets of one side.
    ///
    /// - Parameters:
    ///   - firstMessage: the side's own IKE_SA_INIT message exactly as it went
    ///     over the wire (for the peer's, ``ReceivedIKEMessage/octets``; never a
    ///     re-encoding).
    ///   - peerNonce: the other side's Nonce payload data.
    ///   - identity: the side's own IDi or IDr payload.
    ///   - prf: the IKE SA's PRF keyed with SK_pi (initiator) or SK_pr (responder).
    public static func build(
        firstMessage: some ContiguousByteInput,
        peerNonce: some ContiguousByteInput,
        identity: IdentificationPayload,
        prf: PRF
    ) throws -> [UInt8] {
        let macedID = try prf.compute(identity.authenticatedOctets)
        var octets: [UInt8] = []
        firstMessage.withContiguousByteInput { octets.append(contentsOf: $0) }
        peerNonce.withContiguousByteInput { octets.append(contentsOf: $0) }
        octets.append(contentsOf: macedID)
        return octets
    }
}
