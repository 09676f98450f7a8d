import EAP
import IKECrypto

/// Where user passwords are checked: the local secrets file, an LDAP
/// directory, Active Directory, chained with a fallback policy
/// (``CredentialChain``). The engine and the EAP methods never know which
/// one answered.
///
/// A store checks the proof **and** authorises the user: a verdict of
/// ``CredentialVerdict/accepted(_:passwordHashHash:)`` means "may log in,
/// with this ``Authorization``".
public protocol CredentialStore: Sendable {
    /// Checks `proof` for `userName` (already normalised: `CORP\alice` and
    /// `alice@corp.example.com` arrive as `alice`).
    func verify(_ userName: String, _ proof: CredentialProof) async -> CredentialVerdict
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
