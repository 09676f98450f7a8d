import Directory
import Testing

/// The membership searches, with every value escaped (RFC 4515 §3).
@Suite struct GroupRequirementTests {
    let group = "cn=vpn (all),ou=groups,dc=example,dc=com"
    let user = "uid=a*b,ou=people,dc=example,dc=com"

    @Test func memberOfSearchesTheUserEntry() {
        let search = GroupRequirement.memberOf(groupDN: group).membershipSearch(userDN: user, userName: "a*b")
        #expect(search.base == user)
        #expect(search.filter == #"(memberOf=cn=vpn \28all\29,ou=groups,dc=example,dc=com)"#)
    }

    @Test func memberAndMemberUidSearchTheGroup() {
        let member = GroupRequirement.member(groupDN: group).membershipSearch(userDN: user, userName: "a*b")
        #expect(member.base == group)
        #expect(member.filter == #"(member=uid=a\2ab,ou=people,dc=example,dc=com)"#)
        let memberUid = GroupRequirement.memberUid(groupDN: group).membershipSearch(userDN: user, userName: "a*b")
        #expect(memberUid.base == group)
        #expect(memberUid.filter == #"(memberUid=a\2ab)"#)
    }

    /// Active Directory's nested groups: LDAP_MATCHING_RULE_IN_CHAIN.
    @Test func nestedMemberOfUsesTheInChainRule() {
        let search = GroupRequirement.nestedMemberOf(groupDN: group).membershipSearch(userDN: user, userName: "a*b")
        #expect(search.base == user)
        #expect(search.filter == #"(memberOf:1.2.840.113556.1.4.1941:=cn=vpn \28all\29,ou=groups,dc=example,dc=com)"#)
    }
}
