import Foundation
import Testing

/// Users of a real Active Directory (the harness's Samba 4 AD DC, profile
/// ad and ad-starttls): MS-CHAPv2 checked by the domain controller through
/// the ntlm_auth helpers of the gateway host's winbind membership (AD never
/// reveals NT hashes), GTC by a bind; the account state, nested membership
/// of VPN-Users, msNPAllowDialin and msRADIUSFramedIPAddress read by the
/// service account over LDAPS or StartTLS with the harness CA verified.
///
/// At most three refusals per test: the gateway's throttle blocks a client
/// address after three failures, and every lab client comes from one.
extension InteropTests {
    /// alice (VPN-Users, dial-in allowed, msRADIUSFramedIPAddress
    /// 198.18.0.77) gets that address; frank, a member only through
    /// VPN-Nested, connects with MS-CHAPv2 and with GTC; bob (nested, but
    /// msNPAllowDialin FALSE), carol (disabled) and alice with a wrong
    /// password are refused, each with its reason in the log.
    @Test func activeDirectoryUsersAreCheckedByTheDomainController() throws {
        try Self.withLab("ad") {
            #expect(try Self.connect("ad-alice"))
            let alice = try #require(try Self.clientAddress("ad-alice"))
            #expect(alice == "198.18.0.77", "msRADIUSFramedIPAddress (a signed int32) is alice's address")
            #expect(try Self.harness("client-exec", "ping", "-c", "1", "-W", "3", "-I", alice, "203.0.113.10").status == 0)
            #expect(try Self.connect("ad-frank"), "a member of VPN-Users through VPN-Nested")
            try Self.harness("terminate-client", "ad-frank")
            #expect(try Self.connect("ad-gtc-frank"), "EAP-GTC, checked by a bind as frank")

            #expect(try !Self.connect("ad-bob"))
            #expect(try !Self.connect("ad-carol"))
            #expect(try !Self.connect("corp"), "CORP\\alice with alice-pw, not her AD password")

            let log = Self.gatewayLog()
            #expect(Self.logged(log, "directory accepts user", user: "alice"), "\(log.suffix(40))")
            #expect(log.contains { $0.contains("directory accepts user") && $0.contains("user=alice ") && $0.contains("address=198.18.0.77") })
            #expect(log.filter { $0.contains("directory accepts user") && $0.contains("user=frank ") }.count == 2)
            #expect(Self.logged(log, "directory refuses user: dial-in not allowed (msNPAllowDialin FALSE)", user: "bob"))
            #expect(Self.logged(log, "directory refuses user: account disabled", user: "carol"))
            #expect(Self.logged(log, "directory refuses user: wrong password", user: "alice"))
            // ntlm_auth's own words for carol, mapped back to its NT status.
            #expect(log.contains { $0.contains("NT_STATUS_ACCOUNT_DISABLED") }, "\(log.filter { $0.contains("carol") })")
            #expect(!log.contains { $0.contains("Alice-Pass1") || $0.contains("Frank-Pass1") || $0.contains("Svc-Vpn-Pass1") })
            #expect(try Set(Self.gatewaySAs().compactMap(\.user)) == ["alice", "frank"])
        }
    }

    /// Over StartTLS: dave, in no group, is refused as a non-member; once
    /// five bad binds have locked him out, the domain controller's lockout
    /// is what refuses him; erin must change her password first.
    @Test func activeDirectoryAccountStateRefusesOverStartTLS() throws {
        try Self.withLab("ad-starttls") {
            #expect(try Self.connect("ad-frank"), "the service account's StartTLS session works")
            #expect(try !Self.connect("ad-dave"))
            try #require(try Self.harness("ad", "lock", "dave").status == 0)
            #expect(try !Self.connect("ad-dave"))
            #expect(try !Self.connect("ad-erin"))

            let log = Self.gatewayLog()
            #expect(Self.logged(log, "directory accepts user", user: "frank"), "\(log.suffix(40))")
            #expect(Self.logged(log, "directory refuses user: not a member of CN=VPN-Users,CN=Users,DC=corp,DC=example,DC=com", user: "dave"))
            #expect(Self.logged(log, "directory refuses user: account locked out", user: "dave"))
            #expect(Self.logged(log, "directory refuses user: password must be changed", user: "erin"))
        }
    }
}
