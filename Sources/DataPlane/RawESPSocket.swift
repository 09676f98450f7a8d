import Glibc
import IKEEngine
import IKEWire

/// A raw socket for plain ESP (IP protocol 50) on one local address, for
/// peers that no NAT separates from the gateway (Windows then sends ESP
/// without UDP, RFC 7296 §2.23). Needs CAP_NET_RAW.
struct RawESPSocket: Sendable {
    static let protocolNumber: Int32 = 50

    let fd: Int32
    let local: IPAddress

    init(local: IPAddress) throws(DataPlaneError) {
        let family = local.isIPv4 ? AF_INET : AF_INET6
        let fd = socket(family, Int32(SOCK_RAW.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), Self.protocolNumber)
        guard fd >= 0 else { throw DataPlaneError("cannot open a raw ESP socket for \(local)", errno: errno) }
        let bound = SocketAddress(Endpoint(address: local, port: 0)).withSockAddr { bind(fd, $0, $1) }
        guard bound == 0 else {
            let error = errno
            Glibc.close(fd)
            throw DataPlaneError("cannot bind the raw ESP socket to \(local)", errno: error)
        }
        self.fd = fd
        self.local = local
    }

    /// Reads one datagram; IPv4 raw sockets deliver the IP header too, which
    /// is skipped, so the ESP packet starts the buffer. Returns its length
    /// and the sender, or nil when nothing (usable) is waiting (errno set).
    func receive(into buffer: UnsafeMutableRawBufferPointer) -> (length: Int, from: IPAddress)? {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let count = withUnsafeMutablePointer(to: &storage) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { recvfrom(fd, buffer.baseAddress, buffer.count, 0, $0, &length) }
        }
        guard count >= 0, let sender = SocketAddress.endpoint(from: storage) else { return nil }
        guard local.isIPv4 else { return (count, sender.address) }
        let headerLength = count > 0 ? Int(buffer[0] & 0x0F) * 4 : 0
        guard headerLength >= 20, headerLength <= count else { return (0, sender.address) }
        // The regions overlap: memmove, not copyMemory.
        memmove(buffer.baseAddress!, buffer.baseAddress! + headerLength, count - headerLength)
        return (count - headerLength, sender.address)
    }

    func close() { Glibc.close(fd) }
}

extension IPAddress {
    var isIPv4: Bool { if case .v4 = self { true } else { false } }
}
