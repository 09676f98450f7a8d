import IKEWire

extension TrafficSelector {
    /// Whether `address` lies in this selector's range, whatever protocol
    /// and ports it narrows to.
    func contains(_ address: IPAddress) -> Bool {
        switch (self, address) {
        case (.ipv4(let range), .v4(let address)): range.start <= address && address <= range.end
        case (.ipv6(let range), .v6(let address)): range.start <= address && address <= range.end
        default: false
        }
    }

    /// Whether `address` (and the packet's protocol and `port`, where the
    /// selector narrows them) falls within this selector. The data plane
    /// drops inbound packets whose source is outside the SA's remote
    /// selectors (RFC 4301 §5.2: a client must not send as another).
    func admits(_ address: IPAddress, transport: UInt8, port: UInt16?) -> Bool {
        switch self {
        case .ipv4(let range): contains(address) && range.admits(transport: transport, port: port)
        case .ipv6(let range): contains(address) && range.admits(transport: transport, port: port)
        case .unrecognized: false
        }
    }
}
extension AddressRangeSelector {
    func admits(transport: UInt8, port: UInt16?) -> Bool {
        guard ipProtocol == 0 || ipProtocol == transport else { return false }
        guard startPort != 0 || endPort != 65535 else { return true }
        guard let port else { return false }
        return startPort <= port && port <= endPort
    }
}
