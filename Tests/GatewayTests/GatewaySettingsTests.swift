import ConfigFile
import IKEEngine
import Foundation
import IKEWire
import Testing
@testable import Gateway

/// The configuration file as `run` and `check-config` read it, starting from
/// the quick-start example in Configs/.
@Suite struct GatewaySettingsTests {
    static let configs = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Configs")

    /// A copy of Configs/ without certificates, in a folder of its own.
    final class QuickStartCopy {
        let folder: URL
        var config: String { folder.appendingPathComponent("gatehouse.yaml").path }

        init(replacing replacements: [(String, String)] = []) throws {
            folder = FileManager.default.temporaryDirectory.appendingPathComponent("gatehouse-settings-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            var text = try String(contentsOf: GatewaySettingsTests.configs.appendingPathComponent("gatehouse.yaml"), encoding: .utf8)
            for (old, new) in replacements {
                guard text.contains(old) else { throw ExampleChanged(missing: old) }
                text = text.replacingOccurrences(of: old, with: new)
            }
            try text.write(toFile: config, atomically: true, encoding: .utf8)
            try FileManager.default.copyItem(at: GatewaySettingsTests.configs.appendingPathComponent("secrets.yaml"),
                                             to: folder.appendingPathComponent("secrets.yaml"))
        }

        deinit { try? FileManager.default.removeItem(at: folder) }
    }

    /// The example configuration no longer holds a line a test edits.
    struct ExampleChanged: Error {
        let missing: String
    }

    /// check-config on a fresh checkout: valid, and the certificates are
    /// announced rather than created.
    @Test func exampleConfigurationChecksWithoutCreatingCertificates() throws {
        let copy = try QuickStartCopy()
        let settings = try GatewaySettings.load(path: copy.config)
        #expect(settings.engine.gateway == nil)
        let certificateNotices = settings.notices.filter { !$0.contains("IPv6 leak protection") }
        #expect(certificateNotices.count == 1 && certificateNotices[0].contains("`gatehouse run` creates them"))
        #expect(settings.secrets.count == 1)
        #expect(settings.pool?.description == "198.18.0.0/24" && settings.dataPlane.blockIPv6, "IPv4 pool, IPv6 refused")
        #expect(settings.leaseDatabase == copy.folder.appendingPathComponent("leases.sqlite").path)
        #expect(settings.engine.uniqueness == .replace && settings.engine.network.isFullTunnel)
        #expect(!FileManager.default.fileExists(atPath: copy.folder.appendingPathComponent("certs").path))
    }

    /// run on a fresh checkout: CA and certificate created and loaded, once.
    @Test func runCreatesTheQuickStartCertificatesOnce() throws {
        let copy = try QuickStartCopy()
        let first = try GatewaySettings.load(path: copy.config, createMissingCertificates: true)
        let gateway = try #require(first.engine.gateway)
        #expect(gateway.identity == .fqdn("vpn.example.com"))
        #expect(gateway.certificateChain.count == 1)
        #expect(gateway.authorityKeyHashes.count == 1 && gateway.authorityKeyHashes[0].count == 20, "the quick-start CA, for CERTREQ checks")
        let certificateNotices = first.notices.filter { !$0.contains("IPv6 leak protection") }
        #expect(certificateNotices.count == 1 && certificateNotices[0].contains("issued by a new CA"))
        #expect(first.warnings.isEmpty)
        let second = try GatewaySettings.load(path: copy.config, createMissingCertificates: true)
        #expect(second.notices.allSatisfy { $0.contains("IPv6 leak protection") }, "nothing created the second time")
        #expect(second.engine.gateway?.certificateChain == gateway.certificateChain)
    }

    /// A certificate that does not name the identity starts, with the
    /// warning Windows users would otherwise meet as error 13801.
    @Test func identityOutsideTheCertificateWarns() throws {
        let copy = try QuickStartCopy()
        _ = try GatewaySettings.load(path: copy.config, createMissingCertificates: true)
        let text = try String(contentsOfFile: copy.config, encoding: .utf8).replacingOccurrences(of: "identity: vpn.example.com",
                                                                                                 with: "identity: 192.0.2.1")
        try text.write(toFile: copy.config, atomically: true, encoding: .utf8)
        let settings = try GatewaySettings.load(path: copy.config, createMissingCertificates: true)
        #expect(settings.engine.gateway?.identity == .ipv4(IPv4Address("192.0.2.1")!))
        #expect(settings.warnings.count == 1 && settings.warnings[0].contains("13801"))
    }

