import Directory
import Foundation
import IKECrypto
import Logging
import Testing

/// `NTLMAuthPool` against the harness's Samba AD DC (harness.sh ad): the
/// gateway's namespace is the winbind member GW1, and the pool runs
/// `harness.sh ad ntlm-auth` (ntlm_auth --helper-protocol=ntlm-server-1
/// --allow-mschapv2 in the gateway's namespace, with the member's
/// /run/samba). Each response is computed here with IKECrypto's MSCHAPv2.
extension InteropTests {
    struct MSCHAPv2Attempt {
        let challengeHash: [UInt8]
        let ntResponse: [UInt8]
        /// MD4(MD4(UTF-16LE(password))): what the domain must hand back.
        let expectedKey: SecretBytes

        init(user: String, password: String) throws {
            let authenticator = (0..<16).map { _ in UInt8.random(in: 0...255) }
            let peer = (0..<16).map { _ in UInt8.random(in: 0...255) }
            let hash = try MSCHAPv2.ntPasswordHash(password: password)
            challengeHash = try MSCHAPv2.challengeHash(peerChallenge: peer, authenticatorChallenge: authenticator, userName: Array(user.utf8))
            ntResponse = try MSCHAPv2.generateNTResponse(authenticatorChallenge: authenticator, peerChallenge: peer,
                                                         userName: Array(user.utf8), passwordHash: hash)
            expectedKey = try MSCHAPv2.hashNtPasswordHash(hash)
        }
    }

    static func verify(_ pool: NTLMAuthPool, _ user: String, _ password: String, domain: String? = "CORP") async throws -> (NTLMAuthVerdict, SecretBytes) {
        let attempt = try MSCHAPv2Attempt(user: user, password: password)
        return (await pool.verify(userName: user, domain: domain, challengeHash: attempt.challengeHash, ntResponse: attempt.ntResponse),
                attempt.expectedKey)
    }

    static func status(_ verdict: NTLMAuthVerdict) -> NTStatus? {
        if case .refused(let status) = verdict { return status }
        return nil
    }

    @Test(.timeLimit(.minutes(5))) func ntlmAuthPoolAgainstActiveDirectory() async throws {
        let up = try Self.harness("up", "default")
        defer { _ = try? Self.harness("down") }
        try #require(up.status == 0, "harness up failed:\n\(up.output)")
        let started = ContinuousClock.now
        let ad = try Self.harness("ad", "start")
        try #require(ad.status == 0, "harness ad start failed:\n\(ad.output)")
        print("AD DC and member up in \(ContinuousClock.now - started)")

        // The gateway started now sees the member's winbindd through /run/samba.
        #expect(try Self.harness("restart-gateway", "default").status == 0)
        let gatewayPid = try Self.harness("gateway-pid").output.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(FileManager.default.fileExists(atPath: "/proc/\(gatewayPid)/root/run/samba/winbindd/pipe"),
                "the gateway's /run/samba is not the member's run folder")

        var logger = Logger(label: "interop.ntlm-auth")
        logger.logLevel = .debug
        let pool = NTLMAuthPool(settings: NTLMAuthSettings(command: [Self.harness, "ad", "ntlm-auth"], processes: 2,
                                                           timeout: .seconds(30)),
                                logger: logger)
        defer { pool.shutdown() }

        // alice: the NT key is MD4(NT hash), with and without the domain.
        for domain in ["CORP", nil] as [String?] {
            let (verdict, expected) = try await Self.verify(pool, "alice", "Alice-Pass1", domain: domain)
            guard case .authenticated(let key) = verdict else { Issue.record("alice: \(verdict)"); continue }
            #expect(key == expected)
            #expect(key.count == 16)
        }
        // Wrong password and unknown user: the member's winbindd passes the
        // DC's precise status (NETLOGON), not LOGON_FAILURE.
        let (wrong, _) = try await Self.verify(pool, "alice", "Not-Alice-Pass")
        #expect(Self.status(wrong) == .wrongPassword, "\(wrong)")
        let (unknown, _) = try await Self.verify(pool, "nobody", "x")
        #expect(Self.status(unknown) == .noSuchUser, "\(unknown)")
        let (carol, _) = try await Self.verify(pool, "carol", "Carol-Pass1")
        #expect(Self.status(carol) == .accountDisabled, "\(carol)")
        let (erin, _) = try await Self.verify(pool, "erin", "Erin-Pass1")
        #expect(Self.status(erin) == .passwordMustChange, "\(erin)")
        // bob (nested group) and frank: plain successes.
        for (user, password) in [("bob", "Bob-Pass1"), ("frank", "Frank-Pass1")] {
            let (verdict, expected) = try await Self.verify(pool, user, password)
            guard case .authenticated(let key) = verdict else { Issue.record("\(user): \(verdict)"); continue }
            #expect(key == expected)
        }

        // dave, locked out by five bad simple binds over ldaps from the gateway's namespace.
        #expect(try Self.harness("ad", "lock", "dave").status == 0)
        let (dave, _) = try await Self.verify(pool, "dave", "Dave-Pass1")
        #expect(Self.status(dave) == .accountLockedOut, "\(dave)")
        #expect(try Self.harness("ad", "unlock", "dave").status == 0)
        let (daveAgain, daveKey) = try await Self.verify(pool, "dave", "Dave-Pass1")
        guard case .authenticated(let key) = daveAgain else { Issue.record("dave after unlock: \(daveAgain)"); return }
        #expect(key == daveKey)

        // Many at once over the two helpers.
        let results = try await withThrowingTaskGroup(of: Bool.self) { group in
            for _ in 0..<20 {
                group.addTask {
                    let (verdict, expected) = try await Self.verify(pool, "alice", "Alice-Pass1")
                    if case .authenticated(let key) = verdict { return key == expected }
                    return false
                }
            }
            return try await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(results.count == 20 && results.allSatisfy { $0 })
        #expect(pool.runningHelpers == 2)
    }
}
