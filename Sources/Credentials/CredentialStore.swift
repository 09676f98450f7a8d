import EAP

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
