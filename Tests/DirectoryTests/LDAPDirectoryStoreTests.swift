import Credentials
import Directory
import EAP
import IKECrypto
import Testing
import TestSupport

/// The directory store against a real slapd (Samba schema, memberOf by
/// dynlist, a read-only service account, TLS), one server per test.
@Suite struct LDAPDirectoryStoreTests {
    static let base = "dc=example,dc=com"
    static let group = "cn=vpnusers,ou=groups,dc=example,dc=com"
    static let serviceDN = "cn=vpn-svc,ou=services,dc=example,dc=com"

    static func store(uri: String, caFile: String?, startTLS: Bool = true, base: String = base,
                      servicePassword: String = "Svc-Pass-0", group: GroupRequirement? = .memberOf(groupDN: group),
                      timeout: Duration = .seconds(1), passThrough: (any MSCHAPv2PassThrough)? = nil)
        throws -> (LDAPDirectoryStore, RecordingLogHandler.Store) {
        let (logger, records) = RecordingLogHandler.logger()
        let configuration = LDAPDirectoryConfiguration(
            connection: LDAPConnectionSettings(uri: uri, startTLS: startTLS, caFile: caFile,
                                               networkTimeout: timeout, operationTimeout: timeout),
            baseDN: base, bindDN: serviceDN, bindPassword: SecretBytes(Array(servicePassword.utf8)),
            userFilter: try UserFilterTemplate("(uid={user})"), requiredGroup: group, poolSize: 2)
        return (LDAPDirectoryStore(configuration: configuration, passThrough: passThrough, logger: logger), records)
    }

    static func kind(_ verdict: CredentialVerdict) -> String {
        switch verdict {
        case .accepted: "accepted"
        case .refused(let refusal): "\(refusal)"
        case .unavailable: "unavailable"
        case .failed: "failed"
        }
    }

    /// An EAP-MSCHAPv2 Response from `user` with `password`, as a client sends it.
    static func mschap(_ user: String, _ password: String) throws -> CredentialProof {
        let authenticatorChallenge = secureRandomBytes(16), peerChallenge = secureRandomBytes(16)
        let ntResponse = try MSCHAPv2.generateNTResponse(authenticatorChallenge: authenticatorChallenge, peerChallenge: peerChallenge,
                                                         userName: Array(user.utf8), passwordHash: MSCHAPv2.ntPasswordHash(password: password))
        return .mschapv2(MSCHAPv2Proof(userName: Array(user.utf8), authenticatorChallenge: authenticatorChallenge,
                                       peerChallenge: peerChallenge, ntResponse: ntResponse))
    }

    static func password(_ text: String) -> CredentialProof { .password(SecretBytes(Array(text.utf8))) }

    static let alice = "Alice-Ldap-1", bob = "Bob-Ldap-2", carol = "Carol-Ldap-3"

