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
        guard case .found(let hash, let authorization) = await secrets.lookUp("user") else { throw TestFailure("User not found") }
        // RFC 2759 §9.2: NT hash of "clientPass".
        #expect(hash == SecretBytes(hex("44EBBA8D5312B8D611474411F56989AE")) && authorization.userName == "user")
        guard case .found(let bobHash, let bob) = await secrets.lookUp("bob") else { throw TestFailure("bob not found") }
        #expect(bobHash == hash && bob.staticAddress?.description == "198.18.0.50")
        guard case .unknownUser = await secrets.lookUp("carol") else { throw TestFailure("carol found") }
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
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
