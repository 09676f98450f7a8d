import IKEWire
import NIOCore

/// Endpoints to and from SwiftNIO's socket addresses, for every socket the
/// gateway owns: IKE, RADIUS, the load generator.
extension Endpoint {
    /// The endpoint of a socket address, if it is IPv4 or IPv6. Read from
    /// the sockaddr itself: going through NIO's text form would format and
    /// parse an address for every datagram. IPv4-mapped IPv6 addresses stay
    /// IPv6.
    public init?(_ address: SocketAddress) {
        switch address {
        case .v4(let inet):
            let raw = inet.address
            self.init(address: .v4(IPv4Address(rawValue: UInt32(bigEndian: raw.sin_addr.s_addr))), port: UInt16(bigEndian: raw.sin_port))
        case .v6(let inet6):
            let raw = inet6.address
            guard let ip = withUnsafeBytes(of: raw.sin6_addr, { IPv6Address(bytes: $0) }) else { return nil }
            self.init(address: .v6(ip), port: UInt16(bigEndian: raw.sin6_port))
        case .unixDomainSocket:
            return nil
        }
    }

    /// The socket address of this endpoint.
    public func socketAddress() throws -> SocketAddress {
        try SocketAddress(ipAddress: address.description, port: Int(port))
    }
}
