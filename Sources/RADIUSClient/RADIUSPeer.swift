import IKEWire
import NIOCore

/// A server's address and port as replies are matched against them: a
/// reply counts only if it comes from where the request went (RFC 2865 §3,
/// RFC 5080 §2.2.2).
struct RADIUSPeer: Hashable, Sendable, CustomStringConvertible {
    var address: IPAddress
    var port: UInt16

    init(address: IPAddress, port: UInt16) {
        self.address = address
        self.port = port
    }

    /// The peer of a received datagram, read from the sockaddr itself
    /// rather than through NIO's text form. IPv4-mapped IPv6 sources stay
    /// IPv6: the client's IPv4 servers are reached on IPv4 sockets.
    init?(_ address: SocketAddress) {
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

    var family: RADIUSAddressFamily {
        switch address {
        case .v4: .v4
        case .v6: .v6
        }
    }

    func socketAddress() throws -> SocketAddress {
        try SocketAddress(ipAddress: address.description, port: Int(port))
    }

    var description: String {
        switch address {
        case .v4: "\(address):\(port)"
        case .v6: "[\(address)]:\(port)"
        }
    }
}
