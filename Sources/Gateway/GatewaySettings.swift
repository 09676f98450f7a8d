import ConfigFile
import Credentials
import DHCP
import DataPlane
import EAP
import Foundation
import IKECrypto
import IKEEngine
import IKEWire
import Logging
import PKI

/// The gateway's configuration file (DESIGN §4), read and checked.
///
///     gateway:
///       identity: vpn.example.com
///       certificate: certs/gateway.pem     # PEM chain, gateway certificate first
///       private-key: certs/gateway.key
///       create-if-missing: true            # quick start: issue a CA and this certificate
///       ca-certificate: certs/ca.pem       # where create-if-missing puts the CA
///     listen:
///       addresses: [192.0.2.1]             # default: every address of the host
///     proposals:
///       profile: default                   # or strict; ike:/esp: lists override
///     pool:
///       ipv4: 198.18.0.0/24
///       ipv6: 2001:db8:ffff::/64           # optional
///       leases: leases.sqlite              # optional: remembered addresses
///     network:
///       dns: [203.0.113.53]
///       split-tunnel: [203.0.113.0/24]     # absent: full tunnel
///       domain: corp.example.com           # DNS suffix (DHCP option 15)
///       search-domains: [corp.example.com] # DHCP option 119
///       ipv6-leak-protection: auto         # without pool.ipv6: refuse clients' IPv6 inside a full tunnel (off, or a prefix)
///     authentication:
///       secrets: secrets.yaml              # EAP users (optional with certificates only)
///       uniqueness: replace                # or keep, never
///       certificates:                      # clients with machine certificates; see ClientCertificateSettings
///         authorities: [certs/ca.pem]
///     data-plane:
///       backend: auto                      # xfrm if the kernel has ESP, else userspace; or xfrm, userspace, none
///       interface: gh0
///       mtu: 1400
///       masquerade: false                  # source NAT for the pools (nftables)
///       dhcp: true                         # answer Windows' DHCPINFORM with the routes
///
/// Relative paths are relative to the configuration file's folder.
public struct GatewaySettings: Sendable {
    /// The engine's configuration, gateway credentials included.
    public var engine: EngineConfiguration
    /// `gateway.identity`: the name clients dial.
    public var identity: String
    /// The CA clients must trust for the gateway certificate:
    /// `gateway.ca-certificate`, or ca.pem beside the certificate.
    public var authorityCertificateFile: String?
    /// Local addresses to listen on; empty means every address of the host.
    public var listenAddresses: [IPAddress]
    /// The IKE and NAT-T ports.
    public var ikePort: UInt16
    public var natTraversalPort: UInt16
    /// The virtual address pools: IPv4, IPv6 or both.
    public var pool: IPv4Subnet?
    public var pool6: IPv6Subnet?
    /// Pools that authorisation assigns by name.
    public var namedPools: [String: NamedPool] = [:]
    /// The SQLite file that remembers leases across restarts, if any.
    public var leaseDatabase: String?
    /// The secrets file, already read.
    public var secrets: LocalSecrets
    /// Checks certificate clients; nil when only EAP is configured.
    public var clientCertificates: ClientCertificateVerifier?
    /// Where EAP is relayed; nil: checked locally against the secrets file.
    var radius: RADIUSRelaySettings?
    /// Users checked against LDAP/AD, chained with the secrets file; nil:
    /// the secrets file alone (or RADIUS).
    var directory: DirectorySettings?
    /// The EAP methods checked locally or by the directory, offered in
    /// this order (`authentication.eap-methods`); the client may Nak the
    /// first for another one listed.
    public var eapMethods: [EAPMethodKind]
    /// Where accounting records go; nil: no accounting.
    var accounting: AccountingSettings?
    /// How user names are turned into look-up keys.
    public var normalizer: UserNameNormalizer
    /// How tunnel traffic is carried.
    public var dataPlane: DataPlaneSettings
    /// What the DHCPINFORM responder inside the tunnel answers (routes of
    /// the IPv4 split tunnel, DNS, NBNS, domain); nil when turned off or
    /// without an IPv4 pool.
    public var dhcp: DHCPInformConfiguration?
    /// The control socket's path.
    public var controlSocket: String
    /// Log level.
    public var logLevel: Logger.Level
    /// The files read, for `reload` and messages.
    public var configurationFile: String
    public var certificateFile: String
    public var secretsFile: String
    /// What the admin should know: files created, files still to create.
    public var notices: [String]
    /// What some clients will refuse, such as a certificate without a SAN
    /// DNS entry for the identity (Windows error 13801).
    public var warnings: [String]

