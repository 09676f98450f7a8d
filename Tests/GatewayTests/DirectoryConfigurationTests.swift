import ConfigFile
import Directory
import Foundation
import IKECrypto
import IKEWire
import Testing
@testable import Gateway

/// `authentication.directory` and `authentication.chain` in the
/// configuration file (DirectorySettings).
@Suite struct DirectoryConfigurationTests {
    typealias Copy = GatewaySettingsTests.QuickStartCopy

    static let secretsLine = "  secrets: secrets.yaml                 # users with passwords or NT hashes\n"

    static let directory = """
      directory:
        uri: ldap://ldap1.corp.example ldap://ldap2.corp.example:3389
        start-tls: true
        ca-certificate: ldap-ca.pem
        verify-certificate: true
        connect-timeout: 1500ms
        timeout: 4s
        base-dn: dc=corp,dc=example
        bind-dn: cn=vpn-svc,ou=services,dc=corp,dc=example
        bind-password-file: ldap-password
        user-filter: "(&(objectClass=user)(sAMAccountName={user}))"
        nt-hash-attribute: sambaNTPassword
        required-group: cn=vpnusers,ou=groups,dc=corp,dc=example
        group-membership: nested-member-of
        groups:
          - {dn: "cn=contractors,ou=groups,dc=corp,dc=example", pool: machines, allowed: [203.0.113.0/25, 2001:db8:1::/48]}
          - {dn: "cn=staff,ou=groups,dc=corp,dc=example", pool: machines}
        connections: 8
        breaker: 45s

    """

    /// The example configuration with `authentication` holding `section`
    /// (the directory, and the secrets line if kept), pool.named machines,
    /// the CA file and the password file.
    static func copy(_ section: String = "  secrets: secrets.yaml\n" + directory, password: String = "svc-pw\n",
                     secrets: String? = nil) throws -> Copy {
        let copy = try Copy(replacing: [
            (secretsLine, section),
            ("  # named:                              # pools that authorisation assigns (certificate rules' pool)\n"
             + "  #   machines: {ipv4: 198.18.4.0/24}", "  named:\n    machines: {ipv4: 198.18.4.0/24}"),
        ])
        try "-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n"
            .write(to: copy.folder.appendingPathComponent("ldap-ca.pem"), atomically: true, encoding: .utf8)
        try password.write(to: copy.folder.appendingPathComponent("ldap-password"), atomically: true, encoding: .utf8)
        if let secrets {
            try secrets.write(to: copy.folder.appendingPathComponent("secrets.yaml"), atomically: true, encoding: .utf8)
        }
        return copy
    }

    static let contractors = "cn=contractors,ou=groups,dc=corp,dc=example"
    static let staff = "cn=staff,ou=groups,dc=corp,dc=example"

