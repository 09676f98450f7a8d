/// A UDP endpoint: address and port.
public struct Endpoint: Hashable, Sendable, CustomStringConvertible {
    /// The IP address.
    public var address: IPAddress
    /// The UDP port.
    public var port: UInt16

    public init(address: IPAddress, port: UInt16) {
        self.address = address
        self.port = port
    }

    /// The NAT-T port (RFC 3948): IKE moves here when a NAT is detected, and
    /// messages on it carry the four-octet non-ESP marker.
    public static let natTraversalPort: UInt16 = 4500
    /// The IKE port.
    public static let ikePort: UInt16 = 500

    public var description: String {
        switch address {
        case .v4: "\(address):\(port)"
        case .v6: "[\(address)]:\(port)"
        }
    }
}
