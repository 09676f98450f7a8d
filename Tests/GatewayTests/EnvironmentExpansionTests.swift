import ConfigFile
import RADIUSClient
import Foundation
import Testing
@testable import Gateway

/// `${NAME}` in configuration values, and docker/gatehouse.yaml, which
/// relies on it.
@Suite struct EnvironmentExpansionTests {
    let environment = ["NAME": "vpn.example.com", "NET": "198.19.93", "EMPTY": "", "MULTI": "a\nb"]

    func expand(_ text: String) throws(EnvironmentExpansion.Failure) -> String {
        try EnvironmentExpansion.expand(text, environment: environment)
    }

    @Test func referencesAreReplaced() throws {
        #expect(try expand("${NAME}") == "vpn.example.com")
        #expect(try expand("${NET}.10") == "198.19.93.10")
        #expect(try expand("a ${NET} b ${NAME}") == "a 198.19.93 b vpn.example.com")
        #expect(try expand("${UNSET:-10.99.0.0/24}") == "10.99.0.0/24")
        #expect(try expand("${EMPTY:-fallback}") == "fallback", "as in compose, :- also replaces an empty value")
        #expect(try expand("${EMPTY}") == "")
        #expect(try expand("${NAME:-other}") == "vpn.example.com")
    }

    /// Values written before expansion existed keep their meaning unless
    /// they contain `${`; `$${` is a literal.
    @Test func otherDollarSignsAreKept() throws {
        #expect(try expand("pa$$word$") == "pa$$word$")
        #expect(try expand("$NAME") == "$NAME")
        #expect(try expand("$${NAME}") == "${NAME}")
        #expect(try expand("no references") == "no references")
    }

    @Test func mistakesAreErrors() {
        #expect(throws: EnvironmentExpansion.Failure.self) { try expand("${UNSET}") }
        #expect(throws: EnvironmentExpansion.Failure.self) { try expand("${NAME") }
        #expect(throws: EnvironmentExpansion.Failure.self) { try expand("${}") }
        #expect(throws: EnvironmentExpansion.Failure.self) { try expand("${1ABC}") }
        #expect(throws: EnvironmentExpansion.Failure.self) { try expand("${NA-ME}") }
        #expect(throws: EnvironmentExpansion.Failure.self, "a line break would change what follows") { try expand("${MULTI}") }
    }

    /// An unset variable is reported with the line and key that use it.
    @Test func anUnsetVariableIsAConfigurationError() throws {
        let copy = try GatewaySettingsTests.QuickStartCopy(replacing: [("identity: vpn.example.com", "identity: ${GATEHOUSE_TEST_UNSET}")])
        do {
            _ = try GatewaySettings.load(path: copy.config, environment: [:])
            Issue.record("loaded with an unset variable")
        } catch {
            let error = try #require(error.errors.first { $0.keyPath == "gateway.identity" })
            #expect(error.message.contains("GATEHOUSE_TEST_UNSET is not set") && error.line != nil)
        }
    }

    /// The secrets file is taken as written: passwords may contain `${`.
    @Test func theSecretsFileIsNotExpanded() throws {
        let copy = try GatewaySettingsTests.QuickStartCopy()
        let secrets = copy.folder.appendingPathComponent("secrets.yaml")
        try "users:\n  dollar: {password: \"pw${HOME}\"}\n".write(to: secrets, atomically: true, encoding: .utf8)
        let settings = try GatewaySettings.load(path: copy.config, environment: ["HOME": "/root"])
        #expect(settings.secrets.count == 1)
    }

    /// docker/gatehouse.yaml, with the environment compose.yaml gives the
    /// container and the state volume's paths moved to a temporary folder.
    @Test func theComposeConfigurationLoads() throws {
        let docker = GatewaySettingsTests.configs.deletingLastPathComponent().appendingPathComponent("docker")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gatehouse-docker-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var text = try String(contentsOf: docker.appendingPathComponent("gatehouse.yaml"), encoding: .utf8)
        for (old, new) in [("ca-certificate: /var/lib/gatehouse/certs/ca.pem", "ca-certificate: /var/lib/gatehouse/certs/ca.pem\n  create-if-missing: true"),
                           ("/var/lib/gatehouse/", folder.path + "/"), ("/run/secrets/", folder.path + "/"), ("/run/gatehouse/", folder.path + "/")] {
            #expect(text.contains(old))
            text = text.replacingOccurrences(of: old, with: new)
        }
        let config = folder.appendingPathComponent("gatehouse.yaml").path
        try text.write(toFile: config, atomically: true, encoding: .utf8)
        try "radius-test-secret\n".write(to: folder.appendingPathComponent("radius_secret"), atomically: true, encoding: .utf8)
        let environment = ["GATEHOUSE_SERVER_NAME": "vpn.corp.example.com", "GATEHOUSE_NET": "198.19.93",
                           "GATEHOUSE_POOL": "198.18.50.0/24", "GATEHOUSE_DNS": "198.19.93.53"]
        let settings = try GatewaySettings.load(path: config, createMissingCertificates: true, environment: environment)
        #expect(settings.identity == "vpn.corp.example.com")
        #expect(settings.engine.gateway?.identity == .fqdn("vpn.corp.example.com"))
        #expect(settings.radius?.servers.map { "\($0.address)" } == ["198.19.93.10"])
        #expect(settings.accounting?.servers.map { "\($0.address):\($0.port)" } == ["198.19.93.10:1813"])
        #expect(settings.pool?.description == "198.18.50.0/24" && settings.engine.network.dnsServers.map { "\($0)" } == ["198.19.93.53"])
        #expect(settings.dataPlane.masquerade && settings.leaseDatabase == folder.appendingPathComponent("leases.sqlite").path)
    }
}
