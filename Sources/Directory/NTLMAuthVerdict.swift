import IKECrypto

/// What the domain said about an MSCHAPv2 response (`NTLMAuthPool.verify`).
public enum NTLMAuthVerdict: Sendable {
    /// The response is right. `ntKey` is MD4(NT hash), RFC 2759's
    /// PasswordHashHash (16 octets), for the authenticator response and the MSK.
    case authenticated(ntKey: SecretBytes)
    /// The domain (or the request's form) refused the logon.
    case refused(NTStatus)
    /// No answer from the domain: no helper, a helper that died, hung or
    /// answered garbage, winbindd or the DC unreachable, the queue full.
    /// An outage, not a wrong password.
    case unavailable(reason: String)
}
