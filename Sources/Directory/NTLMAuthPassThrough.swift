import EAP
import IKECrypto

/// Active Directory's MS-CHAPv2 check for ``LDAPDirectoryStore``: the
/// response goes to the domain controller through `ntlm_auth`
/// (``NTLMAuthPool``), whose NT key is the PasswordHashHash the Success
/// and the MSK need. The directory still authorises the user afterwards.
public struct NTLMAuthPassThrough: MSCHAPv2PassThrough {
    public let pool: NTLMAuthPool
    /// The NetBIOS domain (`CORP`); nil: `ntlm_auth`'s own (smb.conf's
    /// workgroup).
    public let domain: String?

    public init(pool: NTLMAuthPool, domain: String?) {
        self.pool = pool
        self.domain = domain
    }

    public func verify(_ userName: String, _ proof: MSCHAPv2Proof) async -> CredentialVerdict {
        guard let challengeHash = proof.challengeHash else { return .failed(reason: "the MS-CHAPv2 response has unusable challenges") }
        switch await pool.verify(userName: userName, domain: domain, challengeHash: challengeHash, ntResponse: proof.ntResponse) {
        case .authenticated(let key):
            return .accepted(Authorization(userName: userName), passwordHashHash: key)
        case .refused(let status) where status.isOutage:
            // The domain could not be asked (no DC, a broken trust): an
            // outage, which a chain may fall back on.
            return .unavailable(reason: "ntlm_auth: \(status)")
        case .refused(let status):
            // A status that says nothing about the user (winbindd not
            // running, an internal error, access denied to this host) is
            // this host's trouble: no refusal of the user, and no fallback.
            guard let refusal = Self.refusal(status) else { return .failed(reason: "ntlm_auth: \(status)") }
            return .refused(refusal)
        case .unavailable(let reason):
            return .unavailable(reason: "ntlm_auth: \(reason)")
        case .failed(let reason):
            return .failed(reason: "ntlm_auth: \(reason)")
        }
    }

    /// What an NT status says about the user; nil for a status that is not
    /// about the user (an outage, this host's or winbindd's trouble, a
    /// domain the configuration names wrongly, a status Samba's table does
    /// not know).
    static func refusal(_ status: NTStatus) -> CredentialRefusal? {
        switch status {
        case .logonFailure, .wrongPassword: .wrongPassword
        case .noSuchUser: .unknownUser
        case .accountDisabled: .accountDisabled
        case .accountLockedOut: .lockedOut
        case .passwordMustChange: .passwordMustChange
        case .passwordExpired: .passwordExpired
        case .accountExpired: .accountExpired
        case .accountRestriction, .invalidLogonHours, .invalidWorkstation, .logonTypeNotGranted: .denied("\(status)")
        default: nil
        }
    }
}