    @Test func keyOfAnotherCertificateIsAnError() throws {
        let copy = try QuickStartCopy(replacing: [("private-key: certs/gateway.key", "private-key: certs/ca.key")])
        // The CA's key exists once the quick start has run with the right key.
        let good = try QuickStartCopy()
        _ = try GatewaySettings.load(path: good.config, createMissingCertificates: true)
        try FileManager.default.copyItem(at: good.folder.appendingPathComponent("certs"), to: copy.folder.appendingPathComponent("certs"))
        let errors = try #require(throws: ConfigurationErrors.self) {
            try GatewaySettings.load(path: copy.config, createMissingCertificates: true)
        }
        #expect(errors.errors.count == 1)
        #expect(errors.errors.first?.keyPath == "gateway")
        #expect(errors.errors.first?.message.contains("does not belong to the certificate") == true)
    }

    @Test func dualStackPoolsAndSplitTunnel() throws {
        let copy = try QuickStartCopy(replacing: [
            ("  # ipv6: 2001:db8:ffff::/64", "  ipv6: 2001:db8:ffff::/64"),
            ("  # split-tunnel: [203.0.113.0/24, 2001:db8:1::/48]", "  split-tunnel: [203.0.113.0/24, 2001:db8:1::/48]"),
            ("  uniqueness: replace", "  uniqueness: keep"),
        ])
        let settings = try GatewaySettings.load(path: copy.config)
        #expect(settings.pool6?.description == "2001:db8:ffff::/64")
        #expect(settings.engine.network.protectedSubnets.map(\.description) == ["203.0.113.0/24"])
        #expect(settings.engine.network.protectedSubnets6.map(\.description) == ["2001:db8:1::/48"])
        #expect(settings.engine.uniqueness == .keep)
    }

    /// The data plane's settings, and the DHCPINFORM answer built from the
    /// network section: routes of the IPv4 split tunnel via the pool's
    /// first host, DNS, domain.
    @Test func dataPlaneAndDHCP() throws {
        let copy = try QuickStartCopy(replacing: [
            ("  # split-tunnel: [203.0.113.0/24, 2001:db8:1::/48]", "  split-tunnel: [203.0.113.0/24, 2001:db8:1::/48]"),
            ("  # domain: corp.example.com", "  domain: corp.example.com"),
            ("  backend: auto", "  backend: userspace"),
            ("  mtu: 1400", "  mtu: 1380"),
            ("  masquerade: false", "  masquerade: true"),
            ("    hard-time: 150m ", "    hard-time: 8h "),
            ("    # hard-bytes: 100000000000", "    hard-bytes: 100000000000"),
        ])
        let settings = try GatewaySettings.load(path: copy.config)
        #expect(settings.dataPlane.backend == .userspace && settings.dataPlane.mtu == 1380 && settings.dataPlane.masquerade)
        #expect(settings.dataPlane.lifetime.hardTime == .seconds(8 * 3600) && settings.dataPlane.lifetime.hardBytes == 100_000_000_000)
        let dhcp = try #require(settings.dhcp)
        #expect(dhcp.serverIdentifier == IPv4Address(198, 18, 0, 1))
        #expect(dhcp.routes.map(\.description) == ["203.0.113.0/24 via 198.18.0.1"])
        #expect(dhcp.dnsServers == [IPv4Address(203, 0, 113, 53)] && dhcp.domainName == "corp.example.com")

        let off = try QuickStartCopy(replacing: [("  dhcp: true", "  dhcp: false")])
        #expect(try GatewaySettings.load(path: off.config).dhcp == nil)
    }

