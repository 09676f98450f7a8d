import ConfigFile
import EAP
import IKECrypto
import Testing
import TestSupport
@testable import Credentials

@Suite struct CredentialsTests {
    @Test func secretsFileHashesPasswordsAndReadsNTHashes() async throws {
        let secrets = try LocalSecrets(file: "secrets.yaml", text: """
            users:
              User:
                password: clientPass
              bob:
                nt-hash: 44EBBA8D5312B8D611474411F56989AE
                address: 198.18.0.50
            """)
        #expect(secrets.count == 2)
        // RFC 2759 §9.2: NT hash of "clientPass"; the password checks.
        guard case .accepted(let user, nil) = await secrets.verify("user", .password(SecretBytes(Array("clientPass".utf8)))) else {
            throw TestFailure("User refused")
        }
        #expect(user.userName == "user")
        guard case .accepted(let bob, nil) = await secrets.verify("bob", .password(SecretBytes(Array("clientPass".utf8)))) else {
            throw TestFailure("bob refused")
        }
        #expect(bob.staticAddress?.description == "198.18.0.50")
        guard case .refused(.wrongPassword) = await secrets.verify("bob", .password(SecretBytes(Array("clientpass".utf8)))) else {
            throw TestFailure("wrong password accepted")
        }
        guard case .refused(.emptyPassword) = await secrets.verify("bob", .password(SecretBytes([]))) else {
            throw TestFailure("empty password accepted")
        }
        guard case .refused(.unknownUser) = await secrets.verify("carol", .password(SecretBytes(Array("x".utf8)))) else {
            throw TestFailure("carol found")
        }
    }

    /// RFC 2759 §9.2's example Response ("User", "clientPass") checks
    /// against the file's hash and gives PasswordHashHash.
    @Test func msCHAPv2ProofsAreCheckedAgainstTheHash() async throws {
        let secrets = try LocalSecrets(file: "secrets.yaml", text: "users:\n  User:\n    password: clientPass\n")
        let proof = MSCHAPv2Proof(userName: Array("User".utf8), authenticatorChallenge: hex("5B5D7C7D7B3F2F3E3C2C602132262628"),
                                  peerChallenge: hex("21402324255E262A28295F2B3A337C7E"),
                                  ntResponse: hex("82309ECD8D708B5EA08FAA3981CD83544233114A3D85D6DF"))
        guard case .accepted(_, let key?) = await secrets.verify("user", .mschapv2(proof)) else { throw TestFailure("refused") }
        #expect(key == SecretBytes(hex("41C00C584BD2D91C4017A2A12FA59F3F")))
        var wrong = proof.ntResponse
        wrong[0] ^= 1
        let tampered = MSCHAPv2Proof(userName: proof.userName, authenticatorChallenge: proof.authenticatorChallenge,
                                     peerChallenge: proof.peerChallenge, ntResponse: wrong)
        guard case .refused(.wrongPassword) = await secrets.verify("user", .mschapv2(tampered)) else { throw TestFailure("accepted") }
    }

    /// Entries carry their own authorisation: a pool, or not allowed at all
    /// (said only to whoever knows the password).
    @Test func entriesCarryTheirOwnAuthorisation() async throws {
        let secrets = try LocalSecrets(file: "secrets.yaml", text: """
            users:
              dave:
                password: dave-pw
                pool: contractors
              eve:
                password: eve-pw
                allowed: false
            """)
        #expect(secrets.poolNames == ["contractors"])
        guard case .accepted(let dave, _) = await secrets.verify("dave", .password(SecretBytes(Array("dave-pw".utf8)))) else {
            throw TestFailure("dave refused")
        }
        #expect(dave.pool == "contractors")
        guard case .refused(.denied) = await secrets.verify("eve", .password(SecretBytes(Array("eve-pw".utf8)))) else {
            throw TestFailure("eve allowed")
        }
        guard case .refused(.wrongPassword) = await secrets.verify("eve", .password(SecretBytes(Array("guess".utf8)))) else {
            throw TestFailure("eve's refusal told a guesser she exists and is barred")
        }
    }

