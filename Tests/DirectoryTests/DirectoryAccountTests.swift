@testable import Directory
import EAP
import IKEWire
import Testing

/// Active Directory's account attributes (MS-ADTS §2.2.16) and bind
/// diagnostics, decoded without a server.
@Suite struct DirectoryAccountTests {
    static func entry(_ attributes: [String: String]) -> LDAPEntry {
        LDAPEntry(distinguishedName: "CN=x,CN=Users,DC=corp,DC=example,DC=com",
                  attributes: attributes.mapValues { [Array($0.utf8)] })
    }

    @Test(arguments: [
        ([:], nil),                                                                 // OpenLDAP: nothing to say
        (["userAccountControl": "512"], nil),                                       // NORMAL_ACCOUNT
        (["userAccountControl": "514"], CredentialRefusal.accountDisabled),         // + ACCOUNTDISABLE
        // Locked out: userAccountControl still says 512; only the computed attribute shows it.
        (["userAccountControl": "512", "msDS-User-Account-Control-Computed": "16"], .lockedOut),
        (["userAccountControl": "512", "msDS-User-Account-Control-Computed": "8388608"], .passwordExpired),
        (["userAccountControl": "512", "msNPAllowDialin": "FALSE"], .dialInDenied),
        (["userAccountControl": "512", "msNPAllowDialin": "TRUE"], nil),
        // The Samba schema's flags: D disabled, L locked; U (a user) alone is fine.
        (["sambaAcctFlags": "[U          ]"], nil),
        (["sambaAcctFlags": "[DU         ]"], .accountDisabled),
        (["sambaAcctFlags": "[UL         ]"], .lockedOut),
        // Disabled wins over the rest.
        (["userAccountControl": "514", "msDS-User-Account-Control-Computed": "16", "msNPAllowDialin": "FALSE"], .accountDisabled),
    ] as [([String: String], CredentialRefusal?)])
    func accountStateRefuses(_ attributes: [String: String], _ expected: CredentialRefusal?) throws {
        #expect(try DirectoryAccount(entry: Self.entry(attributes)).refusal == expected)
    }

    /// msRADIUSFramedIPAddress is a signed 32-bit integer.
    @Test func framedAddressIsASignedInteger() throws {
        #expect(try DirectoryAccount(entry: Self.entry(["msRADIUSFramedIPAddress": "-969710585"])).framedAddress == IPv4Address(198, 51, 100, 7))
        #expect(try DirectoryAccount(entry: Self.entry(["msRADIUSFramedIPAddress": "167772161"])).framedAddress == IPv4Address(10, 0, 0, 1))
        // RFC 2865 §5.8's special values are no static address.
        for special: Int32 in [0, -1, -2] { #expect(DirectoryAccount.framedAddress(special) == nil, "\(special)") }
        #expect(DirectoryAccount.framedAddress(-3) == IPv4Address(255, 255, 255, 253))
    }

    @Test func unreadableValuesAreErrorsNotPermissions() {
        for attributes in [["userAccountControl": "disabled"], ["msNPAllowDialin": "yes"], ["msRADIUSFramedIPAddress": "198.51.100.7"],
                           ["userAccountControl": "99999999999"], ["sambaAcctFlags": "DU"]] {
            #expect(throws: DirectoryAccountError.self) { try DirectoryAccount(entry: Self.entry(attributes)) }
        }
    }

    /// AD's "AcceptSecurityContext error, data XXX" in a refused bind.
    @Test(arguments: [
        ("80090308: LdapErr: DSID-0C09041C, comment: AcceptSecurityContext error, data 52e, v4563", CredentialRefusal.wrongPassword),
        ("80090308: LdapErr: DSID-0C09041C, comment: AcceptSecurityContext error, data 533, v4563", .accountDisabled),
        ("80090308: LdapErr: DSID-0C09041C, comment: AcceptSecurityContext error, data 775, v4563", .lockedOut),
        ("80090308: LdapErr: DSID-0C09041C, comment: AcceptSecurityContext error, data 773, v4563", .passwordMustChange),
        ("80090308: LdapErr: DSID-0C09041C, comment: AcceptSecurityContext error, data 532, v4563", .passwordExpired),
        ("80090308: LdapErr: DSID-0C09041C, comment: AcceptSecurityContext error, data 701, v4563", .accountExpired),
        ("Invalid credentials", .wrongPassword),
    ])
    func bindDiagnosticsSayWhy(_ message: String, _ expected: CredentialRefusal) {
        #expect(DirectoryBindRefusal.refusal(diagnostic: message) == expected)
    }

    /// ntlm_auth's NT statuses about the user, as refusals.
    @Test(arguments: [
        (NTStatus.logonFailure, CredentialRefusal.wrongPassword), (.wrongPassword, .wrongPassword), (.noSuchUser, .unknownUser),
        (.accountDisabled, .accountDisabled), (.accountLockedOut, .lockedOut), (.passwordMustChange, .passwordMustChange),
        (.passwordExpired, .passwordExpired), (.accountExpired, .accountExpired),
        (.accountRestriction, .denied("\(NTStatus.accountRestriction)")),
        (.invalidLogonHours, .denied("\(NTStatus.invalidLogonHours)")),
        (.invalidWorkstation, .denied("\(NTStatus.invalidWorkstation)")),
        (.logonTypeNotGranted, .denied("\(NTStatus.logonTypeNotGranted)")),
    ])
    func ntStatusesSayWhy(_ status: NTStatus, _ expected: CredentialRefusal) {
        #expect(NTLMAuthPassThrough.refusal(status) == expected)
        #expect(!status.isOutage)
    }

    /// Statuses that say the domain could not be asked: outages, which the
    /// pass-through reports as unavailable (a chain may fall back).
    @Test(arguments: [NTStatus.noLogonServers, .ioTimeout, .noTrustLSASecret, .noTrustSAMAccount,
                      .trustedDomainFailure, .trustedRelationshipFailure])
    func outageStatuses(_ status: NTStatus) {
        #expect(status.isOutage)
        #expect(NTLMAuthPassThrough.refusal(status) == nil)
    }

    /// Statuses that are neither the user's fault nor an outage (winbindd not
    /// running is UNSUCCESSFUL): the pass-through reports them as failed, so
    /// no chain falls back on them.
    @Test(arguments: [NTStatus.unsuccessful, .internalError, .noMemory, .invalidParameter, .accessDenied,
                      .noSuchDomain, NTStatus(code: 0xC000_1234)])
    func hostStatusesAreNeitherRefusalsNorOutages(_ status: NTStatus) {
        #expect(!status.isOutage)
        #expect(NTLMAuthPassThrough.refusal(status) == nil)
    }
}
