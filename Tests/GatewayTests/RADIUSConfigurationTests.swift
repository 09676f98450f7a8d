import ConfigFile
import Foundation
import IKECrypto
import IKEWire
import Testing
@testable import Gateway

/// `authentication.radius` and `accounting` in the configuration file.
@Suite struct RADIUSConfigurationTests {
    typealias Copy = GatewaySettingsTests.QuickStartCopy

    static let radius = """
      radius:
        servers:
          - {address: 203.0.113.11, secret-file: radius-secret, priority: 5}
          - {address: 203.0.113.10, port: 11812, secret-env: GATEHOUSE_TEST_RADIUS_SECRET, priority: 1}
        timeout: 500ms
        attempts: 2
        dead-time: 10s
        nas-identifier: gw-test
        filter-ids:
          contractors: {pool: machines, allowed: [203.0.113.0/25, 2001:db8:1::/48]}
          staff: {pool: machines}
    """

    static let accounting = """
    accounting:
      servers: [{address: 203.0.113.10, secret: "inline-secret"}]
      interim-interval: 5m
      spool: accounting.sqlite
    """

    static func copy(radius: String = radius, accounting: String = accounting) throws -> Copy {
        let copy = try Copy(replacing: [
            ("  secrets: secrets.yaml", radius),
            ("  # named:                              # pools that authorisation assigns (certificate rules' pool)\n"
             + "  #   machines: {ipv4: 198.18.4.0/24}", "  named:\n    machines: {ipv4: 198.18.4.0/24}"),
            ("limits:", accounting + "\nlimits:"),
        ])
        try "file-secret\n".write(to: copy.folder.appendingPathComponent("radius-secret"), atomically: true, encoding: .utf8)
        return copy
    }

    @Test func radiusAndAccountingAreRead() throws {
        let copy = try Self.copy()
        let settings = try GatewaySettings.load(path: copy.config, environment: ["GATEHOUSE_TEST_RADIUS_SECRET": "env-secret"])
        let radius = try #require(settings.radius)
        #expect(radius.servers.map(\.description) == ["203.0.113.11:1812", "203.0.113.10:11812"])
        #expect(radius.servers.map(\.priority) == [5, 1])
        #expect(radius.servers[0].secret == SecretBytes(Array("file-secret".utf8)), "the file's trailing newline is not the secret's")
        #expect(radius.servers[1].secret == SecretBytes(Array("env-secret".utf8)))
        #expect(radius.transport.timeout == .milliseconds(500) && radius.transport.attempts == 2 && radius.transport.deadTime == .seconds(10))
        #expect(radius.nasIdentifier == "gw-test")
        #expect(radius.filters["contractors"] == FilterPolicy(pool: "machines", policy: "contractors"))
        #expect(radius.filters["staff"] == FilterPolicy(pool: "machines", policy: nil))
        let policy = try #require(settings.engine.userPolicies["contractors"])
        #expect(policy.allowedSubnets.map(\.description) == ["203.0.113.0/25"] && policy.allowedSubnets6.map(\.description) == ["2001:db8:1::/48"])
        #expect(settings.secrets.count == 0, "no secrets file needed with RADIUS")
        let accounting = try #require(settings.accounting)
        #expect(accounting.servers.map(\.description) == ["203.0.113.10:1813"] && accounting.interimInterval == .seconds(300))
        #expect(accounting.spool == copy.folder.appendingPathComponent("accounting.sqlite").path)
        #expect(accounting.nasIdentifier == "gw-test", "from authentication.radius")
        #expect(accounting.transport.attempts == 1, "the spool retries, with an updated Acct-Delay-Time")
    }

    func errors(_ radius: String = radius, accounting: String = accounting, environment: [String: String] = [:]) throws -> String {
        let copy = try Self.copy(radius: radius, accounting: accounting)
        do {
            _ = try GatewaySettings.load(path: copy.config, environment: environment)
            return ""
        } catch {
            return "\(error)"
        }
    }

    @Test func missingSecretsAndBadValuesAreReportedByKey() throws {
        #expect(try errors().contains("GATEHOUSE_TEST_RADIUS_SECRET is not set"))
        let twoSecrets = Self.radius.replacingOccurrences(of: "secret-file: radius-secret,", with: "secret-file: radius-secret, secret: x,")
        #expect(try errors(twoSecrets, environment: ["GATEHOUSE_TEST_RADIUS_SECRET": "s"]).contains("give one of secret-file, secret"))
        let unknownPool = Self.radius.replacingOccurrences(of: "staff: {pool: machines}", with: "staff: {pool: nowhere}")
        #expect(try errors(unknownPool, environment: ["GATEHOUSE_TEST_RADIUS_SECRET": "s"]).contains("a pool.named entry"))
        let shortInterim = Self.accounting.replacingOccurrences(of: "5m", with: "2s")
        #expect(try errors(accounting: shortInterim, environment: ["GATEHOUSE_TEST_RADIUS_SECRET": "s"]).contains("interim-interval"))
        let noSpool = Self.accounting.replacingOccurrences(of: "  spool: accounting.sqlite", with: "")
        #expect(try errors(accounting: noSpool, environment: ["GATEHOUSE_TEST_RADIUS_SECRET": "s"]).contains("spool"))
    }
}
