import EAP
import IKECrypto

/// Where user passwords are checked for EAP-MSCHAPv2: the local secrets file
/// now, LDAP/Active Directory later, chained with a fallback policy. The
/// engine and the EAP methods never know which one answered.
public protocol CredentialStore: Sendable {
    /// The NT password hash and authorisation of `userName` (already
    /// normalised), or why there is none.
    func lookUp(_ userName: String) async -> CredentialLookup
}

/// A credential store's answer.
public enum CredentialLookup: Sendable {
    /// The user's NT hash (MD4 of the UTF-16LE password) and what it may have.
    case found(passwordHash: SecretBytes, authorization: Authorization)
    /// No such user, or the user may not log in.
    case unknownUser
    /// The store could not answer (directory down); a chain may fall back.
    case unavailable(reason: String)
}
