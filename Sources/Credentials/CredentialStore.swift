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
    /// The store could not be reached (connection refused, timeout); a
    /// chain may fall back to the next store.
    case unavailable(reason: String)
    /// The store was reached but could not answer safely (a TLS
    /// certificate that does not verify, a protocol error). No fallback:
    /// an attacker on the path must not be able to force one.
    case failed(reason: String)
}