    /// auto: on for the example's full tunnel, with a unique local /64
    /// derived from the identity (the same on every start); off for a split
    /// tunnel or when asked; an explicit prefix is used as given.
    @Test func ipv6LeakProtectionMakesASinkPool() throws {
        let example = try QuickStartCopy(), again = try QuickStartCopy()
        let automatic = try GatewaySettings.load(path: example.config)
        let sink = try #require(automatic.pool6)
        #expect(sink.prefixLength == 64 && sink.network.description.hasPrefix("fd"))
        #expect(sink == (try GatewaySettings.load(path: again.config)).pool6, "stable across starts")
        #expect(automatic.engine.network.blockIPv6 && automatic.dataPlane.blockIPv6)
        #expect(automatic.notices.contains { $0.contains("IPv6 leak protection") })

        let split = try QuickStartCopy(replacing: [("  # split-tunnel: [203.0.113.0/24, 2001:db8:1::/48]", "  split-tunnel: [203.0.113.0/24]")])
        #expect(try GatewaySettings.load(path: split.config).pool6 == nil)
        let off = try QuickStartCopy(replacing: [("  ipv6-leak-protection: auto", "  ipv6-leak-protection: off")])
        #expect(try GatewaySettings.load(path: off.config).dataPlane.blockIPv6 == false)

        let explicit = try QuickStartCopy(replacing: [("  ipv6-leak-protection: auto", "  ipv6-leak-protection: 2001:db8:ffff:fffe::/64")])
        let settings = try GatewaySettings.load(path: explicit.config)
        #expect(settings.pool6?.description == "2001:db8:ffff:fffe::/64")
        #expect(settings.engine.network.blockIPv6 && settings.dataPlane.blockIPv6)

        let both = try QuickStartCopy(replacing: [
            ("  ipv6-leak-protection: auto", "  ipv6-leak-protection: 2001:db8:ffff:fffe::/64"),
            ("  # ipv6: 2001:db8:ffff::/64", "  ipv6: 2001:db8:ffff::/64"),
        ])
        let errors = try #require(throws: ConfigurationErrors.self) { try GatewaySettings.load(path: both.config) }
        #expect(errors.errors.map(\.keyPath) == ["network.ipv6-leak-protection"])
    }

    /// Rekey jitter: parsed next to soft-time (each SA asks for its rekey up
    /// to that much earlier); at least as long as soft-time, or without
    /// one, it is refused at its line.
    @Test func lifetimeJitter() throws {
        /// The example with another soft time and jitter (nil: none set).
        func lifetime(soft: String, jitter: String?) throws -> QuickStartCopy {
            try QuickStartCopy(replacing: [("    soft-time: 2h ", "    soft-time: \(soft) "),
                                           ("    jitter: 12m ", jitter.map { "    jitter: \($0) " } ?? "    # jitter: 12m ")])
        }
        let example = try QuickStartCopy(), implicitCopy = try lifetime(soft: "1h", jitter: nil)
        let explicit = try GatewaySettings.load(path: example.config)
        #expect(explicit.dataPlane.lifetime.softTime == .seconds(7200) && explicit.dataPlane.lifetime.jitter == .seconds(720))
        #expect(explicit.dataPlane.lifetime.hardTime == .seconds(150 * 60))
        let implicit = try GatewaySettings.load(path: implicitCopy.config)
        #expect(implicit.dataPlane.lifetime.softTime == .seconds(3600) && implicit.dataPlane.lifetime.jitter == nil, "unset: a tenth of soft-time applies")

        for (soft, jitter, reason) in [("1h", "1h", "shorter than soft-time (1h)"), ("10m", "2h", "shorter than soft-time (10m)"),
                                       ("off", "5m", "soft-time, which is not set"), ("1h", "soon", "expected a duration")] {
            let copy = try lifetime(soft: soft, jitter: jitter)
            let errors = try #require(throws: ConfigurationErrors.self) { try GatewaySettings.load(path: copy.config) }
            #expect(errors.errors.map(\.keyPath) == ["data-plane.lifetime.jitter"], "\(errors)")
            #expect(errors.errors.first?.message.contains(reason) == true, "\(errors)")
            let text = try String(contentsOfFile: copy.config, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
            #expect(errors.errors.first?.line == text.firstIndex { $0.hasPrefix("    jitter:") }.map { $0 + 1 })
        }
    }

    @Test func dataPlaneMistakesAreLocated() throws {
        let copy = try QuickStartCopy(replacing: [
            ("  backend: auto", "  backend: kernel"),
            ("  mtu: 1400", "  mtu: 100"),
            ("  interface: gh0", "  interface: a-name-far-too-long"),
        ])
        let errors = try #require(throws: ConfigurationErrors.self) { try GatewaySettings.load(path: copy.config) }
        #expect(Set(errors.errors.map(\.keyPath)) == ["data-plane.backend", "data-plane.mtu", "data-plane.interface"], "\(errors)")
    }

    @Test func lifetimesAreReadAndCheckedWithTheirLines() throws {
        let original = try QuickStartCopy()
        let example = try GatewaySettings.load(path: original.config)
        #expect(example.engine.lifecycle == LifecyclePolicy(), "the example shows the defaults")
        #expect(example.engine.retransmission.maximumTransmissions == 6)
        let copy = try QuickStartCopy(replacing: [
            ("  ike-rekey: 4h ", "  ike-rekey: off "), ("  jitter: 10% ", "  jitter: 25% "), ("  dpd: 30s ", "  dpd: 10s "),
            ("  mobike: true ", "  mobike: false "), ("    tries: 6 ", "    tries: 3 "), ("    backoff: 1.8 ", "    backoff: 2 "),
        ])
        let settings = try GatewaySettings.load(path: copy.config)
        #expect(settings.engine.lifecycle.ikeRekeyTime == nil && settings.engine.lifecycle.rekeyJitter == 0.25)
        #expect(settings.engine.lifecycle.livenessInterval == .seconds(10) && !settings.engine.lifecycle.mobike)
        #expect(settings.engine.retransmission.maximumTransmissions == 3 && settings.engine.retransmission.backoff == 2)
        let wrong = try QuickStartCopy(replacing: [
            ("  ike-rekey: 4h ", "  ike-rekey: 5s "), ("  jitter: 10% ", "  jitter: 60% "), ("  dpd: 30s ", "  dpd: soon "),
            ("    backoff: 1.8 ", "    backoff: 9 "),
        ])
        let errors = try #require(throws: ConfigurationErrors.self) { try GatewaySettings.load(path: wrong.config) }
        #expect(Set(errors.errors.map(\.keyPath)) == ["lifetimes.ike-rekey", "lifetimes.jitter", "lifetimes.dpd", "lifetimes.retransmit.backoff"],
                "\(errors)")
        #expect(errors.errors.allSatisfy { $0.line != nil })
    }

