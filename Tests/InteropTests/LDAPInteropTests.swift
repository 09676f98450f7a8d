import Foundation
import Testing

/// EAP-MSCHAPv2 users checked against LDAP (issue 7) with the lab's slapd
/// on the LAN host (Tests/Interop/ldap, profile ldap in harness.sh): the
/// gateway reads the user's sambaNTPassword as its service account over
/// StartTLS (the lab CA verified), requires membership of vpnusers, maps
/// contractors to pool machines and 203.0.113.0/25, and asks the secrets
/// file (alice and the others of the default profile) only while slapd
/// cannot be reached, skipping slapd for 5 s (the breaker) after a failure.
///
/// Every test brings up a lab of its own, so the gateway's failure throttle
/// (3 free failures per client address) starts afresh each time.
extension InteropTests {
    /// The gateway's log from the octet `mark` on (the log's length
    /// earlier), as lines.
    static func gatewayLog(since mark: Int = 0) -> [String] {
        let log = (try? Data(contentsOf: URL(fileURLWithPath: "\(state)/gw/gatehouse.log"))) ?? Data()
        return String(decoding: log.dropFirst(mark), as: UTF8.self).split(separator: "\n").map(String.init)
    }

    /// The gateway log's length now, for ``gatewayLog(since:)``.
    static func gatewayLogMark() -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: "\(state)/gw/gatehouse.log"))?[.size] as? Int) ?? 0
    }

    /// Whether a line of `lines` has `message` and the metadata `user=NAME`.
    static func logged(_ lines: [String], _ message: String, user: String) -> Bool {
        lines.contains { $0.contains(message) && $0.contains("user=\(user) ") }
    }

    @Test func directoryUsersConnectWithTheirNTHashesFromSlapd() throws {
        try Self.withLab("ldap") {
            // lara: in vpnusers, no mapped group; the main pool and the split tunnel.
            #expect(try Self.connect("lara"))
            let lara = try #require(try Self.clientAddress("lara"))
            #expect(lara.hasPrefix("198.18.0."), "\(lara)")
            let laraSA = try #require(try Self.gatewaySAs().first { $0.user == "lara" })
            #expect(laraSA.state == "established" && laraSA.virtualAddresses == [lara])
            #expect(laraSA.child?.localSelectors == ["203.0.113.0/24"])
            let ping = try Self.harness("client-exec", "ping", "-c", "1", "-W", "3", "-I", lara, "203.0.113.10")
            #expect(ping.status == 0, "traffic flows through lara's tunnel: \(ping.output)")

            // leo: in contractors too, mapped to pool machines and 203.0.113.0/25.
            #expect(try Self.connect("leo"))
            let leo = try #require(try Self.clientAddress("leo"))
            #expect(leo.hasPrefix("198.18.4."), "contractors: pool machines, \(leo)")
            #expect(try Self.gatewaySAs().first { $0.user == "leo" }?.child?.localSelectors == ["203.0.113.0/25"])
            #expect(try Self.harness("client-exec", "ping", "-c", "1", "-W", "3", "-I", leo, "203.0.113.10").status == 0,
                    "203.0.113.10 is inside the allowed /25")

            let log = Self.gatewayLog()
            #expect(Self.logged(log, "directory accepts user", user: "lara"), "\(log.suffix(30))")
            #expect(log.contains { $0.contains("directory accepts user") && $0.contains("user=leo ")
                    && $0.contains("group=cn=contractors,ou=groups,dc=example,dc=com") })
            #expect(!log.contains { $0.contains("fallback store") }, "the secrets file was not asked")
        }
    }

    /// A reachable directory's no is final: lucy (right password, not in
    /// vpnusers), lara with a wrong password, a user name that is an LDAP
    /// filter injection, and alice, whom only the secrets file knows, are
    /// all refused without asking the secrets file.
    @Test func directoryRefusalsAreFinalAndUserNamesAreEscaped() throws {
        try Self.withLab("ldap") { () throws in
            #expect(try !Self.connect("lucy"))
            #expect(try !Self.connect("lara-wrong-password"))
            #expect(try !Self.connect("ldap-injection"))
            #expect(try !Self.connect("eap"), "alice is not in the directory, and the directory is up")

            let log = Self.gatewayLog()
            #expect(Self.logged(log, "directory refuses user: not a member of cn=vpnusers,ou=groups,dc=example,dc=com", user: "lucy"),
                    "\(log.suffix(30))")
            #expect(log.contains { $0.contains("detail=password correct") && $0.contains("user=lucy ") }, "the proof is checked first")
            #expect(Self.logged(log, "directory refuses user: wrong password", user: "lara"))
            // *)(uid=* with every filter metacharacter escaped (RFC 4515 §3).
            #expect(log.contains { $0.contains(#"no entry matches (uid=\2a\29\28uid=\2a) under dc=example,dc=com"#) }, "\(log.suffix(30))")
            #expect(Self.logged(log, "directory refuses user: unknown user", user: "alice"))
            #expect(!log.contains { $0.contains("fallback store") || $0.contains("credentials accepted") })
            #expect(try Self.gatewaySAs().isEmpty, "the refused clients left nothing behind")
        }
    }

    /// With slapd stopped, alice from the secrets file connects (and with a
    /// wrong password does not), lara, whom only the directory knows, is
    /// refused; once slapd is back and the breaker's 5 s are over, the
    /// directory is asked again and lara connects.
    @Test func secretsFileUsersConnectWhileTheDirectoryIsDown() throws {
        try Self.withLab("ldap") {
            // An idle service-account connection to the slapd about to stop.
            #expect(try Self.connect("lara"))
            try Self.harness("terminate-client", "lara")

            try #require(try Self.harness("ldap", "stop").status == 0)
            #expect(try Self.harness("ldap", "status").status != 0)
            let down = Self.gatewayLogMark()
            #expect(try Self.connect("eap"), "alice from the secrets file")
            #expect(try Self.clientAddress("eap") != nil)
            #expect(try !Self.connect("alice-wrong-password"))
            #expect(try !Self.connect("lara"), "lara is not in the secrets file")
            let whileDown = Self.gatewayLog(since: down)
            #expect(Self.logged(whileDown, "directory unreachable", user: "alice"), "\(whileDown)")
            #expect(whileDown.contains { $0.contains("credentials checked by a fallback store") && $0.contains("store=secrets file")
                    && $0.contains("user=alice ") })
            #expect(Self.logged(whileDown, "credentials refused: wrong password", user: "alice"))
            #expect(Self.logged(whileDown, "credentials refused: unknown user", user: "lara"))
            #expect(!whileDown.contains { $0.contains("directory accepts user") })

            try #require(try Self.harness("ldap", "start").status == 0)
            // The breaker (5 s) opened at alice's look-up, before the start.
            Thread.sleep(forTimeInterval: 6)
            let back = Self.gatewayLogMark()
            var connected = try Self.connect("lara")
            if !connected {
                Thread.sleep(forTimeInterval: 6)
                connected = try Self.connect("lara")
            }
            #expect(connected, "the directory is used again")
            let afterwards = Self.gatewayLog(since: back)
            #expect(Self.logged(afterwards, "directory accepts user", user: "lara"), "\(afterwards)")
            let address = try #require(try Self.clientAddress("lara"))
            #expect(try Self.harness("client-exec", "ping", "-c", "1", "-W", "3", "-I", address, "203.0.113.10").status == 0)
            #expect(try Set(Self.gatewaySAs().compactMap(\.user)) == ["alice", "lara"])
        }
    }

    /// EAP-GTC (strongSwan Naks MS-CHAPv2 and sends the password): lara's
    /// password is checked by a bind as her DN, the final AUTH payloads are
    /// keyed with SK_pi/SK_pr (RFC 7296 §2.16; charon would refuse anything
    /// else), and the same group and password rules apply. The password
    /// never reaches the log.
    @Test func gtcPasswordsAreCheckedWithABindAsTheUser() throws {
        try Self.withLab("ldap") {
            #expect(try Self.connect("gtc-lara"))
            let address = try #require(try Self.clientAddress("gtc-lara"))
            #expect(try Self.harness("client-exec", "ping", "-c", "1", "-W", "3", "-I", address, "203.0.113.10").status == 0)
            #expect(try !Self.connect("gtc-wrong-password"))
            #expect(try !Self.connect("gtc-lucy"))

            let log = Self.gatewayLog()
            #expect(Self.logged(log, "directory accepts user", user: "lara"), "\(log.suffix(30))")
            #expect(Self.logged(log, "directory refuses user: wrong password", user: "lara"))
            #expect(Self.logged(log, "directory refuses user: not a member of cn=vpnusers,ou=groups,dc=example,dc=com", user: "lucy"))
            #expect(!log.contains { $0.contains("lara-pw") || $0.contains("lucy-pw") || $0.contains("not-laras-password") },
                    "no password in the log")
            let slapd = try Self.harness("ldap", "log", "400").output
            #expect(slapd.contains(#"BIND dn="uid=lara,ou=people,dc=example,dc=com" method=128"#), "a simple bind as lara: \(slapd.suffix(2000))")
        }
    }
}
