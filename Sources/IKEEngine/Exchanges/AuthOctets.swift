import IKECrypto
import IKEWire

extension InitDoneState {
    /// InitiatorSignedOctets = RealMessage1 | NonceRData | prf(SK_pi, IDi body) (RFC 7296 §2.15).
    func initiatorSignedOctets(identity: IdentificationPayload) throws -> [UInt8] {
        try SignedOctets.build(firstMessage: initiatorMessage, peerNonce: responderNonce, identity: identity,
                               prf: PRF(suite.prf, key: keys.pi))
    }

    /// ResponderSignedOctets = RealMessage2 | NonceIData | prf(SK_pr, IDr body).
    func responderSignedOctets(identity: IdentificationPayload) throws -> [UInt8] {
        try SignedOctets.build(firstMessage: responderMessage, peerNonce: initiatorNonce, identity: identity,
                               prf: PRF(suite.prf, key: keys.pr))
    }

    /// The CHILD_SA keys for the SA created with this IKE SA (RFC 7296 §2.17).
    func childKeys(for proposal: SelectedESPProposal) throws -> ChildSAKeys {
        try ChildSAKeys.derive(prf: PRF(suite.prf, key: keys.d), encryption: proposal.encryption, integrity: proposal.integrity,
                               initiatorNonce: initiatorNonce, responderNonce: responderNonce)
    }
}

/// A random ESP SPI; 1–255 are reserved (RFC 4303 §2.1), zero is invalid.
func randomESPSPI() -> UInt32 {
    while true {
        let spi = secureRandomBytes(4).reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        if spi > 255 { return spi }
    }
}
