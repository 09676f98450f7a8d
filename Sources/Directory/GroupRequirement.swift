import Credentials

/// The group a user must be in to log in, and how membership is read.
///
/// Each check is a search the server evaluates with the attribute's own
/// matching rule (distinguishedNameMatch for `member` and `memberOf`,
/// RFC 4517 §4.2.15), so DNs are never compared as text here.
public enum GroupRequirement: Sendable, Hashable {
    /// `memberOf` on the user's entry names the group (Active Directory;
    /// OpenLDAP's memberof or dynlist overlays).
    case memberOf(groupDN: String)
    /// Active Directory: `memberOf` through nested groups, with the
    /// LDAP_MATCHING_RULE_IN_CHAIN rule 1.2.840.113556.1.4.1941 (MS-ADTS
    /// §3.1.1.3.4.4.3), so a member of a group inside the group counts.
    case nestedMemberOf(groupDN: String)
    /// The group entry (groupOfNames, AD group) lists the user's DN in
    /// `member`.
    case member(groupDN: String)
    /// The group entry (RFC 2307 posixGroup) lists the user's name in
    /// `memberUid`.
    case memberUid(groupDN: String)

    /// LDAP_MATCHING_RULE_IN_CHAIN (MS-ADTS §3.1.1.3.4.4.3).
    public static let inChainRule = "1.2.840.113556.1.4.1941"

    public var groupDN: String {
        switch self {
        case .memberOf(let dn), .nestedMemberOf(let dn), .member(let dn), .memberUid(let dn): dn
        }
    }

    /// The base-scope search that finds one entry exactly when the user
    /// is a member: on the user's entry for `memberOf`, on the group's for
    /// the others. Every value is escaped (RFC 4515 §3).
    public func membershipSearch(userDN: String, userName: String) -> (base: String, filter: String) {
        switch self {
        case .memberOf(let group):
            (userDN, "(memberOf=\(LDAPEscaping.filterValue(group)))")
        case .nestedMemberOf(let group):
            (userDN, "(memberOf:\(Self.inChainRule):=\(LDAPEscaping.filterValue(group)))")
        case .member(let group):
            (group, "(member=\(LDAPEscaping.filterValue(userDN)))")
        case .memberUid(let group):
            (group, "(memberUid=\(LDAPEscaping.filterValue(userName)))")
        }
    }
}
