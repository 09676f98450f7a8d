import IKECrypto

/// What a client offered as proof of its password, for a credential store
/// to check. The store answers with a ``CredentialVerdict``; the EAP method
/// never sees where the check ran (a secrets file, a directory's NT hash,
/// Active Directory through `ntlm_auth`, an LDAP bind).
public enum CredentialProof: Sendable {
    /// An EAP-MSCHAPv2 Response (RFC 2759): checked against an NT hash, or
    /// passed to a domain controller that holds it.
    case mschapv2(MSCHAPv2Proof)
    /// A plaintext password (EAP-GTC, RFC 3748 §5.6), checked by an LDAP
    /// bind or against an NT hash. Never logged.
    case password(SecretBytes)
}

/// The parts of an MS-CHAPv2 Response a verifier needs (RFC 2759 §4).
public struct MSCHAPv2Proof: Sendable {
    /// The Name as the peer sent it (`CORP\alice` included).
    public let userName: [UInt8]
    /// Our 16-octet challenge.
    public let authenticatorChallenge: [UInt8]
    /// The peer's 16-octet challenge.
    public let peerChallenge: [UInt8]
    /// The 24-octet NT-Response.
    public let ntResponse: [UInt8]

    public init(userName: [UInt8], authenticatorChallenge: [UInt8], peerChallenge: [UInt8], ntResponse: [UInt8]) {
        self.userName = userName
        self.authenticatorChallenge = authenticatorChallenge
        self.peerChallenge = peerChallenge
        self.ntResponse = ntResponse
    }

    /// ChallengeHash (RFC 2759 §8.2): the 8 octets a domain controller's
    /// NTLM check takes as the challenge (`ntlm_auth`'s LANMAN-Challenge).
    public var challengeHash: [UInt8]? {
        try? MSCHAPv2.challengeHash(peerChallenge: peerChallenge, authenticatorChallenge: authenticatorChallenge,
                                    userName: MSCHAPv2.userNameWithoutDomain(userName))
    }

    /// Checks the NT-Response against a known NT hash, in constant time.
    ///
    /// - Returns: PasswordHashHash (RFC 2759 §8.4), which the authenticator
    ///   response and the MSK are derived from, or nil if it does not match.
    public func verify(passwordHash: SecretBytes) -> SecretBytes? {
        do {
            try MSCHAPv2.verifyNTResponse(ntResponse, authenticatorChallenge: authenticatorChallenge, peerChallenge: peerChallenge,
                                          userName: MSCHAPv2.userNameWithoutDomain(userName), passwordHash: passwordHash)
            return try MSCHAPv2.hashNtPasswordHash(passwordHash)
        } catch {
            return nil
        }
    }
}

extension CredentialProof {
    /// Checks the proof against a known NT hash, as a store that holds NT
    /// hashes does (the local file, a Samba-schema directory): MS-CHAPv2
    /// through its NT-Response, a password by hashing it (both compared in
    /// constant time).
    ///
    /// - Returns: the verdict for an authorised user: accepted, or refused
    ///   as a wrong (or empty) password.
    public func verdict(against passwordHash: SecretBytes, authorization: Authorization) -> CredentialVerdict {
        switch self {
        case .mschapv2(let proof):
            guard let key = proof.verify(passwordHash: passwordHash) else { return .refused(.wrongPassword) }
            return .accepted(authorization, passwordHashHash: key)
        case .password(let password):
            guard password.count > 0 else { return .refused(.emptyPassword) }
            let text = password.withUnsafeBytes { String(decoding: $0, as: UTF8.self) }
            guard let hash = try? MSCHAPv2.ntPasswordHash(password: text), hash == passwordHash else {
                return .refused(.wrongPassword)
            }
            return .accepted(authorization, passwordHashHash: nil)
        }
    }
}
