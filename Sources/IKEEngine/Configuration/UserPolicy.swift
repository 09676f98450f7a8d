/// A named restriction on what a user's tunnel reaches, chosen by the
/// user's authorisation (RADIUS Filter-Id, mapped in the configuration):
/// its subnets replace the gateway's protected subnets in the user's
/// responder traffic selectors (RFC 7296 §2.9), so the data plane carries
/// nothing else for that user.
public struct UserPolicy: Hashable, Sendable {
    /// The IPv4 and IPv6 subnets the user may reach; both empty means
    /// nothing, which is refused at configuration time.
    public var allowedSubnets: [IPv4Subnet]
    public var allowedSubnets6: [IPv6Subnet]

    public init(allowedSubnets: [IPv4Subnet] = [], allowedSubnets6: [IPv6Subnet] = []) {
        self.allowedSubnets = allowedSubnets
        self.allowedSubnets6 = allowedSubnets6
    }

    /// The gateway's network policy as it applies to this user.
    func applied(to network: NetworkPolicy) -> NetworkPolicy {
        var network = network
        network.protectedSubnets = allowedSubnets
        network.protectedSubnets6 = allowedSubnets6
        return network
    }
}
