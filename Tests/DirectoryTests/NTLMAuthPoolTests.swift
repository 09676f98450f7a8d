import Directory
import EAP
import Foundation
import IKECrypto
import IKEWire
import Logging
import Testing
import TestSupport

/// `NTLMAuthPool` against a fake ntlm_auth (python3) that speaks the
/// ntlm-server-1 protocol as Samba 4.17 does, written to a temporary folder.
/// The user name picks its behaviour.
@Suite(.serialized) struct NTLMAuthPoolTests {
    static let key = "F536E56C07A13510DFDC2672A9C844D2"

    static let script = #"""
    import base64, os, sys, time
    spawns = os.path.join(os.path.dirname(os.path.abspath(__file__)), "spawns")
    with open(spawns, "a") as f:
        f.write("%d\n" % os.getpid())
    fields = {}
    def out(text):
        sys.stdout.write(text)
        sys.stdout.flush()
    for line in sys.stdin:
        line = line.rstrip("\n")
        if line != ".":
            if ":: " in line:
                k, v = line.split(":: ", 1)
                fields[k] = base64.b64decode(v).decode()
            else:
                k, v = line.split(": ", 1)
                fields[k] = v
            continue
        user = fields.get("Username", "")
        fields_now, fields = fields, {}
        if user == "alice" or user == "jörg:x":
            out("Authenticated: Yes\nUser-Session-Key: F536E56C07A13510DFDC2672A9C844D2\n.\n")
        elif user == "carol":
            out("Authenticated: No\nAuthentication-Error: The referenced account is currently disabled and cannot be logged on to.\n.\n.\n")
        elif user == "wrong":
            out("Authenticated: No\nAuthentication-Error: The attempted logon is invalid. This is either due to a bad username or authentication information.\n.\n.\n")
        elif user == "nodc":
            out("Authenticated: No\nAuthentication-Error: No logon servers are currently available to service the logon request.\n.\n.\n")
        elif user == "crash":
            os._exit(3)
        elif user == "hang":
            time.sleep(120)
        elif user == "badform":
            out("Error: hex decode of zz failed! (got 0 bytes, expected 8)\n.\n")
        elif user == "garbage":
            out("hello there\n.\n")
        elif user == "nokey":
            # Samba leaves the key out when it is all zero (winbindd's privileged pipe out of reach)
            out("Authenticated: Yes\n.\n")
        elif user == "nowinbind":
            out("Authenticated: No\nAuthentication-Error: Reading winbind reply failed!\n.\n.\n")
        elif user == "internal":
            out("Authenticated: No\nAuthentication-Error: An internal error occurred.\n.\n.\n")
        elif user == "slow":
            time.sleep(0.2)
            out("Authenticated: Yes\nUser-Session-Key: F536E56C07A13510DFDC2672A9C844D2\n.\n")
        elif user == "domain":
            if fields_now.get("NT-Domain") == "CORP":
                out("Authenticated: Yes\nUser-Session-Key: F536E56C07A13510DFDC2672A9C844D2\n.\n")
            else:
                out("Authenticated: No\nAuthentication-Error: The specified domain did not exist.\n.\n.\n")
        else:
            out("Authenticated: No\nAuthentication-Error: The specified account does not exist.\n.\n.\n")
    """#

    final class Fixture {
        let directory: URL
        init() throws {
            directory = FileManager.default.temporaryDirectory.appendingPathComponent("ntlm-pool-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try NTLMAuthPoolTests.script.write(to: directory.appendingPathComponent("fake_ntlm_auth.py"), atomically: true, encoding: .utf8)
        }
        deinit { try? FileManager.default.removeItem(at: directory) }

        var command: [String] { ["python3", directory.appendingPathComponent("fake_ntlm_auth.py").path] }
        var spawns: [String] {
            ((try? String(contentsOf: directory.appendingPathComponent("spawns"), encoding: .utf8)) ?? "")
                .split(separator: "\n").map(String.init)
        }
    }

    static let challenge: [UInt8] = Array(repeating: 7, count: 8)
    static let response: [UInt8] = Array(repeating: 9, count: 24)

    static func pool(_ fixture: Fixture, processes: Int = 2, timeout: Duration = .seconds(5), queued: Int = 256)
        -> (NTLMAuthPool, RecordingLogHandler.Store) {
        let (logger, store) = RecordingLogHandler.logger()
        let settings = NTLMAuthSettings(command: fixture.command, processes: processes, timeout: timeout,
                                        maximumQueued: queued, restartDelay: .milliseconds(20))
        return (NTLMAuthPool(settings: settings, logger: logger), store)
    }

    static func verify(_ pool: NTLMAuthPool, _ user: String, domain: String? = "CORP") async -> NTLMAuthVerdict {
        await pool.verify(userName: user, domain: domain, challengeHash: challenge, ntResponse: response)
    }

    static func isAuthenticated(_ verdict: NTLMAuthVerdict) -> Bool {
        if case .authenticated(let key) = verdict { return key == SecretBytes(NTLMServerExchangeHex.bytes(NTLMAuthPoolTests.key)) }
        return false
    }

    static func refusal(_ verdict: NTLMAuthVerdict) -> NTStatus? {
        if case .refused(let status) = verdict { return status }
        return nil
    }

    static func isUnavailable(_ verdict: NTLMAuthVerdict) -> Bool {
        if case .unavailable = verdict { return true }
        return false
    }

    /// The reason of a `.failed` verdict.
    static func failure(_ verdict: NTLMAuthVerdict) -> String? {
        if case .failed(let reason) = verdict { return reason }
        return nil
    }

    /// Waits (up to `limit`) until `pid` is gone: the pool reaps its helpers
    /// on their queues, after `shutdown()` returns.
    static func gone(_ pid: pid_t, within limit: Duration = .seconds(5)) async throws -> Bool {
        let end = ContinuousClock.now + limit
        while ContinuousClock.now < end {
            if kill(pid, 0) != 0 { return true }
            try await Task.sleep(for: .milliseconds(20))
        }
        return kill(pid, 0) != 0
    }

    @Test func authenticatesAndRefuses() async throws {
        let fixture = try Fixture()
        let (pool, store) = Self.pool(fixture)
        defer { pool.shutdown() }
        #expect(Self.isAuthenticated(await Self.verify(pool, "alice")))
        #expect(Self.refusal(await Self.verify(pool, "carol")) == .accountDisabled)
        // the second "." after a refusal does not spoil the next answer
        #expect(Self.isAuthenticated(await Self.verify(pool, "alice")))
        #expect(Self.refusal(await Self.verify(pool, "wrong")) == .logonFailure)
        #expect(Self.refusal(await Self.verify(pool, "nobody")) == .noSuchUser)
        #expect(Self.isAuthenticated(await Self.verify(pool, "jörg:x")))
        #expect(Self.isAuthenticated(await Self.verify(pool, "domain")))
        #expect(Self.refusal(await Self.verify(pool, "domain", domain: nil)) == .noSuchDomain)
        // an outage status from the domain is no refusal
        #expect(Self.isUnavailable(await Self.verify(pool, "nodc")))
        // winbindd not running ("Reading winbind reply failed!") and an internal
        // error are no outage: refusals, which the pass-through reports as failed
        #expect(Self.refusal(await Self.verify(pool, "nowinbind")) == .unsuccessful)
        #expect(Self.refusal(await Self.verify(pool, "internal")) == .internalError)
        // one process answered them all, in turn
        #expect(fixture.spawns.count == 1)
        let refusals = store.all.filter { $0.message == "ntlm_auth refused the logon" }
        #expect(refusals.contains { $0.metadata["status"] == "NT_STATUS_ACCOUNT_DISABLED" })
        #expect(refusals.contains { $0.metadata["status"] == "NT_STATUS_LOGON_FAILURE" })
        #expect(!store.all.contains { $0.text.uppercased().contains(Self.key) }, "the NT key was logged")
        #expect(!store.all.contains { $0.text.contains("090909") }, "the NT-Response was logged")
    }

    /// What the credential chain sees: only an outage may fall back.
    @Test func thePassThroughFallsBackOnlyOnOutages() async throws {
        let fixture = try Fixture()
        // Long enough for a python helper to start on a loaded machine.
        let (pool, _) = Self.pool(fixture, processes: 1, timeout: .seconds(2))
        defer { pool.shutdown() }
        let passThrough = NTLMAuthPassThrough(pool: pool, domain: "CORP")
        let proof = MSCHAPv2Proof(userName: [], authenticatorChallenge: Array(repeating: 1, count: 16),
                                  peerChallenge: Array(repeating: 2, count: 16), ntResponse: Self.response)
        func verdict(_ user: String) async -> String {
            switch await passThrough.verify(user, proof) {
            case .accepted: "accepted"
            case .refused(let refusal): "refused: \(refusal)"
            case .unavailable: "unavailable"
            case .failed: "failed"
            }
        }
        #expect(await verdict("alice") == "accepted")
        #expect(await verdict("carol") == "refused: \(CredentialRefusal.accountDisabled)")
        #expect(await verdict("wrong") == "refused: \(CredentialRefusal.wrongPassword)")
        #expect(await verdict("nodc") == "unavailable")
        #expect(await verdict("nowinbind") == "failed")
        #expect(await verdict("internal") == "failed")
        #expect(await verdict("nokey") == "failed")
        #expect(await verdict("badform") == "failed")
        #expect(await verdict("garbage") == "failed")
        #expect(await verdict("hang") == "unavailable")
    }

    @Test func refusesUserNamesWithLineBreaksBeforeWriting() async throws {
        let fixture = try Fixture()
        let (pool, _) = Self.pool(fixture)
        defer { pool.shutdown() }
        // no account in the domain has such a name
        for name in ["alice\n.\nUsername: alice", "alice\r", "al\u{0}ice", ""] {
            #expect(Self.refusal(await Self.verify(pool, name)) == .noSuchUser)
        }
        // the configured domain or the lengths: our fault, not the user's
        #expect(Self.failure(await Self.verify(pool, "alice", domain: "CO\nRP")) != nil)
        #expect(Self.failure(await pool.verify(userName: "alice", domain: nil, challengeHash: [1, 2, 3], ntResponse: Self.response)) != nil)
        #expect(fixture.spawns.isEmpty, "a helper was started for a request that was never sent")
    }

    @Test func aHelperThatDiesMidRequestIsReplaced() async throws {
        let fixture = try Fixture()
        let (pool, store) = Self.pool(fixture, processes: 1)
        defer { pool.shutdown() }
        #expect(Self.isAuthenticated(await Self.verify(pool, "alice")))
        // a helper that dies is this host's trouble, not the domain's: no fallback
        #expect(Self.failure(await Self.verify(pool, "crash")) != nil)
        #expect(Self.isAuthenticated(await Self.verify(pool, "alice")))
        #expect(fixture.spawns.count == 2)
        #expect(store.all.contains { $0.message.contains("killed, will be restarted") })
    }

    @Test func aHelperKilledWhileIdleIsReplacedWithoutFailingARequest() async throws {
        let fixture = try Fixture()
        let (pool, _) = Self.pool(fixture, processes: 1)
        defer { pool.shutdown() }
        #expect(Self.isAuthenticated(await Self.verify(pool, "alice")))
        let pid = try #require(Int32(fixture.spawns.last ?? ""))
        kill(pid, SIGKILL)
        try await Task.sleep(for: .milliseconds(200))
        #expect(Self.isAuthenticated(await Self.verify(pool, "alice")))
        #expect(fixture.spawns.count == 2)
    }

    @Test func aHangingHelperTimesOutAndIsReplaced() async throws {
        let fixture = try Fixture()
        // Long enough for a python helper to start on a loaded machine.
        let (pool, _) = Self.pool(fixture, processes: 1, timeout: .seconds(2))
        defer { pool.shutdown() }
        let started = ContinuousClock.now
        #expect(Self.isUnavailable(await Self.verify(pool, "hang")))
        let waited = ContinuousClock.now - started
        // "hang" never answers: without the timeout this would never return.
        // Loose upper bound, as the run's other tests share the pool threads.
        #expect(waited >= .milliseconds(1_950) && waited < .seconds(60))
        #expect(Self.isAuthenticated(await Self.verify(pool, "alice")))
        #expect(fixture.spawns.count == 2)
    }

    @Test func aHangingHelperIsAnOutageDuringItsRestartPause() async throws {
        let fixture = try Fixture()
        let (logger, _) = RecordingLogHandler.logger()
        let settings = NTLMAuthSettings(command: fixture.command, processes: 1, timeout: .milliseconds(300),
                                        restartDelay: .seconds(2), maximumRestartDelay: .seconds(2))
        let pool = NTLMAuthPool(settings: settings, logger: logger)
        defer { pool.shutdown() }
        #expect(Self.isUnavailable(await Self.verify(pool, "hang")))
        // turned away at once during the pause after a time-out: still the outage
        #expect(Self.isUnavailable(await Self.verify(pool, "alice")))
    }

    @Test func aHelperThatKeepsDyingFails() async throws {
        let fixture = try Fixture()
        let (logger, _) = RecordingLogHandler.logger()
        // The crash, not a time-out while python starts, must end the
        // request; the pause outlasts the next request's deadline.
        let settings = NTLMAuthSettings(command: fixture.command, processes: 1, timeout: .seconds(3),
                                        restartDelay: .seconds(10), maximumRestartDelay: .seconds(10))
        let pool = NTLMAuthPool(settings: settings, logger: logger)
        defer { pool.shutdown() }
        #expect(Self.failure(await Self.verify(pool, "crash")) != nil)
        // turned away during the pause after a crash: no outage
        #expect(Self.failure(await Self.verify(pool, "alice"))?.contains("backing off") == true)
    }

    @Test func garbageKillsTheHelper() async throws {
        let fixture = try Fixture()
        let (pool, _) = Self.pool(fixture, processes: 1)
        defer { pool.shutdown() }
        #expect(Self.failure(await Self.verify(pool, "garbage")) != nil)
        #expect(Self.isAuthenticated(await Self.verify(pool, "alice")))
        #expect(fixture.spawns.count == 2)
    }

    @Test func aMissingSessionKeyIsAConfigurationError() async throws {
        let fixture = try Fixture()
        let (pool, store) = Self.pool(fixture, processes: 1)
        defer { pool.shutdown() }
        let reason = try #require(Self.failure(await Self.verify(pool, "nokey")))
        #expect(reason.contains("privileged pipe"))
        let logged = try #require(store.all.first { $0.message.contains("no user session key") })
        #expect(logged.level == .error && logged.message.contains("privileged pipe"))
        // the helper is in step: it answers the next request
        #expect(Self.isAuthenticated(await Self.verify(pool, "alice")))
        #expect(fixture.spawns.count == 1)
    }

    @Test func aHelperErrorFailsAndRestartsTheHelper() async throws {
        let fixture = try Fixture()
        let (pool, store) = Self.pool(fixture, processes: 1)
        defer { pool.shutdown() }
        #expect(Self.failure(await Self.verify(pool, "badform"))?.contains("hex decode") == true)
        #expect(store.all.contains { $0.message == "ntlm_auth: helper error" })
        #expect(Self.isAuthenticated(await Self.verify(pool, "alice")))
        #expect(fixture.spawns.count == 2)
    }

    @Test func aMissingProgramFails() async throws {
        let (logger, _) = RecordingLogHandler.logger()
        let pool = NTLMAuthPool(settings: NTLMAuthSettings(command: ["/nonexistent/ntlm_auth"], processes: 1, timeout: .seconds(1)), logger: logger)
        defer { pool.shutdown() }
        // a configuration error, not an outage: no fallback
        #expect(Self.failure(await Self.verify(pool, "alice"))?.contains("cannot start") == true)
    }

    @Test func manyRequestsShareTwoHelpers() async throws {
        let fixture = try Fixture()
        let (pool, _) = Self.pool(fixture, processes: 2)
        defer { pool.shutdown() }
        let started = ContinuousClock.now
        let results = await withTaskGroup(of: Bool.self) { group in
            for i in 0..<10 { group.addTask { Self.isAuthenticated(await Self.verify(pool, i % 2 == 0 ? "slow" : "alice")) } }
            for i in 0..<20 { group.addTask { Self.refusal(await Self.verify(pool, i % 2 == 0 ? "carol" : "wrong")) != nil } }
            return await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(results.count == 30 && results.allSatisfy { $0 })
        #expect(fixture.spawns.count == 2)
        // five 0.2 s answers over two helpers: at least 0.6 s, less than one at a time
        #expect(ContinuousClock.now - started >= .milliseconds(550))
        #expect(pool.runningHelpers == 2)
    }

    @Test func aFullQueueFails() async throws {
        let fixture = try Fixture()
        let (pool, store) = Self.pool(fixture, processes: 1, queued: 1)
        defer { pool.shutdown() }
        let verdicts = await withTaskGroup(of: NTLMAuthVerdict.self) { group in
            for _ in 0..<4 { group.addTask { await Self.verify(pool, "slow") } }
            return await group.reduce(into: [NTLMAuthVerdict]()) { $0.append($1) }
        }
        // one answered, one queued, the other two turned away at once; none
        // is an outage (a load spike must not send everyone to the fallback)
        #expect(verdicts.filter { Self.failure($0)?.contains("waiting") == true }.count >= 1)
        #expect(!verdicts.contains { Self.isUnavailable($0) })
        #expect(verdicts.filter { Self.isAuthenticated($0) }.count >= 1)
        #expect(store.all.contains { $0.message.contains("wait queue is full") })
    }

    @Test func shutdownKillsTheHelpers() async throws {
        let fixture = try Fixture()
        let (pool, _) = Self.pool(fixture, processes: 2)
        #expect(Self.isAuthenticated(await Self.verify(pool, "alice")))
        let pid = try #require(Int32(fixture.spawns.last ?? ""))
        pool.shutdown()
        #expect(try await Self.gone(pid))
        #expect(Self.failure(await Self.verify(pool, "alice"))?.contains("shut down") == true)
    }

    /// shutdown() does not wait for a request in flight (it is called from
    /// async code and must not block a cooperative thread), and a request
    /// pausing before a restart starts no helper once the pool is stopped.
    @Test func shutdownDoesNotBlockAndStartsNothingAfterwards() async throws {
        let fixture = try Fixture()
        let (logger, _) = RecordingLogHandler.logger()
        let settings = NTLMAuthSettings(command: fixture.command, processes: 1, timeout: .seconds(5),
                                        restartDelay: .milliseconds(600), maximumRestartDelay: .milliseconds(600))
        let pool = NTLMAuthPool(settings: settings, logger: logger)
        #expect(Self.failure(await Self.verify(pool, "crash")) != nil)
        #expect(fixture.spawns.count == 1)
        // this one waits out the restart pause on the slot's queue
        let pausing = Task { await Self.verify(pool, "alice") }
        try await Task.sleep(for: .milliseconds(150))
        let started = ContinuousClock.now
        pool.shutdown()
        #expect(ContinuousClock.now - started < .milliseconds(100), "shutdown() waited for the slot's queue")
        #expect(Self.failure(await pausing.value)?.contains("shut down") == true)
        try await Task.sleep(for: .milliseconds(200))
        #expect(fixture.spawns.count == 1, "a helper was started after shutdown")
    }

    @Test func shutdownDoesNotWaitForARequestInFlight() async throws {
        let fixture = try Fixture()
        let (pool, _) = Self.pool(fixture, processes: 1, timeout: .seconds(10))
        let hanging = Task { await Self.verify(pool, "hang") }
        var pid: pid_t?
        for _ in 0..<250 where pid == nil {
            try await Task.sleep(for: .milliseconds(20))
            pid = fixture.spawns.last.flatMap { Int32($0) }
        }
        let helper = try #require(pid)
        try await Task.sleep(for: .milliseconds(100))
        let started = ContinuousClock.now
        pool.shutdown()
        #expect(ContinuousClock.now - started < .milliseconds(100))
        // SIGKILL ends the read at once: no outage, and not after the timeout
        #expect(Self.failure(await hanging.value) != nil)
        #expect(ContinuousClock.now - started < .seconds(5))
        #expect(try await Self.gone(helper))
    }
}

enum NTLMServerExchangeHex {
    static func bytes(_ hex: String) -> [UInt8] { Hex.bytes(hex)! }
}
