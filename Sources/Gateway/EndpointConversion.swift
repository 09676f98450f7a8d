import IKEEngine
import IKEWire
import NIOCore

extension Endpoint {
    /// The endpoint of a socket address, if it is IPv4 or IPv6.
    init?(_ address: SocketAddress) {
        guard let text = address.ipAddress, let ip = IPAddress(text), let port = address.port else { return nil }
        self.init(address: ip, port: UInt16(truncatingIfNeeded: port))
    }

    /// The socket address of this endpoint.
    func socketAddress() throws -> SocketAddress {
        try SocketAddress(ipAddress: address.description, port: Int(port))
    }
}
