import Foundation
import Testing

/// Gatehouse against Debian's strongSwan charon as the client, each in its
/// own network namespace (Tests/Interop/harness.sh). Needs root and the
/// packages `scripts/install-deps` installs; without them the tests fail,
/// they are not skipped.
@Suite(.serialized) struct InteropTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let harness = root.appendingPathComponent("Tests/Interop/harness.sh").path
    /// The harness's state folder and namespace prefix, overridable so two
    /// labs can run side by side (GATEHOUSE_INTEROP_STATE, GATEHOUSE_INTEROP_PREFIX).
    static let state = ProcessInfo.processInfo.environment["GATEHOUSE_INTEROP_STATE"] ?? "/tmp/gatehouse-interop"
    static let clientNamespace = (ProcessInfo.processInfo.environment["GATEHOUSE_INTEROP_PREFIX"] ?? "ghi") + "-cli"

    /// Runs the harness and returns its exit status and combined output.
    ///
    /// posix_spawn and waitpid rather than Foundation's Process, whose
    /// waitUntilExit() missed the harness's exit here (the harness starts
    /// daemons in new sessions), hanging the test run.
    @discardableResult
    static func harness(_ arguments: String...) throws -> (status: Int32, output: String) { try harness(arguments) }

    @discardableResult
    static func harness(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let outputPath = FileManager.default.temporaryDirectory.appendingPathComponent("interop-\(UUID().uuidString).log").path
        defer { try? FileManager.default.removeItem(atPath: outputPath) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let argv = ([harness] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, harness, &actions, nil, argv, environ)
        guard spawned == 0 else { throw POSIXError(POSIXErrorCode(rawValue: spawned) ?? .EIO) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        let output = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
        // WEXITSTATUS: the exit code sits in the second octet.
        return ((status >> 8) & 0xFF, output)
    }

    /// Brings the lab up with a gateway profile, runs `body`, always tears down.
    static func withLab(_ profile: String = "default", _ body: () throws -> Void) throws {
        let up = try harness("up", profile)
        defer { _ = try? harness("down") }
        try #require(up.status == 0, "harness up failed:\n\(up.output)")
        do {
            try body()
        } catch {
            print(try harness("logs", "60").output)
            throw error
        }
    }

    /// Initiates a client connection; true when it was established.
    static func connect(_ connection: String) throws -> Bool {
        let result = try harness("initiate", connection)
        return result.status == 0 && result.output.contains("initiate completed successfully")
    }

    /// The virtual address the client got on `connection`, from `swanctl --list-sas`.
    static func clientAddress(_ connection: String) throws -> String? {
        let output = try harness("client-sas").output
        guard let block = output.components(separatedBy: "\n\(connection): ").dropFirst().first
                ?? (output.hasPrefix("\(connection): ") ? String(output.dropFirst(connection.count + 2)) : nil),
              let range = block.range(of: #"\[198\.18\.\d+\.\d+\]"#, options: .regularExpression) else { return nil }
        return String(block[range].dropFirst().dropLast())
    }

    struct GatewaySA: Decodable {
        let spi: String
        let session: String
        let peer: String
        let state: String
        let user: String?
        let virtualAddresses: [String]
        let ike: String?
        let child: Child?

        struct Child: Decodable {
            let inboundSPI: String
            let esp: String
            let localSelectors: [String]
            let remoteSelectors: [String]
            let udpEncapsulation: Bool
            let traffic: Traffic?
        }

        struct Traffic: Decodable {
            let bytesIn: UInt64
            let packetsIn: UInt64
            let bytesOut: UInt64
            let packetsOut: UInt64
            let droppedIn: UInt64
        }
    }

    static func gatewaySAs() throws -> [GatewaySA] {
        let result = try harness("gatehouse", "list-sas", "--json")
        return try JSONDecoder().decode([GatewaySA].self, from: Data(result.output.utf8))
    }

    // MARK: - Tests

    @Test func eapMSCHAPv2ClientsConnectAndAreManaged() throws {
        try Self.withLab {
            // A plaintext-password user, as strongSwan's own EAP client does it.
            #expect(try Self.connect("eap"))
            let address = try #require(try Self.clientAddress("eap"))
            let gateway = try Self.gatewaySAs()
            #expect(gateway.contains { $0.user == "alice" && $0.virtualAddresses == [address] && $0.state == "established" },
                    "the gateway shows the same virtual address")
            #expect(gateway.first?.child?.remoteSelectors == ["\(address)/32"])
            #expect(gateway.first?.child?.localSelectors == ["203.0.113.0/24"], "split tunnel")

            // Reconnecting gets the same address back.
            try Self.harness("terminate-client", "eap")
            #expect(try Self.connect("eap"))
            #expect(try Self.clientAddress("eap") == address)

            // A user stored as an NT hash, and a DOMAIN\user name, which is
            // alice again: her new SA replaces the older one (uniqueness
            // replace), which the client is told about, and keeps her address.
            #expect(try Self.connect("bob"))
            #expect(try Self.connect("corp"))
            Thread.sleep(forTimeInterval: 1)
            #expect(try Self.gatewaySAs().filter { $0.user == "alice" }.count == 1)
            #expect(try Self.clientAddress("eap") == nil)
            #expect(try Self.clientAddress("corp") == address)

            // A wrong password is refused.
            #expect(try !Self.connect("wrong-password"))

            // gatehouse terminate deletes the SA on the client too.
            let bobSA = try #require(try Self.gatewaySAs().first { $0.user == "bob" })
            #expect(try Self.harness("gatehouse", "terminate", bobSA.spi).status == 0)
            Thread.sleep(forTimeInterval: 1)
            #expect(try Self.clientAddress("bob") == nil)
            #expect(try Self.gatewaySAs().allSatisfy { $0.user != "bob" })
        }
    }

    @Test func windows7ProposalsFollowTheProfile() throws {
        try Self.withLab {
            // Each connection is alice's and replaces the one before.
            for (connection, suite, esp) in [("win7-aes", "AES_CBC_256/HMAC_SHA1_96/PRF_HMAC_SHA1/MODP_1024", "AES_CBC_256/HMAC_SHA1_96"),
                                             ("win7-3des", "3DES_CBC/HMAC_SHA1_96/PRF_HMAC_SHA1/MODP_1024", "3DES_CBC/HMAC_SHA1_96")] {
                #expect(try Self.connect(connection))
                let sas = try Self.gatewaySAs()
                #expect(sas.contains { $0.ike == suite && $0.child?.esp == esp }, "\(connection)")
            }
            // A first KE group that is not our first choice but acceptable
            // is used as is: no INVALID_KE round trip.
            #expect(try Self.connect("modp2048-first"))
            #expect(try !Self.harness("logs", "400").output.contains("INVALID_KE"))

            try #require(try Self.harness("restart-gateway", "strict").status == 0)
            #expect(try !Self.connect("win7-aes"))
            #expect(try !Self.connect("win7-3des"))
            #expect(try Self.connect("eap"), "modern clients still connect with the strict profile")
        }
    }

    @Test func tenClientsAtOnceGetDistinctAddresses() throws {
        try Self.withLab {
            let group = DispatchGroup()
            let results = LockedResults()
            for index in 0..<10 {
                group.enter()
                DispatchQueue.global().async {
                    results.record((try? Self.connect("user\(index)")) ?? false)
                    group.leave()
                }
            }
            group.wait()
            #expect(results.successes == 10)
            let sas = try Self.gatewaySAs().filter { $0.state == "established" }
            let addresses = Set(sas.flatMap(\.virtualAddresses))
            #expect(sas.count == 10 && addresses.count == 10)
            // Each reaches the LAN from its own address, through its own SA.
            for address in addresses.sorted() {
                let ping = try Self.harness("client-exec", "ping", "-c", "1", "-W", "3", "-I", address, "203.0.113.10")
                #expect(ping.status == 0, "\(address): \(ping.output)")
            }
            let traffic = try Self.gatewaySAs().compactMap { $0.child?.traffic }
            #expect(traffic.count == 10 && traffic.allSatisfy { $0.packetsIn == 1 && $0.packetsOut == 1 }, "\(traffic)")
        }
    }

    @Test func aLargeCertificateChainIsSentInFragments() throws {
        try Self.withLab("big-chain") {
            #expect(try Self.connect("eap"))
            let logs = try Self.harness("logs", "2000").output
            // charon logs each IKEv2 fragment it receives (RFC 7383).
            #expect(logs.contains("received fragment #"))
        }
    }

    /// `gatehouse reload` rereads the secrets: a new user connects while
    /// the SAs already up stay.
    @Test func reloadAddsUsersWithoutDroppingSAs() throws {
        try Self.withLab {
            #expect(try Self.connect("eap"))
            #expect(try !Self.connect("dave"))
            try #require(try Self.harness("add-user", "dave", "dave-pw").status == 0)
            let reload = try Self.harness("gatehouse", "reload")
            #expect(reload.status == 0 && reload.output.contains("reloaded"), "\(reload.output)")
            #expect(try Self.connect("dave"))
            let sas = try Self.gatewaySAs()
            #expect(Set(sas.compactMap(\.user)) == ["alice", "dave"])
            #expect(try Self.clientAddress("eap") != nil)
        }
    }

    /// The quick start: the gateway issues its own CA and certificate on
    /// first start, and a client that trusts that CA connects.
    @Test func quickStartCertificatesAreAcceptedByStrongSwan() throws {
        try Self.withLab("quick-start") {
            let logs = try Self.harness("logs", "200").output
            #expect(logs.contains("created the gateway certificate"))
            #expect(try Self.connect("eap"))
            #expect(try Self.clientAddress("eap") != nil)
        }
    }
}

/// Collects results from concurrent initiations.
final class LockedResults: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0

    func record(_ success: Bool) {
        lock.lock()
        if success { count += 1 }
        lock.unlock()
    }

    var successes: Int {
        lock.lock()
        defer { lock.unlock() }
        return count
    }
}
