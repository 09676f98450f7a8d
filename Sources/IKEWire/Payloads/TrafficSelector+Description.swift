extension TrafficSelector: CustomStringConvertible {
    /// As strongSwan prints selectors: a prefix where the range is one
    /// (198.18.0.2/32, 0.0.0.0/0), else first-last; then protocol and ports
    /// when they are not "any".
    public var description: String {
        switch self {
        case .ipv4(let range): Self.describe(range)
        case .ipv6(let range): Self.describe(range)
        case .unrecognized(let type, _, let data): "\(type) (\(data.count) octets)"
        }
    }

    private static func describe<Address: IntegerAddress & CustomStringConvertible>(_ range: AddressRangeSelector<Address>) -> String {
        let addresses = Address.prefixLength(from: range.start, to: range.end).map { "\(range.start)/\($0)" } ?? "\(range.start)-\(range.end)"
        let proto = range.ipProtocol == 0 ? "" : " proto \(range.ipProtocol)"
        let ports = range.startPort == 0 && range.endPort == 65535 ? ""
            : range.startPort == range.endPort ? " port \(range.startPort)" : " ports \(range.startPort)-\(range.endPort)"
        return addresses + proto + ports
    }
}
