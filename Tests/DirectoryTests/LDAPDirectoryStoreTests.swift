import Credentials
import Directory
import EAP
import IKECrypto
import Testing

/// The directory store against a real slapd (Samba schema, memberOf by
/// dynlist, a read-only service account, TLS), one server per test.
@Suite struct LDAPDirectoryStoreTests {
    static let base = "dc=example,dc=com"
    static let group = "cn=vpnusers,ou=groups,dc=example,dc=com"
    static let serviceDN = "cn=vpn-svc,ou=services,dc=example,dc=com"

    static func store(uri: String, caFile: String?, startTLS: Bool = true, base: String = base,
                      servicePassword: String = "Svc-Pass-0", group: GroupRequirement? = .memberOf(groupDN: group),
                      timeout: Duration = .seconds(1)) throws -> (LDAPDirectoryStore, RecordingLogHandler.Store) {
        let (logger, records) = RecordingLogHandler.logger()
        let configuration = LDAPDirectoryConfiguration(
            connection: LDAPConnectionSettings(uri: uri, startTLS: startTLS, caFile: caFile,
                                               networkTimeout: timeout, operationTimeout: timeout),
            baseDN: base, bindDN: serviceDN, bindPassword: SecretBytes(Array(servicePassword.utf8)),
            userFilter: try UserFilterTemplate("(uid={user})"), requiredGroup: group, poolSize: 2)
        return (LDAPDirectoryStore(configuration: configuration, logger: logger), records)
    }

    static func kind(_ lookup: CredentialLookup) -> String {
        switch lookup {
        case .found: "found"
        case .unknownUser: "unknownUser"
        case .unavailable: "unavailable"
        case .failed: "failed"
        }
    }

