import IKEWire

/// Traffic selector narrowing for the CHILD_SA of IKE_AUTH (RFC 7296 §2.9).
enum TrafficSelection {
    /// TSi: the client's virtual address, if the request's selectors cover it;
    /// without a virtual address, the request's IPv4 selectors as they are.
    static func initiatorSelectors(requested: TrafficSelectorPayload, virtualAddress: IPv4Address?) -> [TrafficSelector]? {
        let requestedV4 = requested.selectors.compactMap { if case .ipv4(let range) = $0 { range } else { nil } }
        guard let address = virtualAddress else {
            return requestedV4.isEmpty ? nil : requestedV4.map(TrafficSelector.ipv4)
        }
        guard let covering = requestedV4.first(where: { $0.start <= address && address <= $0.end }) else { return nil }
        return [.ipv4(AddressRangeSelector(ipProtocol: covering.ipProtocol, startPort: covering.startPort, endPort: covering.endPort,
                                           start: address, end: address))]
    }

    /// TSr: the whole IPv4 space for a full tunnel, else each protected
    /// subnet intersected with what the client asked for.
    static func responderSelectors(requested: TrafficSelectorPayload, protectedSubnets: [IPv4Subnet]) -> [TrafficSelector]? {
        let requestedV4 = requested.selectors.compactMap { if case .ipv4(let range) = $0 { range } else { nil } }
        let offered = protectedSubnets.isEmpty
            ? [AddressRangeSelector(start: IPv4Address.any, end: IPv4Address.broadcast)]
            : protectedSubnets.map { AddressRangeSelector(start: $0.first, end: $0.last) }
        var result: [TrafficSelector] = []
        for want in requestedV4 {
            for have in offered {
                let start = max(want.start, have.start), end = min(want.end, have.end)
                guard start <= end else { continue }
                let selector = TrafficSelector.ipv4(AddressRangeSelector(ipProtocol: want.ipProtocol, startPort: want.startPort,
                                                                        endPort: want.endPort, start: start, end: end))
                if !result.contains(selector) { result.append(selector) }
            }
        }
        return result.isEmpty ? nil : result
    }
}
