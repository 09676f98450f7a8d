import IKECrypto

/// What the domain said about an MSCHAPv2 response (`NTLMAuthPool.verify`).
public enum NTLMAuthVerdict: Sendable {
    /// The response is right. `ntKey` is MD4(NT hash), RFC 2759's
    /// PasswordHashHash (16 octets), for the authenticator response and the MSK.
    case authenticated(ntKey: SecretBytes)
    /// The domain (or the request's form) refused the logon, or answered
    /// with a status that is no outage (`NTStatus.isOutage` is false).
    case refused(NTStatus)
    /// The domain could not be asked: the helper hit its timeout (winbindd
    /// waiting for a domain controller it cannot reach) or an outage status
    /// (no logon servers, a broken trust). The only verdict a credential
    /// chain may fall back on.
    case unavailable(reason: String)
    /// The helpers are here but cannot answer safely: the pool is shut down
    /// or its wait queue full, a helper answered garbage, an `Error:` line
    /// or `Authenticated: Yes` without the session key (winbindd's
    /// privileged pipe out of reach), `ntlm_auth` is missing or its helpers
    /// keep dying. Not an outage of the domain: no fallback, or anyone
    /// able to load the gateway (or a misconfigured host) would send every
    /// user to the secrets file.
    case failed(reason: String)
}
