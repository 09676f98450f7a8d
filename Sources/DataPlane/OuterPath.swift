import Glibc
import IKEEngine
import IKEWire

/// Where an SA's ESP packets go: the peer's address as a socket address,
/// and the socket that sends them, UDP-encapsulated on the NAT-T port
/// (RFC 3948) or plain ESP through a raw socket (IP protocol 50).
struct OuterPath: Sendable {
    let socket: Int32
    let remote: SocketAddress
    let udpEncapsulation: Bool

    /// Sends one ESP packet. A full socket buffer drops it (counted by the
    /// caller), as a router would; nothing blocks.
    func send(_ packet: UnsafeRawBufferPointer) -> Bool {
        remote.withSockAddr { address, length in
            sendto(socket, packet.baseAddress, packet.count, Int32(MSG_DONTWAIT), address, length) == packet.count
        }
    }
}

/// A `sockaddr_in` or `sockaddr_in6` for an endpoint, stored by value.
struct SocketAddress: Sendable {
    private let storage: sockaddr_storage
    private let length: socklen_t

    init(_ endpoint: Endpoint) {
        var storage = sockaddr_storage()
        switch endpoint.address {
        case .v4(let address):
            var inet = sockaddr_in()
            inet.sin_family = sa_family_t(AF_INET)
            inet.sin_port = endpoint.port.bigEndian
            inet.sin_addr.s_addr = address.rawValue.bigEndian
            withUnsafeBytes(of: inet) { source in withUnsafeMutableBytes(of: &storage) { $0.copyMemory(from: source) } }
            length = socklen_t(MemoryLayout<sockaddr_in>.size)
        case .v6(let address):
            var inet6 = sockaddr_in6()
            inet6.sin6_family = sa_family_t(AF_INET6)
            inet6.sin6_port = endpoint.port.bigEndian
            withUnsafeMutableBytes(of: &inet6.sin6_addr) { $0.copyBytes(from: address.bytes) }
            withUnsafeBytes(of: inet6) { source in withUnsafeMutableBytes(of: &storage) { $0.copyMemory(from: source) } }
            length = socklen_t(MemoryLayout<sockaddr_in6>.size)
        }
        self.storage = storage
    }

    /// Copies the address into `target` and returns its length.
    func copy(into target: inout sockaddr_storage) -> socklen_t {
        target = storage
        return length
    }

    /// The endpoint this address names.
    var endpoint: Endpoint? { Self.endpoint(from: storage) }

    func withSockAddr<R>(_ body: (UnsafePointer<sockaddr>, socklen_t) -> R) -> R {
        withUnsafeBytes(of: storage) { body($0.baseAddress!.assumingMemoryBound(to: sockaddr.self), length) }
    }

    /// The endpoint a `recvfrom` filled in, if it is IPv4 or IPv6.
    static func endpoint(from storage: sockaddr_storage) -> Endpoint? {
        withUnsafeBytes(of: storage) { bytes in
            switch Int32(storage.ss_family) {
            case AF_INET:
                let inet = bytes.loadUnaligned(as: sockaddr_in.self)
                return Endpoint(address: .v4(IPv4Address(rawValue: UInt32(bigEndian: inet.sin_addr.s_addr))), port: UInt16(bigEndian: inet.sin_port))
            case AF_INET6:
                let inet6 = bytes.loadUnaligned(as: sockaddr_in6.self)
                let address = withUnsafeBytes(of: inet6.sin6_addr) { IPv6Address(bytes: $0) }
                return address.map { Endpoint(address: .v6($0), port: UInt16(bigEndian: inet6.sin6_port)) }
            default:
                return nil
            }
        }
    }
}
