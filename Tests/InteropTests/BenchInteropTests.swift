import Foundation
import Testing

/// `gatehouse bench` (issue 10), the load generator of Benchmarks/handshake,
/// against both gateways it measures: Gatehouse, and Debian's strongSwan
/// charon (profile strongswan). It must count an SA only when the gateway
/// really holds it with a CHILD_SA and the virtual address asked for, or a
/// benchmark would compare unequal work (as it once did, when strongSwan's
/// bench pool was malformed and it built no CHILD_SAs).
extension InteropTests {
    static let gatehouseBinary = ProcessInfo.processInfo.environment["GATEHOUSE_BINARY"] ?? root.appendingPathComponent(".build/debug/gatehouse").path

    /// Runs `gatehouse bench` from the client's namespace against 192.0.2.1.
    static func bench(_ options: String...) throws -> (status: Int32, output: String) { try bench(options) }

    static func bench(_ options: [String]) throws -> (status: Int32, output: String) {
        let arguments = ["client-exec", gatehouseBinary, "bench", "--gateway", "192.0.2.1", "--local", "192.0.2.2",
                         "--gateway-certificate", "\(state)/pki/gateway.pem"] + options
        return try harness(arguments)
    }

    @Test func benchKeepsSAsWithAddressesAtGatehouseAndCountsFailures() throws {
        try Self.withLab {
            // The lab replaces a user's older SAs (uniqueness replace): the
            // steps that leave nothing up come first, so that no SA of the
            // kept ones is being replaced when they are counted.
            func benchSAs() throws -> [GatewaySA] { try Self.gatewaySAs().filter { ($0.user ?? "").hasPrefix("user") } }
            let deleting = try Self.bench("--count", "20", "--concurrency", "4", "--request-address")
            #expect(deleting.status == 0 && deleting.output.contains("established 20, failed 0"), "\(deleting.output)")
            #expect(try benchSAs().isEmpty)

            // An IKE SA without a CHILD_SA (an ESP proposal the gateway
            // refuses) is a failure, and deleted.
            let noChild = try Self.bench("--count", "3", "--concurrency", "3", "--esp", "aes192gcm8")
            #expect(noChild.status != 0 && noChild.output.contains("established 0, failed 3"), "\(noChild.output)")
            #expect(noChild.output.contains("3 × established without a CHILD_SA"), "\(noChild.output)")
            let wrongPassword = try Self.bench("--count", "2", "--concurrency", "2", "--password", "not-the-password")
            #expect(wrongPassword.status != 0 && wrongPassword.output.contains("established 0, failed 2"), "\(wrongPassword.output)")
            #expect(try benchSAs().isEmpty)

            let kept = try Self.bench("--count", "10", "--concurrency", "4", "--request-address", "--keep")
            #expect(kept.status == 0 && kept.output.contains("established 10, failed 0"), "\(kept.output)")
            let sas = try benchSAs()
            #expect(Set(sas.compactMap(\.user)) == Set((0..<10).map { "user\($0)" }), "\(sas.compactMap(\.user))")
            #expect(sas.count == 10 && sas.allSatisfy { $0.state == "established" && !$0.virtualAddresses.isEmpty && $0.child != nil })

            // Machine certificates: laptop1 is admitted, laptop2 is revoked.
            let machine = try Self.bench(["--count", "1", "--concurrency", "1", "--request-address", "--keep"] + Self.machine("laptop1"))
            #expect(machine.status == 0 && machine.output.contains("established 1, failed 0"), "\(machine.output)")
            #expect(try Self.gatewaySAs().filter { $0.user == "CN=laptop1.example.com" && $0.child != nil }.count == 1)
            let revoked = try Self.bench(["--count", "1", "--concurrency", "1"] + Self.machine("laptop2"))
            #expect(revoked.status != 0 && revoked.output.contains("AUTHENTICATION_FAILED"), "\(revoked.output)")
        }
    }

    /// The bench options for a machine certificate of the lab's client PKI.
    static func machine(_ name: String) -> [String] {
        ["--client-certificate", "\(state)/pki/clients/\(name).pem", "--client-key", "\(state)/pki/clients/\(name).key"]
    }

    @Test func benchKeepsSAsWithAddressesAtStrongSwan() throws {
        try Self.withLab("strongswan") {
            let kept = try Self.bench("--count", "10", "--concurrency", "4", "--request-address", "--keep")
            #expect(kept.status == 0 && kept.output.contains("established 10, failed 0"), "\(kept.output)")
            let listing = try Self.harness("swan-gateway-sas").output
            let lines = listing.split(separator: "\n")
            #expect(lines.filter { $0.contains("ESTABLISHED") }.count == 10, "\(listing)")
            #expect(lines.filter { $0.contains("INSTALLED") }.count == 10, "\(listing)")
            // Each CHILD_SA's remote selector is its own virtual address.
            let selectors = lines.map { $0.trimmingCharacters(in: .whitespaces) }.filter { $0.hasPrefix("remote 198.18.0.") }
            #expect(Set(selectors).count == 10, "\(listing)")

            let machine = try Self.bench(["--count", "1", "--concurrency", "1", "--request-address", "--keep"] + Self.machine("laptop1"))
            #expect(machine.status == 0 && machine.output.contains("established 1, failed 0"), "\(machine.output)")
            let withMachines = try Self.harness("swan-gateway-sas").output
            #expect(withMachines.split(separator: "\n").filter { $0.contains("remote 'CN=laptop1.example.com'") }.count == 1, "\(withMachines)")
        }
    }
}
