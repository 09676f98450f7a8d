import IKECrypto

/// A credential store's answer to a ``CredentialProof``.
public enum CredentialVerdict: Sendable {
    /// The proof holds and the user may log in. `passwordHashHash` is
    /// MD4(NT hash) for an MS-CHAPv2 proof (the MSK and the authenticator
    /// response derive from it; `ntlm_auth` returns it as the NT key), nil
    /// for a password.
    case accepted(Authorization, passwordHashHash: SecretBytes?)
    /// The store answered no: the reason is logged, never sent to the peer.
    case refused(CredentialRefusal)
    /// The store could not be reached (connection refused, timeout); a
    /// chain may fall back to the next store.
    case unavailable(reason: String)
    /// The store was reached but could not answer safely (a TLS
    /// certificate that does not verify, a protocol error). No fallback:
    /// an attacker on the path must not be able to force one.
    case failed(reason: String)
}

/// Why a store refused a user. The peer only ever learns "authentication
/// failed" (MS-CHAPv2 E=691, EAP-Failure); these are for the admin's log.
public enum CredentialRefusal: Hashable, Sendable, CustomStringConvertible {
    case unknownUser
    case wrongPassword
    /// Refused before any bind: some directories take an empty password
    /// as an anonymous bind that succeeds (RFC 4513 §5.1.2).
    case emptyPassword
    case accountDisabled
    case lockedOut
    case passwordMustChange
    case passwordExpired
    case accountExpired
    /// Not in the group the configuration requires.
    case notInGroup(String)
    /// The account's dial-in permission (AD msNPAllowDialin) is FALSE.
    case dialInDenied
    /// Anything else the store knows a reason for.
    case denied(String)

    public var description: String {
        switch self {
        case .unknownUser: "unknown user"
        case .wrongPassword: "wrong password"
        case .emptyPassword: "empty password"
        case .accountDisabled: "account disabled"
        case .lockedOut: "account locked out"
        case .passwordMustChange: "password must be changed"
        case .passwordExpired: "password expired"
        case .accountExpired: "account expired"
        case .notInGroup(let group): "not a member of \(group)"
        case .dialInDenied: "dial-in not allowed (msNPAllowDialin FALSE)"
        case .denied(let reason): reason
        }
    }
}
