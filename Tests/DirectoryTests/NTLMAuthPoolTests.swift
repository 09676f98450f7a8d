import Directory
import Foundation
import IKECrypto
import Logging
import Testing

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
        // one process answered them all, in turn
        #expect(fixture.spawns.count == 1)
        let refusals = store.all.filter { $0.message == "ntlm_auth refused the logon" }
        #expect(refusals.contains { $0.metadata["status"] == "NT_STATUS_ACCOUNT_DISABLED" })
        #expect(refusals.contains { $0.metadata["status"] == "NT_STATUS_LOGON_FAILURE" })
        #expect(!store.all.contains { $0.text.uppercased().contains(Self.key) }, "the NT key was logged")
        #expect(!store.all.contains { $0.text.contains("090909") }, "the NT-Response was logged")
    }

    @Test func refusesUserNamesWithLineBreaksBeforeWriting() async throws {
        let fixture = try Fixture()
        let (pool, _) = Self.pool(fixture)
        defer { pool.shutdown() }
        for name in ["alice\n.\nUsername: alice", "alice\r", "al\u{0}ice", ""] {
            #expect(Self.refusal(await Self.verify(pool, name)) == .invalidParameter)
        }
        #expect(Self.refusal(await pool.verify(userName: "alice", domain: nil, challengeHash: [1, 2, 3], ntResponse: Self.response)) == .invalidParameter)
        #expect(fixture.spawns.isEmpty, "a helper was started for a request that was never sent")
    }

    @Test func aHelperThatDiesMidRequestIsReplaced() async throws {
        let fixture = try Fixture()
        let (pool, store) = Self.pool(fixture, processes: 1)
        defer { pool.shutdown() }
        #expect(Self.isAuthenticated(await Self.verify(pool, "alice")))
        #expect(Self.isUnavailable(await Self.verify(pool, "crash")))
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
        let (pool, _) = Self.pool(fixture, processes: 1, timeout: .milliseconds(700))
        defer { pool.shutdown() }
        let started = ContinuousClock.now
        #expect(Self.isUnavailable(await Self.verify(pool, "hang")))
        let waited = ContinuousClock.now - started
        #expect(waited >= .milliseconds(650) && waited < .seconds(5))
        #expect(Self.isAuthenticated(await Self.verify(pool, "alice")))
        #expect(fixture.spawns.count == 2)
    }

    @Test func garbageKillsTheHelper() async throws {
        let fixture = try Fixture()
        let (pool, _) = Self.pool(fixture, processes: 1)
        defer { pool.shutdown() }
        #expect(Self.isUnavailable(await Self.verify(pool, "garbage")))
        #expect(Self.isAuthenticated(await Self.verify(pool, "alice")))
        #expect(fixture.spawns.count == 2)
    }

    @Test func aHelperErrorIsARefusalAndRestartsTheHelper() async throws {
        let fixture = try Fixture()
        let (pool, store) = Self.pool(fixture, processes: 1)
        defer { pool.shutdown() }
        #expect(Self.refusal(await Self.verify(pool, "badform")) == .invalidParameter)
        #expect(store.all.contains { $0.message == "ntlm_auth: helper error" })
        #expect(Self.isAuthenticated(await Self.verify(pool, "alice")))
        #expect(fixture.spawns.count == 2)
    }

    @Test func aMissingProgramIsUnavailable() async throws {
        let (logger, _) = RecordingLogHandler.logger()
        let pool = NTLMAuthPool(settings: NTLMAuthSettings(command: ["/nonexistent/ntlm_auth"], processes: 1, timeout: .seconds(1)), logger: logger)
        defer { pool.shutdown() }
        #expect(Self.isUnavailable(await Self.verify(pool, "alice")))
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

    @Test func aFullQueueIsUnavailable() async throws {
        let fixture = try Fixture()
        let (pool, _) = Self.pool(fixture, processes: 1, queued: 1)
        defer { pool.shutdown() }
        let verdicts = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<4 { group.addTask { Self.isUnavailable(await Self.verify(pool, "slow")) } }
            return await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        // one answered, one queued, the other two turned away at once
        #expect(verdicts.filter { $0 }.count >= 1)
    }

    @Test func shutdownKillsTheHelpers() async throws {
        let fixture = try Fixture()
        let (pool, _) = Self.pool(fixture, processes: 2)
        #expect(Self.isAuthenticated(await Self.verify(pool, "alice")))
        let pid = try #require(Int32(fixture.spawns.last ?? ""))
        pool.shutdown()
        #expect(kill(pid, 0) != 0)
        #expect(Self.isUnavailable(await Self.verify(pool, "alice")))
    }
}

enum NTLMServerExchangeHex {
    static func bytes(_ hex: String) -> [UInt8] {
        var out: [UInt8] = []
        var chars = Array(hex)
        while chars.count >= 2 {
            out.append(UInt8(String(chars[0...1]), radix: 16)!)
            chars.removeFirst(2)
        }
        return out
    }
}
