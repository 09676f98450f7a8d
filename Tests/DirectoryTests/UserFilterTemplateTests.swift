import Directory
import Testing

/// The user filter from its template, every name an escaped value
/// (RFC 4515 §3).
@Suite struct UserFilterTemplateTests {
    @Test func placesTheEscapedName() throws {
        let uid = try UserFilterTemplate("(uid={user})")
        #expect(uid.filter(for: "alice") == "(uid=alice)")
        #expect(uid.filter(for: "*)(uid=*") == #"(uid=\2a\29\28uid=\2a)"#)
        #expect(uid.filter(for: "a\\b") == #"(uid=a\5cb)"#)
        #expect(uid.filter(for: "nul\u{0}") == #"(uid=nul\00)"#)
        let ad = try UserFilterTemplate("(&(objectClass=user)(|(sAMAccountName={user})(userPrincipalName={user}@corp.example)))")
        #expect(ad.filter(for: "bob*") == #"(&(objectClass=user)(|(sAMAccountName=bob\2a)(userPrincipalName=bob\2a@corp.example)))"#)
    }

    @Test func refusesTemplatesThatCannotWork() {
        #expect(throws: UserFilterTemplate.Problem.missingPlaceholder) { try UserFilterTemplate("(uid=alice)") }
        #expect(throws: UserFilterTemplate.Problem.notParenthesized) { try UserFilterTemplate("uid={user}") }
        #expect(throws: UserFilterTemplate.Problem.unbalancedParentheses) { try UserFilterTemplate("(uid={user}))(cn=x)") }
        #expect(throws: UserFilterTemplate.Problem.unbalancedParentheses) { try UserFilterTemplate("(uid={user})(cn=x)") }
        #expect(throws: UserFilterTemplate.Problem.unbalancedParentheses) { try UserFilterTemplate("((uid={user})") }
    }
}