    @Test func aFullDirectorySectionIsRead() throws {
        let copy = try Self.copy()
        let settings = try GatewaySettings.load(path: copy.config)
        let directory = try #require(settings.directory)
        let configuration = directory.configuration
        let connection = configuration.connection
        #expect(connection.uri == "ldap://ldap1.corp.example ldap://ldap2.corp.example:3389")
        #expect(connection.startTLS && connection.requireCertificate)
        #expect(connection.caFile == copy.folder.appendingPathComponent("ldap-ca.pem").path, "relative to the configuration file")
        #expect(connection.networkTimeout == .milliseconds(1500) && connection.operationTimeout == .seconds(4))
        #expect(configuration.baseDN == "dc=corp,dc=example")
        #expect(configuration.bindDN == "cn=vpn-svc,ou=services,dc=corp,dc=example")
        #expect(configuration.bindPassword == SecretBytes(Array("svc-pw".utf8)), "the file's trailing newline is not the password's")
        #expect(configuration.userFilter.template == "(&(objectClass=user)(sAMAccountName={user}))")
        #expect(configuration.userFilter.filter(for: "*)(uid=*") == #"(&(objectClass=user)(sAMAccountName=\2a\29\28uid=\2a))"#)
        #expect(configuration.hashAttribute == "sambaNTPassword")
        #expect(configuration.requiredGroup == .nestedMemberOf(groupDN: "cn=vpnusers,ou=groups,dc=corp,dc=example"))
        #expect(configuration.groups == [
            GroupMapping(membership: .nestedMemberOf(groupDN: Self.contractors), pool: "machines", policy: "group \(Self.contractors)"),
            GroupMapping(membership: .nestedMemberOf(groupDN: Self.staff), pool: "machines", policy: nil),
        ])
        let policy = try #require(settings.engine.userPolicies["group \(Self.contractors)"])
        #expect(policy.allowedSubnets.map(\.description) == ["203.0.113.0/25"])
        #expect(policy.allowedSubnets6.map(\.description) == ["2001:db8:1::/48"])
        #expect(settings.engine.userPolicies["group \(Self.staff)"] == nil, "a pool alone makes no policy")
        #expect(configuration.poolSize == 8)
        #expect(directory.breakerTime == .seconds(45))
        #expect(directory.chain == [.directory, .secrets], "the default with a secrets file")
        #expect(settings.secrets.count == 1, "the fallback's users")
        #expect(settings.warnings.allSatisfy { !$0.contains("directory") }, "\(settings.warnings)")
    }

    @Test func defaultsAndTheChainWithoutASecretsFile() throws {
        let minimal = """
          directory:
            uri: ldaps://ldap.corp.example
            base-dn: dc=corp,dc=example
            bind-dn: cn=vpn-svc,ou=services,dc=corp,dc=example
            bind-password-env: GATEHOUSE_TEST_LDAP_PASSWORD

        """
        let copy = try Self.copy(minimal)
        let settings = try GatewaySettings.load(path: copy.config, environment: ["GATEHOUSE_TEST_LDAP_PASSWORD": "env-pw"])
        let directory = try #require(settings.directory)
        #expect(directory.chain == [.directory], "no secrets file: the directory alone")
        #expect(settings.secrets.count == 0, "no secrets file needed with a directory")
        let configuration = directory.configuration
        #expect(configuration.connection.uri == "ldaps://ldap.corp.example")
        #expect(configuration.connection.startTLS && configuration.connection.requireCertificate && configuration.connection.caFile == nil)
        #expect(configuration.connection.networkTimeout == .seconds(3) && configuration.connection.operationTimeout == .seconds(5))
        #expect(configuration.bindPassword == SecretBytes(Array("env-pw".utf8)))
        #expect(configuration.userFilter.template == "(uid={user})")
        #expect(configuration.hashAttribute == "sambaNTPassword")
        #expect(configuration.requiredGroup == nil && configuration.groups.isEmpty)
        #expect(configuration.poolSize == 4 && directory.breakerTime == .seconds(30))
        #expect(settings.warnings.allSatisfy { !$0.contains("directory") }, "ldaps:// needs no StartTLS: \(settings.warnings)")

        let alone = try Self.copy("  secrets: secrets.yaml\n  chain: [directory]\n" + Self.directory)
        #expect(try GatewaySettings.load(path: alone.config).directory?.chain == [.directory])
    }

    static let vpnusers = "cn=vpnusers,ou=groups,dc=corp,dc=example"

    /// Each group-membership kind, for the required group and the mappings alike.
    @Test(arguments: [
        ("member-of", [GroupRequirement.memberOf(groupDN: DirectoryConfigurationTests.vpnusers),
                       .memberOf(groupDN: DirectoryConfigurationTests.contractors)]),
        ("nested-member-of", [.nestedMemberOf(groupDN: DirectoryConfigurationTests.vpnusers),
                              .nestedMemberOf(groupDN: DirectoryConfigurationTests.contractors)]),
        ("member", [.member(groupDN: DirectoryConfigurationTests.vpnusers), .member(groupDN: DirectoryConfigurationTests.contractors)]),
        ("member-uid", [.memberUid(groupDN: DirectoryConfigurationTests.vpnusers),
                        .memberUid(groupDN: DirectoryConfigurationTests.contractors)]),
    ])
    func groupMembershipKinds(_ kind: String, _ expected: [GroupRequirement]) throws {
        let copy = try Self.copy("  secrets: secrets.yaml\n"
                                 + Self.directory.replacingOccurrences(of: "group-membership: nested-member-of", with: "group-membership: \(kind)"))
        let configuration = try #require(try GatewaySettings.load(path: copy.config).directory?.configuration)
        #expect([configuration.requiredGroup, configuration.groups.first?.membership] == expected.map(Optional.some))
    }

    @Test func memberOfIsTheDefaultMembership() throws {
        let copy = try Self.copy("  secrets: secrets.yaml\n"
                                 + Self.directory.replacingOccurrences(of: "    group-membership: nested-member-of\n", with: ""))
        let configuration = try #require(try GatewaySettings.load(path: copy.config).directory?.configuration)
        #expect(configuration.requiredGroup == .memberOf(groupDN: "cn=vpnusers,ou=groups,dc=corp,dc=example"))
    }

    /// StartTLS off on ldap:// and certificate checks off load, with warnings.
    @Test func insecureTransportWarns() throws {
        let copy = try Self.copy("  secrets: secrets.yaml\n" + Self.directory
            .replacingOccurrences(of: "start-tls: true", with: "start-tls: false")
            .replacingOccurrences(of: "verify-certificate: true", with: "verify-certificate: false"))
        let settings = try GatewaySettings.load(path: copy.config)
        #expect(settings.directory?.configuration.connection.startTLS == false)
        #expect(settings.directory?.configuration.connection.requireCertificate == false)
        let warnings = settings.warnings.filter { $0.contains("authentication.directory") }
        #expect(warnings.count == 2, "\(settings.warnings)")
        #expect(warnings.contains { $0.contains("start-tls is off on ldap://ldap1.corp.example") && $0.contains("in clear") })
        #expect(warnings.contains { $0.contains("verify-certificate is off") })
        // On ldaps://, start-tls does not matter.
        let ldaps = try Self.copy("  secrets: secrets.yaml\n" + Self.directory
            .replacingOccurrences(of: "uri: ldap://ldap1.corp.example ldap://ldap2.corp.example:3389", with: "uri: ldaps://ldap1.corp.example")
            .replacingOccurrences(of: "start-tls: true", with: "start-tls: false"))
        #expect(try GatewaySettings.load(path: ldaps.config).warnings.allSatisfy { !$0.contains("directory") })
    }

    // MARK: - Errors

    /// The errors loading `copy` gives, as "LINE KEYPATH: MESSAGE", with the
    /// line of the first line of the file containing `fragment` in `lines`.
    struct Located: CustomStringConvertible {
        let errors: [ConfigurationError]
        let text: [Substring]

        init(_ copy: Copy, environment: [String: String] = [:]) throws {
            do {
                _ = try GatewaySettings.load(path: copy.config, environment: environment)
                errors = []
            } catch {
                errors = error.errors
            }
            text = try String(contentsOfFile: copy.config, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        }

        func line(of fragment: String) -> Int? { text.firstIndex { $0.contains(fragment) }.map { $0 + 1 } }

        /// Whether an error is on the line holding `fragment`, at `keyPath`, with `message` in it.
        func has(line fragment: String, _ keyPath: String, _ message: String) -> Bool {
            guard let line = line(of: fragment) else { return false }
            return errors.contains { $0.line == line && $0.keyPath == keyPath && $0.message.contains(message) }
        }

        /// Whether an error about the directory section itself is there:
        /// located on the section's first line, below `directory:`.
        func hasOnSection(_ keyPath: String, _ message: String) -> Bool {
            guard let line = line(of: "  directory:") else { return false }
            return errors.contains { $0.line == line + 1 && $0.keyPath == keyPath && $0.message.contains(message) }
        }

        var description: String { errors.map(\.description).joined(separator: "\n") }
    }

    static func without(_ key: String) -> String {
        "  secrets: secrets.yaml\n" + directory.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.hasPrefix("    \(key):") }.joined(separator: "\n")
    }

    @Test func missingKeysAreErrorsOnTheSection() throws {
        for key in ["uri", "base-dn", "bind-dn"] {
            let located = try Located(try Self.copy(Self.without(key)))
            #expect(located.hasOnSection("authentication.directory", "missing required key '\(key)'"), "\(key): \(located.description)")
            #expect(located.errors.count == 1, "\(located.description)")
        }
        // All at once: reading does not stop at the first.
        let several = try Located(try Self.copy("  secrets: secrets.yaml\n  directory:\n    bind-password-file: ldap-password\n"))
        for key in ["uri", "base-dn", "bind-dn"] {
            #expect(several.hasOnSection("authentication.directory", "missing required key '\(key)'"), "\(key): \(several.description)")
        }
        let noPassword = try Located(try Self.copy(Self.without("bind-password-file")))
        #expect(noPassword.hasOnSection("authentication.directory",
                               "give the service account's password: bind-password-file, bind-password-env, bind-password"),
                "\(noPassword.description)")
        let twoPasswords = try Located(try Self.copy(Self.directory.replacingOccurrences(
            of: "bind-password-file: ldap-password", with: "bind-password-file: ldap-password\n    bind-password: inline")))
        #expect(twoPasswords.hasOnSection("authentication.directory", "give one of bind-password-file, bind-password"),
                "\(twoPasswords.description)")
        let unsetEnvironment = try Located(try Self.copy(Self.directory.replacingOccurrences(
            of: "bind-password-file: ldap-password", with: "bind-password-env: GATEHOUSE_TEST_UNSET")))
        #expect(unsetEnvironment.has(line: "bind-password-env:", "authentication.directory.bind-password-env",
                                     "GATEHOUSE_TEST_UNSET is not set"), "\(unsetEnvironment.description)")
        let missingFile = try Located(try Self.copy(Self.directory.replacingOccurrences(
            of: "bind-password-file: ldap-password", with: "bind-password-file: nowhere")))
        #expect(missingFile.has(line: "bind-password-file:", "authentication.directory.bind-password-file", "cannot read"),
                "\(missingFile.description)")
    }

    /// An empty password would be an unauthenticated bind (RFC 4513 §5.1.2).
    @Test func anEmptyBindPasswordIsRefused() throws {
        let emptyFile = try Located(try Self.copy(password: "\n"))
        #expect(emptyFile.hasOnSection("authentication.directory", "the service account's password is empty"),
                "\(emptyFile.description)")
        let emptyInline = try Located(try Self.copy(Self.directory.replacingOccurrences(
            of: "bind-password-file: ldap-password", with: "bind-password: \"\"")))
        #expect(emptyInline.hasOnSection("authentication.directory", "the service account's password is empty"),
                "\(emptyInline.description)")
    }

    @Test func badValuesAreErrorsOnTheirLines() throws {
        let scheme = try Located(try Self.copy(Self.directory.replacingOccurrences(
            of: "uri: ldap://ldap1.corp.example ldap://ldap2.corp.example:3389", with: "uri: ldap://ldap1.corp.example http://ldap2.corp.example")))
        #expect(scheme.has(line: "http://ldap2", "authentication.directory.uri", "expected ldap:// or ldaps:// URLs"), "\(scheme.description)")

        let noPlaceholder = try Located(try Self.copy(Self.directory.replacingOccurrences(
            of: "user-filter: \"(&(objectClass=user)(sAMAccountName={user}))\"", with: "user-filter: \"(uid=alice)\"")))
        #expect(noPlaceholder.has(line: "(uid=alice)", "authentication.directory.user-filter", "an LDAP filter with {user}"),
                "\(noPlaceholder.description)")

        let kind = try Located(try Self.copy(Self.directory.replacingOccurrences(
            of: "group-membership: nested-member-of", with: "group-membership: member-off")))
        #expect(kind.has(line: "member-off", "authentication.directory.group-membership",
                         "member-of, nested-member-of, member or member-uid"), "\(kind.description)")

        let pool = try Located(try Self.copy(Self.directory.replacingOccurrences(
            of: "{dn: \"cn=staff,ou=groups,dc=corp,dc=example\", pool: machines}", with: "{dn: \"cn=staff,ou=groups,dc=corp,dc=example\", pool: nowhere}")))
        #expect(pool.has(line: "pool: nowhere", "authentication.directory.groups.1.pool", "a pool.named entry"), "\(pool.description)")

        let emptyGroup = try Located(try Self.copy(Self.directory.replacingOccurrences(
            of: "{dn: \"cn=staff,ou=groups,dc=corp,dc=example\", pool: machines}", with: "{dn: \"cn=staff,ou=groups,dc=corp,dc=example\"}")))
        #expect(emptyGroup.has(line: "cn=staff", "authentication.directory.groups.1", "give a pool, allowed subnets, or both"),
                "\(emptyGroup.description)")

        let unknownKey = try Located(try Self.copy(Self.directory.replacingOccurrences(of: "    breaker: 45s", with: "    breaker: 45s\n    tls: yes")))
        #expect(unknownKey.has(line: "    tls: yes", "authentication.directory.tls", "unknown key"), "\(unknownKey.description)")

        let missingCA = try Located(try Self.copy(Self.directory.replacingOccurrences(of: "ca-certificate: ldap-ca.pem", with: "ca-certificate: missing.pem")))
        #expect(missingCA.has(line: "missing.pem", "authentication.directory.ca-certificate", "cannot read"), "\(missingCA.description)")
    }

    @Test func chainMistakesAreErrorsOnTheChain() throws {
        let noSecrets = try Located(try Self.copy("  chain: [directory, secrets]\n" + Self.directory))
        #expect(noSecrets.has(line: "  chain:", "authentication.chain", "authentication.secrets is not given"), "\(noSecrets.description)")

        let twice = try Located(try Self.copy("  secrets: secrets.yaml\n  chain: [directory, secrets, directory]\n" + Self.directory))
        #expect(twice.has(line: "  chain:", "authentication.chain", "directory and then, optionally, secrets"), "\(twice.description)")
        // The secrets file always answers, so the directory would never be asked.
        let secretsFirst = try Located(try Self.copy("  secrets: secrets.yaml\n  chain: [secrets, directory]\n" + Self.directory))
        #expect(secretsFirst.has(line: "  chain:", "authentication.chain", "directory and then"), "\(secretsFirst.description)")

        let unknown = try Located(try Self.copy("  secrets: secrets.yaml\n  chain: [directory, radius]\n" + Self.directory))
        #expect(unknown.has(line: "  chain:", "authentication.chain.1", "directory or secrets"), "\(unknown.description)")

        let withoutDirectory = try Located(try Self.copy("  secrets: secrets.yaml\n  chain: [directory, secrets]\n"))
        #expect(withoutDirectory.has(line: "  chain:", "authentication.chain", "a chain needs authentication.directory"),
                "\(withoutDirectory.description)")
    }

    /// A chain must ask the configured directory: [secrets] alone would
    /// leave it unused without a word.
    @Test func aChainWithoutTheDirectoryIsAnError() throws {
        let secretsOnly = try Located(try Self.copy("  secrets: secrets.yaml\n  chain: [secrets]\n" + Self.directory))
        #expect(secretsOnly.has(line: "  chain:", "authentication.chain", "list directory and then"), "\(secretsOnly.description)")
    }

    /// An empty uri must not load as a gateway without its directory.
    @Test func anEmptyURIIsAnError() throws {
        let empty = try Located(try Self.copy(Self.directory.replacingOccurrences(
            of: "uri: ldap://ldap1.corp.example ldap://ldap2.corp.example:3389", with: "uri: \"\"")))
        #expect(empty.has(line: "uri: \"\"", "authentication.directory.uri", "ldap://"), "\(empty.description)")
    }

    @Test func radiusAndDirectoryTogetherAreAnError() throws {
        let radius = """
          radius:
            servers: [{address: 203.0.113.11, secret: inline-secret}]

        """
        let both = try Located(try Self.copy("  secrets: secrets.yaml\n" + radius + Self.directory))
        #expect(both.hasOnSection("authentication.directory", "give radius or directory, not both"), "\(both.description)")
    }

    /// The secrets file's users, the fallback, may only name pool.named pools.
    @Test func aSecretsEntryWithAnUnknownPoolIsAnError() throws {
        let secrets = """
        users:
          alice:
            password: alice-pw
            pool: nowhere
          bob:
            password: bob-pw
            pool: machines

        """
        let located = try Located(try Self.copy(secrets: secrets))
        let secretsPath = located.errors.first?.file ?? ""
        #expect(secretsPath.hasSuffix("secrets.yaml"), "\(located.description)")
        #expect(located.errors.count == 1 && located.errors[0].keyPath.hasPrefix("users")
                && located.errors[0].message.contains("pool 'nowhere' is not a pool.named entry"), "\(located.description)")
    }

    /// Active Directory: MS-CHAPv2 through ntlm_auth helpers, with their
    /// defaults, a command of one's own, and a program that is not there.
    @Test func ntlmAuthHelpersAreConfigured() throws {
        let withDefaults = try Self.copy("  secrets: secrets.yaml\n" + Self.directory + "    ntlm-auth:\n      domain: CORP\n")
        let directory = try #require(try GatewaySettings.load(path: withDefaults.config).directory)
        #expect(directory.ntlmAuth == NTLMAuthSettings())
        #expect(directory.ntlmAuth?.command == ["/usr/bin/ntlm_auth", "--helper-protocol=ntlm-server-1", "--allow-mschapv2"])
        #expect(directory.ntlmDomain == "CORP")

        let custom = try Self.copy("  secrets: secrets.yaml\n" + Self.directory + """
                ntlm-auth:
                  command: [/bin/sh, -c, "exec ntlm_auth --helper-protocol=ntlm-server-1 --allow-mschapv2"]
                  processes: 4
                  timeout: 2s

            """)
        let customDirectory = try #require(try GatewaySettings.load(path: custom.config).directory)
        #expect(customDirectory.ntlmAuth?.command.first == "/bin/sh" && customDirectory.ntlmAuth?.processes == 4)
        #expect(customDirectory.ntlmAuth?.timeout == .seconds(2) && customDirectory.ntlmDomain == nil)

        let missing = try Located(try Self.copy("  secrets: secrets.yaml\n" + Self.directory
                                                + "    ntlm-auth:\n      command: [/nonexistent/ntlm_auth]\n"))
        #expect(missing.has(line: "      command:", "authentication.directory.ntlm-auth.command", "not an executable"), "\(missing.description)")
    }

    /// A reload keeps directory settings that did not change equal, so the
    /// store, its connections and its helpers are kept.
    @Test func unchangedDirectorySettingsCompareEqual() throws {
        let copy = try Self.copy()
        let first = try GatewaySettings.load(path: copy.config).directory
        let second = try GatewaySettings.load(path: copy.config).directory
        #expect(first != nil && first == second)
        try "svc-pw-2\n".write(to: copy.folder.appendingPathComponent("ldap-password"), atomically: true, encoding: .utf8)
        let otherPassword = try GatewaySettings.load(path: copy.config).directory
        #expect(otherPassword != nil && first != otherPassword)
    }

    /// TLS is set up from the first URL for the whole list, so a mixed
    /// list is refused; a NetBIOS domain with line breaks or spaces too.
    @Test func mixedSchemesAndBadDomainsAreErrors() throws {
        let mixed = try Located(try Self.copy("  secrets: secrets.yaml\n" + Self.directory.replacingOccurrences(
            of: "uri: ldap://ldap1.corp.example ldap://ldap2.corp.example:3389", with: "uri: ldaps://ldap1.corp.example ldap://ldap2.corp.example")))
        #expect(mixed.has(line: "    uri:", "authentication.directory.uri", "either ldaps:// or ldap://"), "\(mixed.description)")
        let domain = try Located(try Self.copy("  secrets: secrets.yaml\n" + Self.directory + "    ntlm-auth:\n      domain: \"CORP X\"\n"))
        #expect(domain.has(line: "      domain:", "authentication.directory.ntlm-auth.domain", "NetBIOS domain"), "\(domain.description)")
    }
}
