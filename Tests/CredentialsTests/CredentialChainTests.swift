import Credentials
import EAP
import IKECrypto
import Logging
import Synchronization
import Testing

/// The chain's decision table (RFC-free, issue 7's "fallback, precisely"):
/// the next store only when the one before is unreachable, and a breaker
/// so a dead store costs one timeout, not one per look-up.
@Suite struct CredentialChainTests {
    /// A store that answers what it is told and counts how often it is asked.
    final class ScriptedStore: CredentialStore {
        let answer: Mutex<CredentialVerdict>
        let asked = Mutex(0)

        init(_ answer: CredentialVerdict, delay: Duration = .zero) {
            self.answer = Mutex(answer)
            self.delay = delay
        }

        /// How long each look-up takes (a directory timing out).
        let delay: Duration

        func verify(_ userName: String, _ proof: CredentialProof) async -> CredentialVerdict {
            asked.withLock { $0 += 1 }
            if delay > .zero { try? await Task.sleep(for: delay) }
            return answer.withLock { $0 }
        }

        var count: Int { asked.withLock { $0 } }
    }

    /// A clock the test moves.
    final class TestClock: Sendable {
        private let start = ContinuousClock.now
        private let offset = Mutex(Duration.zero)
        func advance(by duration: Duration) { offset.withLock { $0 += duration } }
        var now: ContinuousClock.Instant { start + offset.withLock { $0 } }
    }

    static let found = CredentialVerdict.accepted(Authorization(userName: "alice"), passwordHashHash: SecretBytes(Array(repeating: 1, count: 16)))
    static let proof = CredentialProof.password(SecretBytes(Array("pw".utf8)))

    static func kind(_ lookup: CredentialVerdict) -> String {
        switch lookup {
        case .accepted: "found"
        case .refused(.unknownUser): "unknown"
        case .refused(let refusal): "\(refusal)"
        case .unavailable: "unavailable"
        case .failed: "failed"
        }
    }

    func chain(_ directory: ScriptedStore, _ local: ScriptedStore, clock: TestClock = TestClock()) -> CredentialChain {
        CredentialChain([.init(name: "directory", store: directory), .init(name: "local", store: local)],
                        breakerTime: .seconds(30), logger: Logger(label: "test"), now: { clock.now })
    }

    /// Every directory outcome × what the local file says.
    @Test(arguments: [
        // directory,     local,          expected result, local asked
        ("found",       "unknown",      "found",       false),
        ("unknown",     "found",        "unknown",     false),   // a reachable directory's "no" is final
        ("failed",      "found",        "failed",      false),   // a TLS failure must not force the fallback
        ("wrong",       "found",        "wrong password", false),
        ("disabled",    "found",        "account disabled", false),
        ("not-in-group", "found",       "not a member of cn=vpn", false),
        ("locked",      "found",        "account locked out", false),
        ("unavailable", "found",        "found",       true),
        ("unavailable", "wrong",        "wrong password", true),
        ("unavailable", "unknown",      "unknown",     true),
        ("unavailable", "unavailable",  "unavailable", true),
    ])
    func decisionTable(_ directory: String, _ local: String, _ expected: String, _ localAsked: Bool) async {
        func lookup(_ kind: String) -> CredentialVerdict {
            switch kind {
            case "found": Self.found
            case "unknown": .refused(.unknownUser)
            case "wrong": .refused(.wrongPassword)
            case "disabled": .refused(.accountDisabled)
            case "locked": .refused(.lockedOut)
            case "not-in-group": .refused(.notInGroup("cn=vpn"))
            case "failed": .failed(reason: "certificate does not verify")
            default: .unavailable(reason: "connection refused")
            }
        }
        let first = ScriptedStore(lookup(directory))
        let second = ScriptedStore(lookup(local))
        let result = await chain(first, second).verify("alice", Self.proof)
        #expect(Self.kind(result) == expected)
        #expect(first.count == 1 && second.count == (localAsked ? 1 : 0))
    }

    @Test func aDeadDirectoryCostsOneTimeoutThenIsProbedAgain() async {
        let clock = TestClock()
        let directory = ScriptedStore(.unavailable(reason: "timeout"))
        let local = ScriptedStore(Self.found)
        let chain = chain(directory, local, clock: clock)
        for _ in 0..<5 { #expect(Self.kind(await chain.verify("alice", Self.proof)) == "found") }
        #expect(directory.count == 1, "skipped while its breaker is open")
        #expect(chain.states.map(\.name) == ["directory", "local"])
        #expect(chain.states[0].skippedFor == .seconds(30) && chain.states[1].skippedFor == nil)
        #expect(local.count == 5)
        clock.advance(by: .seconds(31))
        directory.answer.withLock { $0 = .refused(.unknownUser) }
        #expect(chain.states[0].skippedFor == .zero, "due for its probe")
        #expect(Self.kind(await chain.verify("alice", Self.proof)) == "unknown", "probed, back, and final again")
        #expect(chain.states[0].skippedFor == nil)
        #expect(Self.kind(await chain.verify("alice", Self.proof)) == "unknown")
        #expect(directory.count == 3 && local.count == 5)
    }

    @Test func onlyOneLookUpProbesAStoreWhoseBreakerTimeIsOver() async {
        let clock = TestClock()
        let directory = ScriptedStore(.unavailable(reason: "timeout"), delay: .milliseconds(200))
        let chain = chain(directory, ScriptedStore(Self.found), clock: clock)
        _ = await chain.verify("alice", Self.proof)
        clock.advance(by: .seconds(31))
        // Four look-ups at once, while the first of them probes (and waits
        // out its timeout): the other three skip the store.
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<4 { group.addTask { _ = await chain.verify("alice", Self.proof) } }
        }
        #expect(directory.count == 2, "one probe, not four")
    }

    /// A reload that keeps the directory keeps it skipped while it is
    /// unreachable, and a probe that was running on the old chain does not
    /// keep the new one from probing.
    @Test func aReloadedChainInheritsTheBreakers() async {
        let clock = TestClock()
        let directory = ScriptedStore(.unavailable(reason: "timeout"))
        let old = chain(directory, ScriptedStore(Self.found), clock: clock)
        _ = await old.verify("alice", Self.proof)
        let reloaded = chain(directory, ScriptedStore(Self.found), clock: clock)
        reloaded.inheritBreakers(from: old)
        _ = await reloaded.verify("alice", Self.proof)
        #expect(directory.count == 1, "still skipped after the reload")
        clock.advance(by: .seconds(31))
        directory.answer.withLock { $0 = Self.found }
        #expect(Self.kind(await reloaded.verify("alice", Self.proof)) == "found")
        #expect(directory.count == 2 && reloaded.states[0].skippedFor == nil)
    }
}
