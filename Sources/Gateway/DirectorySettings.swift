import ConfigFile
import Credentials
import Directory
import EAP
import Foundation
import IKECrypto
import IKEEngine

/// `authentication.directory`: users checked against LDAP or Active
/// Directory by the gateway itself, and how the directory and the secrets
/// file are chained.
///
///     authentication:
///       secrets: secrets.yaml              # the fallback when the directory is unreachable
///       chain: [directory, secrets]        # the default when both are given
///       directory:
///         uri: ldap://ldap1.corp.example ldap://ldap2.corp.example   # or ldaps://…
///         start-tls: true                  # on ldap:// (default); ignored on ldaps://
///         ca-certificate: ldap-ca.pem      # the CA the server's certificate must chain to
///         verify-certificate: true         # false is for labs only
///         connect-timeout: 3s
///         timeout: 5s                      # per operation
///         base-dn: dc=example,dc=com
///         bind-dn: cn=vpn-svc,ou=services,dc=example,dc=com
///         bind-password-file: ldap-password   # or bind-password-env / bind-password
///         user-filter: "(uid={user})"      # AD: "(sAMAccountName={user})"
///         nt-hash-attribute: sambaNTPassword
///         required-group: cn=vpnusers,ou=groups,dc=example,dc=com
///         group-membership: member-of      # member-of | nested-member-of (AD) | member | member-uid
///         groups:                          # first match: pool and allowed subnets
///           - {dn: "cn=contractors,ou=groups,dc=example,dc=com", pool: contractors, allowed: [203.0.113.0/25]}
///         connections: 4
///         breaker: 30s                     # an unreachable directory is skipped this long
///         ntlm-auth:                       # Active Directory: MS-CHAPv2 checked by the DC
///           domain: CORP                   # through winbind (the host is a domain member)
///           command: [/usr/bin/ntlm_auth, --helper-protocol=ntlm-server-1, --allow-mschapv2]
///           processes: 2
///           timeout: 5s
struct DirectorySettings: Sendable, Equatable {
    /// The store's configuration, without a pass-through (made from
    /// `ntlmAuth` when the store is built).
    var configuration: LDAPDirectoryConfiguration
    /// The `ntlm_auth` helpers that check MS-CHAPv2 (Active Directory);
    /// nil: the NT-hash attribute.
    var ntlmAuth: NTLMAuthSettings?
    /// The NetBIOS domain `ntlm_auth` is given; nil: its own.
    var ntlmDomain: String?
    /// How long an unreachable directory is skipped before one probe.
    var breakerTime: Duration
    /// The stores in the order they are asked.
    var chain: [CredentialSource]

    /// A store a chain may hold.
    enum CredentialSource: String, Sendable {
        case directory
        case secrets
    }

