import ConfigFile
import Foundation
import IKECrypto
import IKEEngine
import IKEWire
import RADIUSClient

/// Reads `authentication.radius` and `accounting`:
///
///     authentication:
///       radius:
///         servers:                         # tried by priority (lower first), then list order
///           - address: 203.0.113.10
///             port: 1812                   # default 1812
///             secret-file: radius-secret   # or secret-env: NAME (Docker), or secret: "text"
///             priority: 1
///         timeout: 2s                      # first retransmission; doubles each time
///         attempts: 3                      # sends per server before failing over
///         dead-time: 30s                   # a failed server is skipped this long, then probed
///         nas-identifier: vpn-gw-1         # default: gateway.identity
///         nas-address: 203.0.113.1         # default: the address the client reached
///         filter-ids:                      # Filter-Id from the Access-Accept → pool and allowed subnets
///           contractors: {pool: contractors, allowed: [203.0.113.0/25]}
///     accounting:
///       servers: [{address: 203.0.113.10, port: 1813, secret-file: radius-secret}]
///       timeout: 2s                        # per send; the spool retries with a new packet
///       interim-interval: 10m              # the server's Acct-Interim-Interval wins
///       spool: accounting.sqlite           # records wait here until acknowledged
enum RADIUSConfiguration {
    /// Parses `authentication.radius`; the filters' allowed subnets become
    /// engine user policies (named after the Filter-Id).
    static func relay(_ section: ConfigValue, defaultNASIdentifier: String, pools: Set<String>, resolve: (String) -> String,
                      environment: [String: String], policies: inout [String: UserPolicy]) -> RADIUSRelaySettings? {
        section.allowKeys(["servers", "timeout", "attempts", "dead-time", "nas-identifier", "nas-address", "framed-mtu", "filter-ids"])
        let servers = self.servers(section.required("servers"), defaultPort: 1812, resolve: resolve, environment: environment)
        var settings = RADIUSRelaySettings(servers: servers, transport: transport(section),
                                           nasIdentifier: section["nas-identifier"]?.string ?? defaultNASIdentifier,
                                           nasAddress: section["nas-address"]?.parsed("an IPv4 or IPv6 address", { IPAddress($0) }))
        settings.framedMTU = section["framed-mtu"]?.integer(in: 576...65_535).map(UInt32.init) ?? settings.framedMTU
        for (name, entry) in section["filter-ids"]?.entries ?? [] {
            entry.allowKeys(["pool", "allowed"])
            var filter = FilterPolicy()
            if let pool = entry["pool"] {
                filter.pool = pool.parsed("a pool.named entry (\(pools.sorted().joined(separator: ", ")))", { pools.contains($0) ? $0 : nil })
            }
            if let allowed = entry["allowed"] {
                let (ipv4, ipv6) = GatewaySettings.prefixes(allowed)
                let policy = UserPolicy(allowedSubnets: ipv4, allowedSubnets6: ipv6)
                if policy.allowedSubnets.isEmpty && policy.allowedSubnets6.isEmpty {
                    allowed.fail("list at least one prefix the users of this filter may reach")
                } else {
                    policies[name] = policy
                    filter.policy = name
                }
            }
            if entry["pool"] == nil && entry["allowed"] == nil { entry.fail("give a pool, allowed subnets, or both") }
            settings.filters[name] = filter
        }
        return servers.isEmpty ? nil : settings
    }

    /// Parses `accounting`.
    static func accounting(_ section: ConfigValue, relay: RADIUSRelaySettings?, defaultNASIdentifier: String,
                           resolve: (String) -> String, environment: [String: String]) -> AccountingSettings? {
        // No `attempts`: an accounting record is sent once per server and
        // retried by the spool as a new packet, whose Acct-Delay-Time counts
        // the wait (RFC 5080 §2.2.1: a changed Acct-Delay-Time needs a new
        // Identifier), where an identical retransmission would keep the
        // first attempt's.
        section.allowKeys(["servers", "timeout", "dead-time", "interim-interval", "spool", "nas-identifier", "nas-address"])
        let servers = self.servers(section.required("servers"), defaultPort: 1813, resolve: resolve, environment: environment)
        let spool = section.required("spool")?.string.map(resolve)
        let interval = section["interim-interval"]?.duration
        if let value = interval, value < AccessAcceptAuthorization.shortestInterimInterval {
            section["interim-interval"]?.fail("at least \(AccessAcceptAuthorization.shortestInterimInterval) (RFC 2869 §5.16 advises 60s or more)")
        }
        guard !servers.isEmpty, let spool else { return nil }
        var transport = transport(section)
        transport.attempts = 1
        return AccountingSettings(servers: servers, transport: transport, interimInterval: interval, spool: spool,
                                  nasIdentifier: section["nas-identifier"]?.string ?? relay?.nasIdentifier ?? defaultNASIdentifier,
                                  nasAddress: section["nas-address"]?.parsed("an IPv4 or IPv6 address", { IPAddress($0) }) ?? relay?.nasAddress)
    }

    private static func transport(_ section: ConfigValue) -> RADIUSTransportSettings {
        var transport = RADIUSTransportSettings()
        if let timeout = section["timeout"] {
            if let value = timeout.duration {
                if value < .milliseconds(100) || value > .seconds(30) { timeout.fail("between 100ms and 30s") } else { transport.timeout = value }
            }
        }
        transport.attempts = section["attempts"]?.integer(in: 1...10) ?? transport.attempts
        transport.deadTime = section["dead-time"]?.duration ?? transport.deadTime
        return transport
    }

    /// The server list; each secret from exactly one of `secret-file`,
    /// `secret-env` or `secret`.
    private static func servers(_ value: ConfigValue?, defaultPort: Int, resolve: (String) -> String,
                                environment: [String: String]) -> [RADIUSServer] {
        guard let value else { return [] }
        let entries = value.list ?? []
        if entries.isEmpty { value.fail("list at least one server") }
        var seen: Set<String> = []
        return entries.enumerated().compactMap { index, entry in
            entry.allowKeys(["address", "port", "secret-file", "secret-env", "secret", "priority"])
            let address = entry.required("address")?.parsed("an IPv4 or IPv6 address", { IPAddress($0) })
            let port = entry["port"]?.integer(in: 1...65_535) ?? defaultPort
            let priority = entry["priority"]?.integer(in: 0...1000) ?? index
            guard let secret = ConfiguredSecret.read(entry, key: "secret", what: "the shared secret", resolve: resolve, environment: environment), let address else { return nil }
            let server = RADIUSServer(address: address, port: UInt16(port), secret: secret, priority: priority)
            guard seen.insert(server.description).inserted else {
                entry.fail("\(server) is listed twice")
                return nil
            }
            return server
        }
    }
}
