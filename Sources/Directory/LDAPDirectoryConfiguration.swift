import IKECrypto

/// What ``LDAPDirectoryStore`` needs to find a user's NT hash.
public struct LDAPDirectoryConfiguration: Sendable {
    /// The server and how to trust it.
    public var connection: LDAPConnectionSettings
    /// Where users are searched, with subtree scope.
    public var baseDN: String
    /// The read-only service account that may read the hash attribute.
    public var bindDN: String
    public var bindPassword: SecretBytes
    /// The filter that finds a user; `(uid={user})` suits OpenLDAP,
    /// `(sAMAccountName={user})` Active Directory.
    public var userFilter: UserFilterTemplate
    /// The attribute with the NT hash as 32 hex digits.
    public var hashAttribute: String
    /// The group a user must be in, if any.
    public var requiredGroup: GroupRequirement?
    /// Service-account connections kept at most.
    public var poolSize: Int

    public init(connection: LDAPConnectionSettings, baseDN: String, bindDN: String, bindPassword: SecretBytes,
                userFilter: UserFilterTemplate, hashAttribute: String = "sambaNTPassword",
                requiredGroup: GroupRequirement? = nil, poolSize: Int = 4) {
        self.connection = connection
        self.baseDN = baseDN
        self.bindDN = bindDN
        self.bindPassword = bindPassword
        self.userFilter = userFilter
        self.hashAttribute = hashAttribute
        self.requiredGroup = requiredGroup
        self.poolSize = poolSize
    }
}