    /// Reads and checks the configuration at `path` and the files it names.
    ///
    /// - Parameter createMissingCertificates: issue the quick-start CA and
    ///   gateway certificate when `create-if-missing` asks for them and the
    ///   files do not exist (`run` does; `check-config` only reports it).
    /// - Parameter environment: where `secret-env` finds RADIUS secrets.
    /// - Throws: ``ConfigurationErrors`` listing every problem with file,
    ///   line and key.
    public static func load(path: String, createMissingCertificates: Bool = false,
                            environment: [String: String] = ProcessInfo.processInfo.environment) throws(ConfigurationErrors) -> GatewaySettings {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ConfigurationErrors(errors: [ConfigurationError(file: path, line: nil, keyPath: "", message: "cannot read: \(error.localizedDescription)")])
        }
        return try parse(file: path, text: text, createMissingCertificates: createMissingCertificates, environment: environment)
    }

    /// Parses configuration text; paths inside resolve against `file`'s folder.
    public static func parse(file: String, text: String, createMissingCertificates: Bool = false,
                             environment: [String: String] = ProcessInfo.processInfo.environment) throws(ConfigurationErrors) -> GatewaySettings {
        let reader = ConfigReader(file: file, text: text, environment: environment)
        let folder = URL(fileURLWithPath: file).deletingLastPathComponent()
        func resolve(_ path: String) -> String {
            path.hasPrefix("/") ? path : folder.appendingPathComponent(path).path
        }
        var engine = EngineConfiguration()
        var listen: [IPAddress] = []
        var ikePort: UInt16 = 500, natPort: UInt16 = 4500
        var pool: IPv4Subnet?, pool6: IPv6Subnet?, leaseDatabase: String?, namedPools: [String: NamedPool] = [:]
        var secretsFile = "", certificateFile = "", authorityCertificateFile: String?
        var secrets: LocalSecrets?
        var clientCertificates: ClientCertificateVerifier?
        var normalizer = UserNameNormalizer()
        var controlSocket = "/run/gatehouse/control.sock"
        var dataPlane = DataPlaneSettings()
        var domain: String?, searchDomains: [String] = [], dhcpEnabled = true
        var leakProtection = IPv6LeakProtection.automatic, ipv6SinkValue: ConfigValue?, gatewayIdentity = "gatehouse"
        var dhcpLine: ConfigValue?
        var logLevel = Logger.Level.info
        var credentialErrors: [ConfigurationError] = []
        var radius: RADIUSRelaySettings?, accounting: AccountingSettings?, directory: DirectorySettings?
        var eapMethods: [EAPMethodKind] = [.mschapv2]
        var notices: [String] = [], warnings: [String] = []

        if let root = reader.root {
            root.allowKeys(["gateway", "listen", "proposals", "pool", "network", "authentication", "accounting", "limits",
                            "fragmentation", "lifetimes", "data-plane", "control", "log-level"])
            if let gateway = root.required("gateway") {
                gateway.allowKeys(["identity", "certificate", "private-key", "create-if-missing", "ca-certificate"])
                let identity = gateway.required("identity")?.string
                gatewayIdentity = identity ?? gatewayIdentity
                let certificate = gateway.required("certificate")?.string.map(resolve)
                let key = gateway.required("private-key")?.string.map(resolve)
                let create = gateway["create-if-missing"]?.boolean ?? false
                let authority = gateway["ca-certificate"]?.string.map(resolve)
                if let identity, let certificate, let key {
                    certificateFile = certificate
                    let authorityPath = authority ?? URL(fileURLWithPath: certificate).deletingLastPathComponent().appendingPathComponent("ca.pem").path
                    authorityCertificateFile = authorityPath
                    let quickStart = create ? QuickStartCertificates(
                        certificatePath: certificate, privateKeyPath: key, authorityCertificatePath: authorityPath, identity: identity) : nil
                    do {
                        let loaded = try GatewayCredentialsFile(identity: identity, certificatePath: certificate, privateKeyPath: key,
                                                                quickStart: quickStart, authorityPath: create || authority != nil ? authorityPath : nil)
                            .load(create: createMissingCertificates)
                        engine.gateway = loaded.credentials
                        notices += loaded.notices
                        warnings += loaded.warnings
                    } catch {
                        credentialErrors.append(ConfigurationError(file: file, line: gateway.line, keyPath: "gateway", message: "\(error)"))
                    }
                }
            }
            if let section = root["listen"] {
                section.allowKeys(["addresses", "ike-port", "nat-t-port"])
                listen = section["addresses"]?.list?.compactMap { $0.parsed("an IPv4 or IPv6 address", { IPAddress($0) }) } ?? []
                ikePort = section["ike-port"]?.integer(in: 1...65535).map(UInt16.init) ?? ikePort
                natPort = section["nat-t-port"]?.integer(in: 1...65535).map(UInt16.init) ?? natPort
            }
            if let section = root["proposals"] {
                section.allowKeys(["profile", "ike", "esp"])
                if let profile = section["profile"]?.parsed("default or strict", { ["default", "strict"].contains($0) ? $0 : nil }),
                   profile == "strict" {
                    engine.ikeProposals = DefaultProposals.strictIKE
                    engine.espProposals = DefaultProposals.strictESP
                }
                if let ike = section["ike"]?.list {
                    engine.ikeProposals = ike.compactMap { value in value.string.flatMap { text in proposal(text, value, IKEProposalPolicy.init) } }
                }
                if let esp = section["esp"]?.list {
                    engine.espProposals = esp.compactMap { value in value.string.flatMap { text in proposal(text, value, ESPProposalPolicy.init) } }
                }
            }
            if let section = root.required("pool") {
                section.allowKeys(["ipv4", "ipv6", "leases", "named"])
                pool = section["ipv4"]?.parsed("an IPv4 prefix such as 198.18.0.0/24", { IPv4Subnet($0) })
                pool6 = section["ipv6"]?.parsed("an IPv6 prefix such as 2001:db8:ffff::/64", { IPv6Subnet($0) })
                leaseDatabase = section["leases"]?.string.map(resolve)
                namedPools = parseNamedPools(section["named"], main: NamedPool(ipv4: pool, ipv6: pool6))
                if section["ipv4"] == nil && section["ipv6"] == nil {
                    section.fail("give an ipv4 or an ipv6 prefix (or both) to take virtual addresses from")
                }
            }
            if let section = root["network"] {
                section.allowKeys(["dns", "dns6", "nbns", "split-tunnel", "domain", "search-domains", "ipv6-leak-protection"])
                if let sink = section["ipv6-leak-protection"] {
                    leakProtection = sink.parsed("auto, off, or an IPv6 prefix routed nowhere such as a ULA fd00::/8 prefix of your own") { text in
                        text == "auto" ? .automatic : text == "off" ? .off : IPv6Subnet(text).map(IPv6LeakProtection.sink)
                    } ?? leakProtection
                    ipv6SinkValue = sink
                }
                domain = section["domain"]?.string
                searchDomains = section["search-domains"]?.list?.compactMap(\.string) ?? []
                engine.network.dnsServers = section["dns"]?.list?.compactMap { $0.parsed("an IPv4 address", { IPv4Address($0) }) } ?? []
                engine.network.dns6Servers = section["dns6"]?.list?.compactMap { $0.parsed("an IPv6 address", { IPv6Address($0) }) } ?? []
                engine.network.nbnsServers = section["nbns"]?.list?.compactMap { $0.parsed("an IPv4 address", { IPv4Address($0) }) } ?? []
                (engine.network.protectedSubnets, engine.network.protectedSubnets6) = prefixes(section["split-tunnel"])
            }
            if let section = root.required("authentication") {
                section.allowKeys(["secrets", "normalize", "failure-delay", "uniqueness", "certificates", "radius", "directory", "chain",
                                   "eap-methods"])
                if let value = section["eap-methods"] {
                    let parsed = (value.list ?? []).compactMap { $0.parsed("mschapv2 or gtc", EAPMethodKind.init(configurationName:)) }
                    if section["radius"] != nil {
                        value.fail("with radius, the RADIUS server chooses the EAP method")
                    } else if parsed.isEmpty || Set(parsed).count != parsed.count {
                        value.fail("list mschapv2 and/or gtc once each, the one to offer first first")
                    } else {
                        eapMethods = parsed
                        if parsed.contains(.gtc) {
                            notices.append("EAP-GTC is enabled: clients that ask for it (strongSwan, Android; not Windows) send their "
                                           + "password to the gateway, encrypted by IKE after the gateway's certificate is verified")
                        }
                    }
                }
                if let radiusSection = section["radius"] {
                    radius = RADIUSConfiguration.relay(radiusSection, defaultNASIdentifier: gatewayIdentity, pools: Set(namedPools.keys),
                                                       resolve: resolve, environment: environment,
                                                       policies: &engine.userPolicies)
                }
                if let certificates = section["certificates"] {
                    let (verifier, certificateWarnings) = ClientCertificateSettings.parse(certificates, pools: Set(namedPools.keys),
                                                                                        resolve: resolve)
                    clientCertificates = verifier
                    warnings += certificateWarnings
                    engine.clientCertificates = verifier.map { ClientCertificatePolicy(authorityKeyHashes: $0.authorityKeyHashes) }
                }
                engine.uniqueness = section["uniqueness"]?.parsed("replace, keep or never", { UniquenessPolicy(rawValue: $0) })
                    ?? engine.uniqueness
                if let normalize = section["normalize"] {
                    normalize.allowKeys(["strip-domain", "strip-realm", "lowercase"])
                    normalizer = UserNameNormalizer(stripDomain: normalize["strip-domain"]?.boolean ?? true,
                                                    stripRealm: normalize["strip-realm"]?.boolean ?? true,
                                                    lowercase: normalize["lowercase"]?.boolean ?? true)
                }
                engine.authenticationFailureDelay = section["failure-delay"]?.duration ?? engine.authenticationFailureDelay
                if let directorySection = section["directory"] {
                    if section["radius"] != nil {
                        directorySection.fail("give radius or directory, not both: with RADIUS, the RADIUS server checks the directory")
                    }
                    directory = DirectorySettings.parse(directorySection, chain: section["chain"], hasSecrets: section["secrets"] != nil,
                                                        pools: Set(namedPools.keys), resolve: resolve, environment: environment,
                                                        policies: &engine.userPolicies, warnings: &warnings)
                } else if let chain = section["chain"] {
                    chain.fail("a chain needs authentication.directory")
                }
                // EAP relayed to RADIUS or checked by the directory, or
                // certificate clients alone, need no secrets file.
                let secretsValue = section["certificates"] == nil && section["radius"] == nil && section["directory"] == nil
                    ? section.required("secrets") : section["secrets"]
                if secretsValue == nil { secrets = LocalSecrets() }
                if let path = secretsValue?.string.map(resolve) {
                    secretsFile = path
                    do {
                        let loaded = try LocalSecrets(file: path, text: try String(contentsOfFile: path, encoding: .utf8), normalizer: normalizer)
                        secrets = loaded
                        for pool in loaded.poolNames.subtracting(namedPools.keys).sorted() {
                            credentialErrors.append(ConfigurationError(file: path, line: nil, keyPath: "users",
                                                                       message: "pool '\(pool)' is not a pool.named entry"))
                        }
                    } catch let errors as ConfigurationErrors {
                        credentialErrors += errors.errors
                    } catch {
                        credentialErrors.append(ConfigurationError(file: file, line: section.line, keyPath: "authentication.secrets",
                                                                   message: "cannot read \(path): \(error.localizedDescription)"))
                    }
                }
            }
            if let section = root["accounting"] {
                accounting = RADIUSConfiguration.accounting(section, relay: radius, defaultNASIdentifier: gatewayIdentity, resolve: resolve,
                                                            environment: environment)
            }
            if let section = root["limits"] {
                section.allowKeys(["cookie-threshold", "half-open-per-source", "half-open-total", "half-open-timeout"])
                let dos = engine.denialOfService
                engine.denialOfService.cookieThreshold = section["cookie-threshold"]?.integer(in: 0...1_000_000) ?? dos.cookieThreshold
                engine.denialOfService.halfOpenPerSource = section["half-open-per-source"]?.integer(in: 1...1_000_000) ?? dos.halfOpenPerSource
                engine.denialOfService.maximumHalfOpen = section["half-open-total"]?.integer(in: 1...10_000_000) ?? dos.maximumHalfOpen
                engine.denialOfService.halfOpenTimeout = section["half-open-timeout"]?.duration ?? dos.halfOpenTimeout
            }
            if let section = root["fragmentation"] {
                section.allowKeys(["enabled", "max-message-size"])
                engine.fragmentation.enabled = section["enabled"]?.boolean ?? true
                engine.fragmentation.maximumMessageLength = section["max-message-size"]?.integer(in: 576...65_535)
                    ?? engine.fragmentation.maximumMessageLength
            }
            if let section = root["lifetimes"] {
                LifecycleSettings.parse(section, into: &engine)
            }
            if let section = root["data-plane"] {
                dataPlane = parseDataPlane(section)
                dhcpEnabled = section["dhcp"]?.boolean ?? true
                dhcpLine = section["dhcp"] ?? section
            }
            if let section = root["control"] {
                section.allowKeys(["socket"])
                controlSocket = section["socket"]?.string.map(resolve) ?? controlSocket
            }
            if let level = root["log-level"] {
                logLevel = level.parsed("trace, debug, info, notice, warning, error or critical", { Logger.Level(rawValue: $0) }) ?? logLevel
            }
        }
        // IPv6 leak protection: without an IPv6 pool, clients get an address
        // from the sink prefix and all of IPv6 into the tunnel, refused there.
        // By default (auto) for a full tunnel, whose users expect nothing to
        // bypass it; a split tunnel leaves the client's own IPv6 alone.
        var ipv6Sink: IPv6Subnet?
        switch leakProtection {
        case .off:
            break
        case .automatic:
            if pool6 == nil && engine.network.isFullTunnel {
                ipv6Sink = IPv6LeakProtection.uniqueLocalPrefix(for: gatewayIdentity)
                notices.append("IPv6 leak protection: clients' IPv6 is refused inside the full tunnel (addresses from "
                               + "\(ipv6Sink!)); set network.ipv6-leak-protection: off to let IPv6 bypass the tunnel")
            }
        case .sink(let prefix):
            if pool6 != nil {
                ipv6SinkValue?.fail("ipv6-leak-protection is for gateways without pool.ipv6; with one, IPv6 is tunnelled")
            } else {
                ipv6Sink = prefix
            }
        }
        if let ipv6Sink {
            pool6 = ipv6Sink
            engine.network.blockIPv6 = true
            dataPlane.blockIPv6 = true
        }
        var dhcp: DHCPInformConfiguration?
        if dhcpEnabled, let pool {
            do {
                dhcp = try dhcpConfiguration(pool: pool, network: engine.network, domain: domain, searchDomains: searchDomains)
            } catch {
                let message = "the DHCPINFORM answer cannot be built from network.split-tunnel, dns, nbns, domain: \(error)"
                if let dhcpLine { dhcpLine.fail(message) } else { reader.root?.fail(message) }
            }
        }
        let fileErrors = reader.errors
        guard fileErrors.isEmpty, credentialErrors.isEmpty, let secrets else {
            throw ConfigurationErrors(errors: fileErrors.sorted { ($0.line ?? 0) < ($1.line ?? 0) } + credentialErrors)
        }
        return GatewaySettings(engine: engine, identity: gatewayIdentity, authorityCertificateFile: authorityCertificateFile, listenAddresses: listen, ikePort: ikePort, natTraversalPort: natPort, pool: pool,
                               pool6: pool6, namedPools: namedPools, leaseDatabase: leaseDatabase,
                               secrets: secrets, clientCertificates: clientCertificates, radius: radius, directory: directory, eapMethods: eapMethods,
                               accounting: accounting,
                               normalizer: normalizer, dataPlane: dataPlane, dhcp: dhcp, controlSocket: controlSocket,
                               logLevel: logLevel,
                               configurationFile: file, certificateFile: certificateFile, secretsFile: secretsFile,
                               notices: notices, warnings: warnings)
    }

    /// The settings a running gateway cannot change on `reload`, named by
    /// key, where `other` differs from these: sockets, pools and the lease
    /// database are bound at start; log levels are fixed when logging starts.
    public func restartOnlyDifferences(from other: GatewaySettings) -> [String] {
        var keys: [String] = []
        if Set(listenAddresses) != Set(other.listenAddresses) { keys.append("listen.addresses") }
        if ikePort != other.ikePort { keys.append("listen.ike-port") }
        if natTraversalPort != other.natTraversalPort { keys.append("listen.nat-t-port") }
        if pool != other.pool { keys.append("pool.ipv4") }
        if pool6 != other.pool6 { keys.append("pool.ipv6") }
        if namedPools != other.namedPools { keys.append("pool.named") }
        if leaseDatabase != other.leaseDatabase { keys.append("pool.leases") }
        if dataPlane != other.dataPlane { keys.append("data-plane") }
        if dhcp != other.dhcp { keys.append("data-plane.dhcp (routes, DNS and domain answered by DHCP)") }
        if controlSocket != other.controlSocket { keys.append("control.socket") }
        // The RADIUS clients and the spool are made at start.
        if radius != other.radius { keys.append("authentication.radius") }
        if accounting != other.accounting { keys.append("accounting") }
        if logLevel != other.logLevel { keys.append("log-level") }
        return keys
    }

    /// A list of IPv4 and IPv6 prefixes (split tunnel, a filter's allowed
    /// subnets), split by family; anything else is an error on its line.
    static func prefixes(_ value: ConfigValue?) -> (ipv4: [IPv4Subnet], ipv6: [IPv6Subnet]) {
        var result: (ipv4: [IPv4Subnet], ipv6: [IPv6Subnet]) = ([], [])
        for value in value?.list ?? [] {
            guard let text = value.string else { continue }
            if let subnet = IPv4Subnet(text) {
                result.ipv4.append(subnet)
            } else if let subnet = IPv6Subnet(text) {
                result.ipv6.append(subnet)
            } else {
                value.fail("expected an IPv4 or IPv6 prefix such as 203.0.113.0/24 or 2001:db8:1::/48, not '\(text)'")
            }
        }
        return result
    }

    /// `pool.named`: each entry an IPv4 and/or IPv6 prefix, none
    /// overlapping another pool.
    static func parseNamedPools(_ section: ConfigValue?, main: NamedPool) -> [String: NamedPool] {
        var pools: [String: NamedPool] = [:]
        var taken: [(String, NamedPool)] = [("the main pool", main)]
        for (name, entry) in section?.entries ?? [] {
            entry.allowKeys(["ipv4", "ipv6"])
            let named = NamedPool(ipv4: entry["ipv4"]?.parsed("an IPv4 prefix such as 198.18.1.0/24", { IPv4Subnet($0) }),
                                  ipv6: entry["ipv6"]?.parsed("an IPv6 prefix such as 2001:db8:ffff:1::/64", { IPv6Subnet($0) }))
            if named.ipv4 == nil && named.ipv6 == nil {
                entry.fail("give an ipv4 or an ipv6 prefix (or both)")
                continue
            }
            for (other, pool) in taken {
                if let a = named.ipv4, let b = pool.ipv4, NamedPool.overlap(a, b) { entry.fail("\(a) overlaps \(other) (\(b))") }
                if let a = named.ipv6, let b = pool.ipv6, NamedPool.overlap(a, b) { entry.fail("\(a) overlaps \(other) (\(b))") }
            }
            taken.append(("pool \(name)", named))
            pools[name] = named
        }
        return pools
    }

    /// The DHCPINFORM answer: the pool's first host (reserved for the
    /// gateway) as server and router, the IPv4 split-tunnel prefixes as
    /// classless routes (options 121 and 249), DNS, NBNS and the domain.
    static func dhcpConfiguration(pool: IPv4Subnet, network: NetworkPolicy, domain: String?,
                                  searchDomains: [String]) throws(DHCPConfigurationError) -> DHCPInformConfiguration {
        let server = IPv4Address(rawValue: pool.network.rawValue &+ 1)
        var routes: [DHCPRoute] = []
        for subnet in network.protectedSubnets {
            routes.append(try DHCPRoute(destination: subnet.network, prefixLength: subnet.prefixLength, router: server))
        }
        return try DHCPInformConfiguration(serverIdentifier: server, routes: routes, dnsServers: network.dnsServers, domainName: domain,
                                           domainSearch: searchDomains, netbiosNameServers: network.nbnsServers)
    }

    /// The `data-plane` section; see ``DataPlaneSettings`` for the defaults.
    private static func parseDataPlane(_ section: ConfigValue) -> DataPlaneSettings {
        var settings = DataPlaneSettings()
        section.allowKeys(["backend", "interface", "mtu", "mss-clamp", "forwarding", "masquerade", "replay-window", "threads", "lifetime",
                           "dhcp"])
        settings.backend = section["backend"]?.parsed("auto, xfrm, userspace or none", { DataPlaneSettings.Backend(rawValue: $0) })
            ?? settings.backend
        settings.interface = section["interface"]?.parsed("an interface name of 1 to 15 characters", { text in
            (1...15).contains(text.utf8.count) && !text.contains("/") && !text.contains(" ") ? text : nil
        }) ?? settings.interface
        settings.mtu = section["mtu"]?.integer(in: 576...9000) ?? settings.mtu
        settings.mssClamp = section["mss-clamp"]?.boolean ?? settings.mssClamp
        settings.forwarding = section["forwarding"]?.boolean ?? settings.forwarding
        settings.masquerade = section["masquerade"]?.boolean ?? settings.masquerade
        settings.replayWindow = section["replay-window"]?.integer(in: 64...65_536) ?? settings.replayWindow
        settings.threads = section["threads"]?.integer(in: 0...256) ?? settings.threads
        if let lifetime = section["lifetime"] {
            lifetime.allowKeys(["soft-time", "jitter", "hard-time", "soft-bytes", "hard-bytes", "soft-packets", "hard-packets"])
            // An absent key keeps the default; `off` turns a time limit off.
            settings.lifetime.softTime = lifetime["soft-time"].map { $0.durationOrOff(minimum: .seconds(2), default: settings.lifetime.softTime) }
                ?? settings.lifetime.softTime
            if let jitter = lifetime["jitter"], let duration = jitter.duration {
                settings.lifetime.jitter = duration
                // Each SA's soft time is soft-time less up to the jitter: a
                // jitter as long would let SAs ask for a rekey at once.
                if let soft = settings.lifetime.softTime, duration >= soft {
                    jitter.fail("must be shorter than soft-time (\(lifetime["soft-time"]?.string ?? "")): each SA asks for a rekey up to this much before it")
                } else if settings.lifetime.softTime == nil {
                    jitter.fail("spreads soft-time, which is not set")
                }
            }
            settings.lifetime.hardTime = lifetime["hard-time"].map { $0.durationOrOff(minimum: .seconds(2), default: settings.lifetime.hardTime) }
                ?? settings.lifetime.hardTime
            settings.lifetime.softBytes = lifetime["soft-bytes"]?.integer(in: 1...Int.max).map(UInt64.init)
            settings.lifetime.hardBytes = lifetime["hard-bytes"]?.integer(in: 1...Int.max).map(UInt64.init)
            settings.lifetime.softPackets = lifetime["soft-packets"]?.integer(in: 1...Int.max).map(UInt64.init)
            settings.lifetime.hardPackets = lifetime["hard-packets"]?.integer(in: 1...Int.max).map(UInt64.init)
        }
        return settings
    }

    private static func proposal<T>(_ text: String, _ value: ConfigValue, _ parse: (String) throws(ProposalParseError) -> T) -> T? {
        do {
            return try parse(text)
        } catch {
            value.fail("\(error.reason); a proposal lists algorithms like aes256-sha256-modp2048")
            return nil
        }
    }
}
