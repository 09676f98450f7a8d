import IKEWire

/// Traffic selector narrowing for the CHILD_SA of IKE_AUTH (RFC 7296 §2.9),
/// the same for each address family.
enum TrafficSelection {
    /// TSi: each virtual address, if the request's selectors of its family
    /// cover it; without virtual addresses, the peer's own outer address
    /// (strongSwan's `remote_ts = dynamic`). Never what the client asks for
    /// as it is: a client could otherwise claim another's virtual address or
    /// all of 0.0.0.0/0 and send as anyone (RFC 4301 §4.4.1: the SPD, not
    /// the peer, decides). Nil when nothing is left.
    static func initiatorSelectors(requested: TrafficSelectorPayload, virtualAddresses: [IPAddress],
                                   peer: IPAddress) -> [TrafficSelector]? {
        let addresses = virtualAddresses.isEmpty ? [peer] : virtualAddresses
        let selectors: [TrafficSelector] = addresses.compactMap { address in
            switch address {
            case .v4(let address): covering(address, in: ranges(requested.selectors, \.ipv4Range)).map(TrafficSelector.ipv4)
            case .v6(let address): covering(address, in: ranges(requested.selectors, \.ipv6Range)).map(TrafficSelector.ipv6)
            }
        }
        return selectors.isEmpty ? nil : selectors
    }

    /// TSr: for each family the client has an address of (IPv4 when it has
    /// none), the whole space for a full tunnel, else the protected subnets
    /// of that family, each intersected with what the client asked for.
    static func responderSelectors(requested: TrafficSelectorPayload, network: NetworkPolicy,
                                   families: Set<IPAddress.Family>) -> [TrafficSelector]? {
        let families = families.isEmpty ? [.ipv4] : families
        var result: [TrafficSelector] = []
        if families.contains(.ipv4) {
            result += narrow(ranges(requested.selectors, \.ipv4Range), to: offered(network.protectedSubnets, full: network.isFullTunnel))
                .map(TrafficSelector.ipv4)
        }
        if families.contains(.ipv6) {
            // A blocked IPv6 takes all of IPv6 into the tunnel to refuse it there.
            result += narrow(ranges(requested.selectors, \.ipv6Range),
                             to: offered(network.protectedSubnets6, full: network.isFullTunnel || network.blockIPv6))
                .map(TrafficSelector.ipv6)
        }
        return result.isEmpty ? nil : result
    }

    private static func ranges<Address>(_ selectors: [TrafficSelector],
                                        _ family: KeyPath<TrafficSelector, AddressRangeSelector<Address>?>) -> [AddressRangeSelector<Address>] {
        selectors.compactMap { $0[keyPath: family] }
    }

    /// A single-address selector for `address`, with the ports and protocol
    /// of the first requested range that covers it.
    private static func covering<Address: PoolAddress>(_ address: Address, in requested: [AddressRangeSelector<Address>])
        -> AddressRangeSelector<Address>? {
        requested.first { $0.start <= address && address <= $0.end }.map {
            AddressRangeSelector(ipProtocol: $0.ipProtocol, startPort: $0.startPort, endPort: $0.endPort, start: address, end: address)
        }
    }

    /// What the gateway offers in one family: the whole space for a full
    /// tunnel, else its subnets (possibly none in this family).
    private static func offered<Address: PoolAddress>(_ subnets: [Subnet<Address>], full: Bool) -> [AddressRangeSelector<Address>] {
        let whole = Subnet(Address(integer: 0), prefixLength: 0)
        return (full ? [whole] : subnets).map { AddressRangeSelector(start: $0.first, end: $0.last) }
    }

    private static func narrow<Address: PoolAddress>(_ requested: [AddressRangeSelector<Address>],
                                                     to offered: [AddressRangeSelector<Address>]) -> [AddressRangeSelector<Address>] {
        var result: [AddressRangeSelector<Address>] = []
        for want in requested {
            for have in offered {
                let start = max(want.start, have.start), end = min(want.end, have.end)
                guard start <= end else { continue }
                let selector = AddressRangeSelector(ipProtocol: want.ipProtocol, startPort: want.startPort, endPort: want.endPort,
                                                    start: start, end: end)
                if !result.contains(selector) { result.append(selector) }
            }
        }
        return result
    }
}