    @Test func everyBadEntryIsReportedWithItsLine() {
        let text = """
            users:
              alice:
                password: a
                nt-hash: 00
              bob:
                nt-hash: nothex
              carol: {}
              dave:
                password: x
                colour: blue
              ALICE:
                password: b
            """
        do {
            _ = try LocalSecrets(file: "secrets.yaml", text: text)
            Issue.record("accepted")
        } catch {
            let lines = error.errors.compactMap(\.line)
            #expect(error.errors.count == 5, "\(error)")
            #expect(lines == lines.sorted())
            #expect(error.description.contains("secrets.yaml:3: users.alice: give either password or nt-hash"))
            #expect(error.description.contains("users.bob.nt-hash: expected 32 hexadecimal digits"))
            #expect(error.description.contains("users.dave.colour: unknown key"))
            #expect(error.description.contains("listed twice"))
        }
    }

    @Test func invalidYAMLIsAnErrorWithALine() {
        #expect(throws: ConfigurationErrors.self) { try LocalSecrets(file: "s.yaml", text: "users:\n  alice: [\n") }
        #expect(throws: ConfigurationErrors.self) { try LocalSecrets(file: "s.yaml", text: "") }
    }

    @Test(arguments: [(#"CORP\alice"#, "alice"), ("alice@corp.example.com", "alice"), (#"CORP\Alice@x"#, "alice"), ("bob", "bob")])
    func namesAreNormalisedForLookUp(_ name: String, _ expected: String) {
        #expect(UserNameNormalizer().normalize(name) == expected)
    }

    @Test func throttleBlocksWithBackoffPerUserAndPerSource() {
        let throttle = AuthenticationThrottle()
        var now = Duration.seconds(100)
        for _ in 0..<3 { throttle.recordFailure(user: "alice", source: "192.0.2.2", now: now) }
        #expect(throttle.blocked(user: "alice", source: "192.0.2.2", now: now) == nil, "three free failures")
        throttle.recordFailure(user: "alice", source: "192.0.2.2", now: now)
        #expect(throttle.blocked(user: "alice", source: "192.0.2.9", now: now) == .seconds(2), "the user is blocked from anywhere")
        #expect(throttle.blocked(user: "bob", source: "192.0.2.2", now: now) == .seconds(2), "the source is blocked for anyone")
        #expect(throttle.blocked(user: "bob", source: "192.0.2.9", now: now) == nil)
        throttle.recordFailure(user: "alice", source: "192.0.2.2", now: now)
        #expect(throttle.blocked(user: "alice", source: "x", now: now) == .seconds(4), "each failure doubles the block")
        now += .seconds(5)
        #expect(throttle.blocked(user: "alice", source: "x", now: now) == nil)
        throttle.recordSuccess(user: "alice")
        throttle.recordFailure(user: "alice", source: "y", now: now)
        #expect(throttle.blocked(user: "alice", source: "z", now: now) == nil, "success resets the user's count")
    }

    /// Parallel handshakes: each passed the check at its start, so the
    /// check right before the store is asked bounds how many run at once
    /// (as many as failures are still free, then one at a time).
    @Test func parallelChecksOfOneUserAreBounded() {
        let throttle = AuthenticationThrottle()
        let now = Duration.seconds(100)
        for _ in 0..<3 { #expect(throttle.beginCheck(user: "alice", source: "192.0.2.2", now: now)) }
        #expect(!throttle.beginCheck(user: "alice", source: "192.0.2.3", now: now), "a fourth guess in the same burst")
        #expect(throttle.beginCheck(user: "bob", source: "192.0.2.2", now: now), "other users are not held up")
        throttle.endCheck(user: "alice")
        throttle.recordFailure(user: "alice", source: "192.0.2.2", now: now)
        throttle.endCheck(user: "alice")
        throttle.recordFailure(user: "alice", source: "192.0.2.2", now: now)
        // Two failures and one check running: the last free failure is taken.
        #expect(!throttle.beginCheck(user: "alice", source: "192.0.2.4", now: now))
        throttle.endCheck(user: "alice")
        #expect(throttle.beginCheck(user: "alice", source: "192.0.2.4", now: now), "one at a time once failures are used up")
        #expect(!throttle.beginCheck(user: "alice", source: "192.0.2.4", now: now))
        throttle.endCheck(user: "alice")
        throttle.recordFailure(user: "alice", source: "192.0.2.4", now: now)
        throttle.recordFailure(user: "alice", source: "192.0.2.4", now: now)
        #expect(!throttle.beginCheck(user: "alice", source: "192.0.2.5", now: now), "blocked after the free failures")
        #expect(throttle.beginCheck(user: "alice", source: "192.0.2.5", now: now + .seconds(10)), "and again when the block is over")
    }
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