    @Test func aPoolIsRequired() throws {
        let copy = try QuickStartCopy(replacing: [("  ipv4: 198.18.0.0/24", "  # no ipv4")])
        let errors = try #require(throws: ConfigurationErrors.self) { try GatewaySettings.load(path: copy.config) }
        #expect(errors.errors.map(\.keyPath) == ["pool"])
    }

    /// Every mistake is reported at once, each with its line and key.
    @Test func everyErrorIsLocated() throws {
        let copy = try QuickStartCopy(replacing: [
            ("  ipv4: 198.18.0.0/24", "  ipv4: 198.18.0.0/33"),
            ("  profile: default", "  profile: lenient"),
            ("  half-open-per-source: 10", "  half-open-per-source: 0"),
            ("log-level: info", "log-level: info\nlisten-typo: 1"),
            ("  uniqueness: replace", "  uniqueness: sometimes"),
            ("  # split-tunnel: [203.0.113.0/24, 2001:db8:1::/48]", "  split-tunnel: [203.0.113.0/24, 2001:db8:1::/48, 2001:db8::/200]"),
        ])
        let errors = try #require(throws: ConfigurationErrors.self) { try GatewaySettings.load(path: copy.config) }
        let text = try String(contentsOfFile: copy.config, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        func line(of fragment: String) -> Int? { text.firstIndex { $0.contains(fragment) }.map { $0 + 1 } }
        let located = errors.errors.map { "\($0.line ?? 0) \($0.keyPath)" }
        #expect(located.sorted() == [
            "\(line(of: "198.18.0.0/33")!) pool.ipv4",
            "\(line(of: "lenient")!) proposals.profile",
            "\(line(of: "half-open-per-source: 0")!) limits.half-open-per-source",
            "\(line(of: "listen-typo")!) listen-typo",
            "\(line(of: "sometimes")!) authentication.uniqueness",
            "\(line(of: "2001:db8::/200")!) network.split-tunnel.2",
        ].sorted(), "\(errors)")
    }
}

/// `authentication.certificates`: certificate clients beside EAP users.
@Suite struct ClientCertificateSettingsTests {
    static let section = """
          certificates:
            authorities: [certs/ca.pem]
            require-client-auth: false
            rules:
              - subject: "CN=*.corp.example.com"
              - san: "kiosk*"
                action: deny
        """