    /// Nothing logged holds a password or an NT hash.
    static func expectNoSecrets(_ records: RecordingLogHandler.Store) {
        let secrets = ["Svc-Pass-0", "Alice-Ldap-1", "7C1B7341A6489D7072AA782B0CF6F571", "7c1b7341a6489d7072aa782b0cf6f571",
                       "408E52EDCAC5672DA3D60DF02952D8DA", "116F14A63178DF06EFE248C6090E934E"]
        for record in records.all {
            for secret in secrets { #expect(!record.text.contains(secret), "logged a secret: \(record.text)") }
        }
    }

    @Test func findsTheUserAndHerHashOverStartTLS() async throws {
        let server = try await SlapdServer.launch()
        let (store, records) = try Self.store(uri: server.ldapURI, caFile: server.caFile)
        guard case .found(let hash, let authorization) = await store.lookUp("alice") else {
            Issue.record("alice not found")
            return
        }
        #expect(hash == (try MSCHAPv2.ntPasswordHash(password: "Alice-Ldap-1")))
        #expect(authorization == Authorization(userName: "alice"))
        // The service connection stays for the next look-up.
        #expect(store.idleConnections == 1)
        guard case .found(let bobHash, _) = await store.lookUp("bob") else {
            Issue.record("bob not found")
            return
        }
        #expect(bobHash == (try MSCHAPv2.ntPasswordHash(password: "Bob-Ldap-2")))
        #expect(store.idleConnections == 1)
        Self.expectNoSecrets(records)
    }

    @Test func findsTheUserOverLDAPS() async throws {
        let server = try await SlapdServer.launch()
        let (store, _) = try Self.store(uri: server.ldapsURI, caFile: server.caFile)
        #expect(Self.kind(await store.lookUp("alice")) == "found")
    }

    @Test func unknownUsersAndWrongBaseAreUnknown() async throws {
        let server = try await SlapdServer.launch()
        let (store, records) = try Self.store(uri: server.ldapURI, caFile: server.caFile)
        #expect(Self.kind(await store.lookUp("mallory")) == "unknownUser")
        // dave is in the group but has no NT hash.
        #expect(Self.kind(await store.lookUp("dave")) == "unknownUser")
        #expect(Self.kind(await store.lookUp("")) == "unknownUser")
        let (wrongBase, _) = try Self.store(uri: server.ldapURI, caFile: server.caFile, base: "ou=nowhere,dc=example,dc=com")
        #expect(Self.kind(await wrongBase.lookUp("alice")) == "unknownUser")
        let (otherSubtree, _) = try Self.store(uri: server.ldapURI, caFile: server.caFile, base: "ou=groups,dc=example,dc=com")
        #expect(Self.kind(await otherSubtree.lookUp("alice")) == "unknownUser")
        #expect(records.all.contains { $0.text.contains("no entry matches (uid=mallory)") })
        #expect(records.all.contains { $0.text.contains("has no sambaNTPassword") })
        Self.expectNoSecrets(records)
    }

    @Test func injectedFiltersMatchNobody() async throws {
        let server = try await SlapdServer.launch()
        let (store, _) = try Self.store(uri: server.ldapURI, caFile: server.caFile, group: nil)
        for name in ["*)(uid=*", "*", "alice)(uid=*", "al*", "*)(|(uid=*)", "alice\u{0}"] {
            #expect(Self.kind(await store.lookUp(name)) == "unknownUser", "\(name)")
        }
        #expect(Self.kind(await store.lookUp("alice")) == "found")
    }

    @Test(arguments: [GroupRequirement.memberOf(groupDN: LDAPDirectoryStoreTests.group),
                      .member(groupDN: LDAPDirectoryStoreTests.group),
                      .memberUid(groupDN: "cn=vpnusers-posix,ou=groups,dc=example,dc=com")])
    func usersOutsideTheGroupAreUnknown(_ requirement: GroupRequirement) async throws {
        let server = try await SlapdServer.launch()
        let (store, records) = try Self.store(uri: server.ldapURI, caFile: server.caFile, group: requirement)
        #expect(Self.kind(await store.lookUp("carol")) == "unknownUser")
        #expect(records.all.contains { $0.text.contains("is not in \(requirement.groupDN)") })
        #expect(Self.kind(await store.lookUp("bob")) == "found")
        let (missing, _) = try Self.store(uri: server.ldapURI, caFile: server.caFile, group: .member(groupDN: "cn=gone,ou=groups,dc=example,dc=com"))
        #expect(Self.kind(await missing.lookUp("bob")) == "unknownUser")
    }

    @Test func stoppedServerIsUnavailableFastAndUsedAgainWhenBack() async throws {
        let server = try await SlapdServer.launch()
        let (store, _) = try Self.store(uri: server.ldapURI, caFile: server.caFile, timeout: .seconds(1))
        #expect(Self.kind(await store.lookUp("alice")) == "found")
        await server.halt()
        let start = ContinuousClock.now
        let answer = await store.lookUp("alice")
        #expect(Self.kind(answer) == "unavailable")
        #expect(ContinuousClock.now - start < .seconds(1))
        // The pooled connection is stale after the restart; the store
        // reconnects without a failed look-up.
        try await server.restart()
        #expect(Self.kind(await store.lookUp("alice")) == "found")
        #expect(store.idleConnections == 1)
        // A restart between two look-ups leaves the pooled connection
        // dead; the store notices and reconnects within the same look-up.
        try await server.restart()
        #expect(Self.kind(await store.lookUp("alice")) == "found")
        #expect(store.idleConnections == 1)
    }

    @Test func serverThatNeverAnswersIsUnavailableWithinTheTimeout() async throws {
        let listener = try Listener()
        for uri in ["ldap://127.0.0.1:\(listener.port)", "ldaps://127.0.0.1:\(listener.port)"] {
            let (store, _) = try Self.store(uri: uri, caFile: nil, timeout: .milliseconds(500))
            let start = ContinuousClock.now
            let answer = await store.lookUp("alice")
            #expect(Self.kind(answer) == "unavailable", "\(uri): \(answer)")
            // network + operation timeout + the deadline's slack
            #expect(ContinuousClock.now - start < .milliseconds(1_800), "\(uri)")
        }
    }

    @Test func wrongServicePasswordFails() async throws {
        let server = try await SlapdServer.launch()
        let (store, records) = try Self.store(uri: server.ldapURI, caFile: server.caFile, servicePassword: "Svc-Pass-1")
        guard case .failed(let reason) = await store.lookUp("alice") else {
            Issue.record("a refused service bind must not be unavailable")
            return
        }
        #expect(reason.contains("bind"))
        #expect(!reason.contains("Svc-Pass"))
        Self.expectNoSecrets(records)
    }

    @Test func untrustedCertificateFailsWithoutFallback() async throws {
        let server = try await SlapdServer.launch()
        for uri in [server.ldapURI, server.ldapsURI] {
            let (store, _) = try Self.store(uri: uri, caFile: server.otherCAFile)
            let answer = await store.lookUp("alice")
            #expect(Self.kind(answer) == "failed", "\(uri): \(answer)")
        }
    }
}
