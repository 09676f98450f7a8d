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
    /// The group entry (groupOfNames, AD group) lists the user's DN in
    /// `member`.
    case member(groupDN: String)
    /// The group entry (RFC 2307 posixGroup) lists the user's name in
    /// `memberUid`.
    case memberUid(groupDN: String)

    public var groupDN: String {
        switch self {
        case .memberOf(let dn), .member(let dn), .memberUid(let dn): dn
        }
    }

    /// The base-scope search that finds one entry exactly when the user
    /// is a member: on the user's entry for `memberOf`, on the group's for
    /// the others. Every value is escaped (RFC 4515 §3).
    public func membershipSearch(userDN: String, userName: String) -> (base: String, filter: String) {
        switch self {
        case .memberOf(let group):
            (userDN, "(memberOf=\(LDAPEscaping.filterValue(group)))")
        case .member(let group):
            (group, "(member=\(LDAPEscaping.filterValue(userDN)))")
        case .memberUid(let group):
            (group, "(memberUid=\(LDAPEscaping.filterValue(userName)))")
        }
    }
}