    @Test func certificateClientsAreConfiguredWithTheCAsHashForCERTREQ() throws {
        let copy = try GatewaySettingsTests.QuickStartCopy(replacing: [("  uniqueness: replace\n", "  uniqueness: replace\n" + Self.section + "\n")])
        let settings = try GatewaySettings.load(path: copy.config, createMissingCertificates: true)
        let verifier = try #require(settings.clientCertificates)
        #expect(verifier.settings.authorities.count == 1)
        #expect(verifier.settings.requireClientAuthentication == false)
        #expect(verifier.settings.rules.map(\.description) == ["allow subject CN=*.corp.example.com", "deny san kiosk*"])
        #expect(settings.engine.clientCertificates?.authorityKeyHashes == verifier.authorityKeyHashes)
        #expect(settings.engine.clientCertificates?.authorityKeyHashes.first?.count == 20)
        #expect(settings.secrets.count == 1, "EAP users stay")
    }

    @Test func aCertificateOnlyGatewayNeedsNoSecretsFile() throws {
        let copy = try GatewaySettingsTests.QuickStartCopy(replacing: [
            ("  secrets: secrets.yaml                 # users with passwords or NT hashes\n", ""),
            ("  uniqueness: replace\n", "  uniqueness: replace\n" + Self.section + "\n"),
        ])
        let settings = try GatewaySettings.load(path: copy.config, createMissingCertificates: true)
        #expect(settings.secrets.count == 0 && settings.clientCertificates != nil)
        // Without certificates the secrets file stays required.
        let eapOnly = try GatewaySettingsTests.QuickStartCopy(replacing: [("  secrets: secrets.yaml                 # users with passwords or NT hashes\n", "")])
        #expect(throws: ConfigurationErrors.self) { try GatewaySettings.load(path: eapOnly.config) }
    }

    @Test func namedPoolsAreReadAndRulesMayOnlyNameThem() throws {
        let copy = try GatewaySettingsTests.QuickStartCopy(replacing: [
            ("  ipv4: 198.18.0.0/24                   # virtual addresses for clients\n",
             "  ipv4: 198.18.0.0/24\n  named:\n    machines: {ipv4: 198.18.1.0/24, ipv6: 2001:db8:ffff:1::/64}\n"),
            ("  uniqueness: replace\n", "  uniqueness: replace\n" + Self.section.replacingOccurrences(of: "action: deny", with: "pool: machines") + "\n"),
        ])
        let settings = try GatewaySettings.load(path: copy.config, createMissingCertificates: true)
        #expect(settings.namedPools.keys.sorted() == ["machines"])
        #expect(settings.namedPools["machines"]?.ipv4?.description == "198.18.1.0/24")
        #expect(settings.namedPools["machines"]?.ipv6?.description == "2001:db8:ffff:1::/64")
        #expect(settings.clientCertificates?.settings.rules.last?.pool == "machines")

        let wrong = try GatewaySettingsTests.QuickStartCopy(replacing: [
            ("  ipv4: 198.18.0.0/24                   # virtual addresses for clients\n",
             "  ipv4: 198.18.0.0/24\n  named:\n    inside: {ipv4: 198.18.0.128/25}\n    empty: {}\n"),
            ("  uniqueness: replace\n", "  uniqueness: replace\n" + Self.section.replacingOccurrences(of: "action: deny", with: "pool: elsewhere") + "\n"),
        ])
        do {
            _ = try GatewaySettings.load(path: wrong.config, createMissingCertificates: true)
            Issue.record("loaded")
        } catch {
            for expected in ["198.18.0.128/25 overlaps the main pool", "pool.named.empty", "a pool under pool.named"] {
                #expect(error.description.contains(expected), "\(expected) in \(error.description)")
            }
        }
    }

    @Test func unreadableAuthoritiesCRLsAndRulesAreLocated() throws {
        let copy = try GatewaySettingsTests.QuickStartCopy(replacing: [("  uniqueness: replace\n", """
              uniqueness: replace
              certificates:
                authorities: [missing.pem]
                crls: [secrets.yaml]
                minimum-rsa-bits: 1024
                rules:
                  - {}

            """)])
        do {
            _ = try GatewaySettings.load(path: copy.config, createMissingCertificates: true)
            Issue.record("loaded")
        } catch {
            let text = error.description
            for expected in ["authentication.certificates.authorities", "missing.pem", "cannot read the CRL", "minimum-rsa-bits",
                             "a rule needs subject, san or action"] {
                #expect(text.contains(expected), "\(expected) in \(text)")
            }
        }
    }
}