    static func parse(_ section: ConfigValue, chain chainValue: ConfigValue?, hasSecrets: Bool, pools: Set<String>,
                      resolve: (String) -> String, environment: [String: String],
                      policies: inout [String: UserPolicy], warnings: inout [String]) -> DirectorySettings? {
        section.allowKeys(Set(["uri", "start-tls", "ca-certificate", "verify-certificate", "connect-timeout", "timeout", "base-dn",
                           "bind-dn", "user-filter", "nt-hash-attribute", "required-group", "group-membership", "groups",
                           "connections", "breaker", "ntlm-auth"] + ConfiguredSecret.keys("bind-password")))
        let uri = section.required("uri")?.string
        // An empty list would leave the directory out without a word.
        if let uri, case let urls = uri.split(separator: " "),
           urls.isEmpty || !urls.allSatisfy({ $0.lowercased().hasPrefix("ldap://") || $0.lowercased().hasPrefix("ldaps://") }) {
            section["uri"]?.fail("expected ldap:// or ldaps:// URLs separated by spaces")
        } else if let uri, Set(uri.split(separator: " ").map { $0.lowercased().hasPrefix("ldaps://") }).count > 1 {
            // TLS is set up for the whole list from the first URL's scheme:
            // a mixed list would talk to some servers without it.
            section["uri"]?.fail("use either ldaps:// or ldap:// (with StartTLS) for every server, not both")
        }
        var connection = LDAPConnectionSettings(uri: uri ?? "")
        connection.startTLS = section["start-tls"]?.boolean ?? true
        connection.caFile = section["ca-certificate"]?.string.map(resolve)
        connection.requireCertificate = section["verify-certificate"]?.boolean ?? true
        connection.networkTimeout = section["connect-timeout"]?.duration ?? connection.networkTimeout
        connection.operationTimeout = section["timeout"]?.duration ?? connection.operationTimeout
        if let uri, !connection.startTLS, uri.lowercased().hasPrefix("ldap://") {
            warnings.append("authentication.directory: start-tls is off on \(uri): the service password, NT hashes and "
                            + "GTC passwords cross the network in clear")
        }
        if !connection.requireCertificate {
            warnings.append("authentication.directory: verify-certificate is off; anyone on the path can impersonate the directory")
        }
        if let path = connection.caFile, !FileManager.default.isReadableFile(atPath: path) {
            section["ca-certificate"]?.fail("cannot read \(path)")
        }
        let template: UserFilterTemplate? = section["user-filter"].map { value in
            value.parsed("an LDAP filter with {user}", { try? UserFilterTemplate($0) })
        } ?? (try? UserFilterTemplate("(uid={user})"))
        let membership = section["group-membership"]?.parsed("member-of, nested-member-of, member or member-uid",
                                                             { GroupKind(rawValue: $0) }) ?? .memberOf
        var groups: [GroupMapping] = []
        for entry in section["groups"]?.list ?? [] {
            entry.allowKeys(["dn", "pool", "allowed"])
            guard let dn = entry.required("dn")?.string else { continue }
            var mapping = GroupMapping(membership: membership.requirement(dn))
            if let pool = entry["pool"] {
                mapping.pool = pool.parsed("a pool.named entry (\(pools.sorted().joined(separator: ", ")))", { pools.contains($0) ? $0 : nil })
            }
            if let allowed = entry["allowed"] {
                let (ipv4, ipv6) = GatewaySettings.prefixes(allowed)
                if ipv4.isEmpty && ipv6.isEmpty {
                    allowed.fail("list at least one prefix the members of this group may reach")
                } else {
                    let name = "group \(dn)"
                    policies[name] = UserPolicy(allowedSubnets: ipv4, allowedSubnets6: ipv6)
                    mapping.policy = name
                }
            }
            if entry["pool"] == nil && entry["allowed"] == nil { entry.fail("give a pool, allowed subnets, or both") }
            groups.append(mapping)
        }
        var chain: [CredentialSource] = hasSecrets ? [.directory, .secrets] : [.directory]
        if let chainValue {
            let parsed = (chainValue.list ?? []).compactMap { $0.parsed("directory or secrets", { CredentialSource(rawValue: $0) }) }
            // The next store is asked only when the one before is
            // unreachable, and the secrets file always answers: a chain
            // that starts with it would never ask the directory.
            if parsed.first != .directory || Set(parsed).count != parsed.count {
                chainValue.fail("list directory and then, optionally, secrets: the secrets file answers when the directory cannot")
            } else if parsed.contains(.secrets) && !hasSecrets {
                chainValue.fail("the chain names secrets, but authentication.secrets is not given")
            } else {
                chain = parsed
            }
        }
        // Every required key is looked at, so all missing ones are reported at once.
        let baseDN = section.required("base-dn")?.string
        let bindDN = section.required("bind-dn")?.string
        let password = ConfiguredSecret.read(section, key: "bind-password", what: "the service account's password", resolve: resolve,
                                             environment: environment)
        guard let uri, !uri.isEmpty, let baseDN, let bindDN, let password, let template else {
            return nil
        }
        connection.uri = uri
        let configuration = LDAPDirectoryConfiguration(
            connection: connection, baseDN: baseDN, bindDN: bindDN, bindPassword: password, userFilter: template,
            hashAttribute: section["nt-hash-attribute"]?.string ?? "sambaNTPassword",
            requiredGroup: section["required-group"]?.string.map(membership.requirement), groups: groups,
            poolSize: section["connections"]?.integer(in: 1...64) ?? 4)
        var settings = DirectorySettings(configuration: configuration, breakerTime: section["breaker"]?.duration ?? .seconds(30), chain: chain)
        if let ntlm = section["ntlm-auth"] {
            ntlm.allowKeys(["command", "domain", "processes", "timeout"])
            var command = NTLMAuthSettings.defaultCommand
            if let value = ntlm["command"] {
                let parts = value.list?.compactMap(\.string) ?? []
                if parts.isEmpty { value.fail("give the helper's program and arguments as a list") } else { command = parts }
            }
            if command[0].contains("/"), !FileManager.default.isExecutableFile(atPath: command[0]) {
                (ntlm["command"] ?? ntlm).fail("\(command[0]) is not an executable (Debian: apt-get install winbind)")
            }
            settings.ntlmAuth = NTLMAuthSettings(command: command, processes: ntlm["processes"]?.integer(in: 1...64) ?? 2,
                                                 timeout: ntlm["timeout"]?.duration ?? .seconds(5))
            // A NetBIOS domain name: letters, digits and a few marks, at
            // most 15 characters (anything else would break ntlm_auth's
            // line protocol or never match).
            settings.ntlmDomain = ntlm["domain"]?.parsed("a NetBIOS domain name such as CORP", { name in
                name.count <= 15 && !name.isEmpty && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) }
                    ? name : nil
            })
        }
        return settings
    }

    /// `group-membership`: how membership of `required-group` and `groups` is read.
    enum GroupKind: String {
        case memberOf = "member-of"
        case nestedMemberOf = "nested-member-of"
        case member
        case memberUid = "member-uid"

        func requirement(_ dn: String) -> GroupRequirement {
            switch self {
            case .memberOf: .memberOf(groupDN: dn)
            case .nestedMemberOf: .nestedMemberOf(groupDN: dn)
            case .member: .member(groupDN: dn)
            case .memberUid: .memberUid(groupDN: dn)
            }
        }
    }
}

extension EAPMethodKind {
    /// The method as `authentication.eap-methods` names it.
    init?(configurationName name: String) {
        switch name.lowercased() {
        case "mschapv2", "eap-mschapv2": self = .mschapv2
        case "gtc", "eap-gtc": self = .gtc
        default: return nil
        }
    }
}
