import Credentials
import Testing

/// Values placed into LDAP filters (RFC 4515) and DNs (RFC 4514).
@Suite struct LDAPEscapingTests {
    @Test func filterSpecialsAreHexEscaped() {
        #expect(LDAPEscaping.filterValue("*)(uid=*") == #"\2a\29\28uid=\2a"#, "matches nobody, not everybody")
        #expect(LDAPEscaping.filterValue(#"CORP\alice"#) == #"CORP\5calice"#)
        #expect(LDAPEscaping.filterValue("a\u{0}b\nc\u{7F}") == #"a\00b\0ac\7f"#)
        #expect(LDAPEscaping.filterValue("alice") == "alice")
        #expect(LDAPEscaping.filterValue("Jürgen") == "Jürgen", "UTF-8 passes unchanged")
    }

    @Test func distinguishedNameSpecialsAreEscaped() {
        #expect(LDAPEscaping.distinguishedNameValue("Smith, John") == #"Smith\, John"#)
        #expect(LDAPEscaping.distinguishedNameValue(#"a+b"c;d<e>f\g"#) == #"a\+b\"c\;d\<e\>f\\g"#)
        #expect(LDAPEscaping.distinguishedNameValue("#admin ") == ##"\#admin\ "##)
        #expect(LDAPEscaping.distinguishedNameValue(" x#y") == #"\ x#y"#, "only a leading # is special")
        #expect(LDAPEscaping.distinguishedNameValue("a\u{0}b") == #"a\00b"#)
    }
}
