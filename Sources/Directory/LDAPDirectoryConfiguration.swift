import EAP
import IKECrypto

/// What ``LDAPDirectoryStore`` needs to find, check and authorise a user.
public struct LDAPDirectoryConfiguration: Sendable, Equatable {
    /// The server and how to trust it.
    public var connection: LDAPConnectionSettings
    /// Where users are searched, with subtree scope.
    public var baseDN: String
    /// The read-only service account that finds users (and, for NT
    /// hashes, may read the hash attribute).
    public var bindDN: String
    public var bindPassword: SecretBytes
    /// The filter that finds a user; `(uid={user})` suits OpenLDAP,
    /// `(sAMAccountName={user})` Active Directory.
    public var userFilter: UserFilterTemplate
    /// The attribute with the NT hash as 32 hex digits, for MS-CHAPv2
    /// checked here (Samba schema). Not read when the store has an
    /// ``MSCHAPv2PassThrough``.
    public var hashAttribute: String
    /// The group a user must be in, if any.
    public var requiredGroup: GroupRequirement?
    /// Groups that give their members a pool or a policy; the first group
    /// the user is in applies.
    public var groups: [GroupMapping]
    /// Service-account connections kept at most.
    public var poolSize: Int

    public init(connection: LDAPConnectionSettings, baseDN: String, bindDN: String, bindPassword: SecretBytes,
                userFilter: UserFilterTemplate, hashAttribute: String = "sambaNTPassword",
                requiredGroup: GroupRequirement? = nil, groups: [GroupMapping] = [], poolSize: Int = 4) {
        self.connection = connection
        self.baseDN = baseDN
        self.bindDN = bindDN
        self.bindPassword = bindPassword
        self.userFilter = userFilter
        self.hashAttribute = hashAttribute
        self.requiredGroup = requiredGroup
        self.groups = groups
        self.poolSize = poolSize
    }
}

/// A group whose members get a named pool, a user policy, or both.
public struct GroupMapping: Sendable, Hashable {
    /// The group and how membership is read.
    public var membership: GroupRequirement
    public var pool: String?
    public var policy: String?

    public init(membership: GroupRequirement, pool: String? = nil, policy: String? = nil) {
        self.membership = membership
        self.pool = pool
        self.policy = policy
    }
}

/// Checks an MS-CHAPv2 Response where the NT hash lives (a domain
/// controller), returning PasswordHashHash on success. The verdict's
/// authorisation is ignored: the directory authorises.
public protocol MSCHAPv2PassThrough: Sendable {
    func verify(_ userName: String, _ proof: MSCHAPv2Proof) async -> CredentialVerdict
}
