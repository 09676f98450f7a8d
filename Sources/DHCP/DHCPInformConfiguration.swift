import IKEWire

/// What the gateway tells a client that sends DHCPINFORM through its tunnel.
///
/// Every value is checked here, so the responder built from it can encode
/// any of them. Each option is sent only to clients that list it in their
/// Parameter Request List (RFC 2131 §4.3.1); Server Identifier (54) and the
/// message type (53) always are.
public struct DHCPInformConfiguration: Hashable, Sendable {
    /// The gateway's address inside the tunnel: option 54 (RFC 2131 §4.3.5
    /// requires it in the DHCPACK) and the source of the reply.
    public let serverIdentifier: IPv4Address
    /// Options 121 and 249, both with the same RFC 3442 encoding. Windows
    /// installs these as the routes through the VPN interface (split tunnel).
    public let routes: [DHCPRoute]
    /// Option 6.
    public let dnsServers: [IPv4Address]
    /// Option 15, the connection-specific DNS suffix on Windows.
    public let domainName: String?
    /// Option 119 (RFC 3397).
    public let domainSearch: [String]
    /// Option 44 (WINS).
    public let netbiosNameServers: [IPv4Address]
    /// The largest reply, in octets of IPv4 datagram, for a client that does
    /// not send option 57. RFC 2131 §2 only promises that clients accept 576,
    /// the default; whether Windows accepts more without saying so is not
    /// known (see ``DHCPInformResponder``).
    public let maximumMessageSize: Int

    /// The smallest message every DHCP client must accept (RFC 2131 §2).
    public static let minimumMessageSize = 576

    /// - Throws: ``DHCPConfigurationError`` for a server identifier of 0.0.0.0
    ///   or 255.255.255.255, a domain name or search name that is not a DNS
    ///   name, or a maximum message size outside 576...65535.
    public init(
        serverIdentifier: IPv4Address,
        routes: [DHCPRoute] = [],
        dnsServers: [IPv4Address] = [],
        domainName: String? = nil,
        domainSearch: [String] = [],
        netbiosNameServers: [IPv4Address] = [],
        maximumMessageSize: Int = DHCPInformConfiguration.minimumMessageSize
    ) throws(DHCPConfigurationError) {
        guard serverIdentifier != .any, serverIdentifier != .broadcast else {
            throw .invalidServerIdentifier(serverIdentifier)
        }
        if let domainName, DomainName.labels(domainName) == nil { throw .invalidDomainName(domainName) }
        if let bad = domainSearch.first(where: { DomainName.labels($0) == nil }) { throw .invalidDomainName(bad) }
        guard (Self.minimumMessageSize...65_535).contains(maximumMessageSize) else {
            throw .invalidMaximumMessageSize(maximumMessageSize)
        }
        self.serverIdentifier = serverIdentifier
        self.routes = routes
        self.dnsServers = dnsServers
        self.domainName = domainName
        self.domainSearch = domainSearch
        self.netbiosNameServers = netbiosNameServers
        self.maximumMessageSize = maximumMessageSize
    }
}