    /// Nothing logged holds a password or an NT hash.
    static func expectNoSecrets(_ records: RecordingLogHandler.Store) {
        let secrets = ["Svc-Pass-0", "Alice-Ldap-1", "7C1B7341A6489D7072AA782B0CF6F571", "7c1b7341a6489d7072aa782b0cf6f571",
                       "408E52EDCAC5672DA3D60DF02952D8DA", "116F14A63178DF06EFE248C6090E934E"]
        for record in records.all {
            for secret in secrets { #expect(!record.text.contains(secret), "logged a secret: \(record.text)") }
        }
    }

    @Test func checksMSCHAPv2AgainstTheHashOverStartTLS() async throws {
        let server = try await SlapdServer.launch()
        let (store, records) = try Self.store(uri: server.ldapURI, caFile: server.caFile)
        guard case .accepted(let authorization, let key?) = await store.verify("alice", try Self.mschap("alice", Self.alice)) else {
            Issue.record("alice refused")
            return
        }
        #expect(key == (try MSCHAPv2.hashNtPasswordHash(MSCHAPv2.ntPasswordHash(password: Self.alice))))
        #expect(authorization == Authorization(userName: "alice"))
        // The service connection stays for the next look-up.
        #expect(store.idleConnections == 1)
        #expect(Self.kind(await store.verify("bob", try Self.mschap("bob", Self.bob))) == "accepted")
        #expect(Self.kind(await store.verify("bob", try Self.mschap("bob", Self.alice))) == "wrong password")
        #expect(store.idleConnections == 1)
        Self.expectNoSecrets(records)
    }

    /// EAP-GTC's password: a simple bind as the user's DN.
    @Test func checksPasswordsWithABindAsTheUser() async throws {
        let server = try await SlapdServer.launch()
        let (store, records) = try Self.store(uri: server.ldapURI, caFile: server.caFile)
        guard case .accepted(_, nil) = await store.verify("alice", Self.password(Self.alice)) else {
            Issue.record("alice's bind refused")
            return
        }
        #expect(Self.kind(await store.verify("alice", Self.password("Alice-Ldap-2"))) == "wrong password")
        // dave has no NT hash, but a password: GTC works for him.
        #expect(Self.kind(await store.verify("dave", Self.password("Dave-Ldap-4"))) == "accepted")
        // Never sent: an empty password would be an unauthenticated bind.
        #expect(Self.kind(await store.verify("alice", Self.password(""))) == "empty password")
        // The right password of a user outside the group is still refused.
        #expect(Self.kind(await store.verify("carol", Self.password(Self.carol))) == "not a member of \(Self.group)")
        Self.expectNoSecrets(records)
    }

    @Test func findsTheUserOverLDAPS() async throws {
        let server = try await SlapdServer.launch()
        let (store, _) = try Self.store(uri: server.ldapsURI, caFile: server.caFile)
        #expect(Self.kind(await store.verify("alice", try Self.mschap("alice", Self.alice))) == "accepted")
        #expect(Self.kind(await store.verify("alice", Self.password(Self.alice))) == "accepted")
    }

    @Test func unknownUsersAndWrongBaseAreUnknown() async throws {
        let server = try await SlapdServer.launch()
        let (store, records) = try Self.store(uri: server.ldapURI, caFile: server.caFile)
        #expect(Self.kind(await store.verify("mallory", try Self.mschap("mallory", "x"))) == "unknown user")
        // dave is in the group but has no NT hash for MS-CHAPv2.
        #expect(Self.kind(await store.verify("dave", try Self.mschap("dave", "Dave-Ldap-4"))).hasPrefix("no sambaNTPassword"))
        #expect(Self.kind(await store.verify("", try Self.mschap("", "x"))) == "unknown user")
        let (wrongBase, _) = try Self.store(uri: server.ldapURI, caFile: server.caFile, base: "ou=nowhere,dc=example,dc=com")
        #expect(Self.kind(await wrongBase.verify("alice", try Self.mschap("alice", Self.alice))) == "unknown user")
        let (otherSubtree, _) = try Self.store(uri: server.ldapURI, caFile: server.caFile, base: "ou=groups,dc=example,dc=com")
        #expect(Self.kind(await otherSubtree.verify("alice", try Self.mschap("alice", Self.alice))) == "unknown user")
        #expect(records.all.contains { $0.text.contains("no entry matches (uid=mallory)") })
        #expect(records.all.contains { $0.text.contains("no sambaNTPassword the service account may read") })
        Self.expectNoSecrets(records)
    }

    @Test func injectedFiltersMatchNobody() async throws {
        let server = try await SlapdServer.launch()
        let (store, _) = try Self.store(uri: server.ldapURI, caFile: server.caFile, group: nil)
        for name in ["*)(uid=*", "*", "alice)(uid=*", "al*", "*)(|(uid=*)", "alice\u{0}"] {
            #expect(Self.kind(await store.verify(name, Self.password(Self.alice))) == "unknown user", "\(name)")
        }
        #expect(Self.kind(await store.verify("alice", Self.password(Self.alice))) == "accepted")
    }

    @Test(arguments: [GroupRequirement.memberOf(groupDN: LDAPDirectoryStoreTests.group),
                      .member(groupDN: LDAPDirectoryStoreTests.group),
                      .memberUid(groupDN: "cn=vpnusers-posix,ou=groups,dc=example,dc=com")])
    func usersOutsideTheGroupAreRefused(_ requirement: GroupRequirement) async throws {
        let server = try await SlapdServer.launch()
        let (store, records) = try Self.store(uri: server.ldapURI, caFile: server.caFile, group: requirement)
        #expect(Self.kind(await store.verify("carol", try Self.mschap("carol", Self.carol))) == "not a member of \(requirement.groupDN)")
        #expect(records.all.contains { $0.text.contains("not a member of \(requirement.groupDN)") })
        // The wrong password is what a non-member guessing is told about.
        #expect(Self.kind(await store.verify("carol", try Self.mschap("carol", "guess"))) == "wrong password")
        #expect(Self.kind(await store.verify("bob", try Self.mschap("bob", Self.bob))) == "accepted")
        let (missing, _) = try Self.store(uri: server.ldapURI, caFile: server.caFile, group: .member(groupDN: "cn=gone,ou=groups,dc=example,dc=com"))
        #expect(Self.kind(await missing.verify("bob", try Self.mschap("bob", Self.bob))).hasPrefix("not a member"))
    }

    @Test func stoppedServerIsUnavailableFastAndUsedAgainWhenBack() async throws {
        let server = try await SlapdServer.launch()
        let (store, _) = try Self.store(uri: server.ldapURI, caFile: server.caFile, timeout: .seconds(1))
        #expect(Self.kind(await store.verify("alice", try Self.mschap("alice", Self.alice))) == "accepted")
        await server.halt()
        let proof = try Self.mschap("alice", Self.alice)
        let (answer, elapsed) = await DedicatedExecutor().time { await store.verify("alice", proof) }
        #expect(Self.kind(answer) == "unavailable")
        #expect(elapsed < .seconds(1))
        // The pooled connection is stale after the restart; the store
        // reconnects without a failed look-up.
        try await server.restart()
        #expect(Self.kind(await store.verify("alice", try Self.mschap("alice", Self.alice))) == "accepted")
        #expect(store.idleConnections == 1)
        // A restart between two look-ups leaves the pooled connection
        // dead; the store notices and reconnects within the same look-up.
        try await server.restart()
        #expect(Self.kind(await store.verify("alice", try Self.mschap("alice", Self.alice))) == "accepted")
        #expect(store.idleConnections == 1)
    }

    @Test func serverThatNeverAnswersIsUnavailableWithinTheTimeout() async throws {
        let listener = try Listener()
        for uri in ["ldap://127.0.0.1:\(listener.port)", "ldaps://127.0.0.1:\(listener.port)"] {
            let (store, _) = try Self.store(uri: uri, caFile: nil, timeout: .milliseconds(500))
            let proof = try Self.mschap("alice", Self.alice)
            let (answer, elapsed) = await DedicatedExecutor().time { await store.verify("alice", proof) }
            #expect(Self.kind(answer) == "unavailable", "\(uri): \(answer)")
            // network + operation timeout + the deadline's slack
            #expect(elapsed < .milliseconds(1_800), "\(uri)")
        }
    }

    @Test func wrongServicePasswordFails() async throws {
        let server = try await SlapdServer.launch()
        let (store, records) = try Self.store(uri: server.ldapURI, caFile: server.caFile, servicePassword: "Svc-Pass-1")
        guard case .failed(let reason) = await store.verify("alice", try Self.mschap("alice", Self.alice)) else {
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
            let answer = await store.verify("alice", try Self.mschap("alice", Self.alice))
            #expect(Self.kind(answer) == "failed", "\(uri): \(answer)")
        }
    }

    /// A domain controller that cannot be asked.
    struct UnreachablePassThrough: MSCHAPv2PassThrough {
        func verify(_ userName: String, _ proof: MSCHAPv2Proof) async -> CredentialVerdict { .unavailable(reason: "no logon servers") }
    }

    /// The directory has answered for a user it bars: even when the
    /// password cannot be checked, that answer is final (no fallback);
    /// for a user it does not bar, the outage is an outage.
    @Test func aBarredUserIsRefusedEvenWhenThePasswordCannotBeChecked() async throws {
        let server = try await SlapdServer.launch()
        let (store, _) = try Self.store(uri: server.ldapURI, caFile: server.caFile, passThrough: UnreachablePassThrough())
        #expect(Self.kind(await store.verify("carol", try Self.mschap("carol", Self.carol))) == "not a member of \(Self.group)")
        #expect(Self.kind(await store.verify("alice", try Self.mschap("alice", Self.alice))) == "unavailable")
    }
}
