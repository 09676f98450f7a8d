import Glibc
import IKEEngine
import IKEWire

/// The UDP socket on the NAT-T port (RFC 3948) that IKE and ESP share. The
/// gateway opens it here, hands it to SwiftNIO for IKE and registers it with
/// the data plane, which sends ESP on it from its own threads (`sendto` on
/// one socket from several threads is safe).
public enum NATTraversalSocket {
    /// Kernel buffers large enough for a burst of full-size ESP packets
    /// across all SAs without drops.
    static let bufferSize: Int32 = 4 << 20

    /// A non-blocking UDP socket bound to `local`.
    public static func open(_ local: Endpoint) throws(DataPlaneError) -> Int32 {
        let family = local.address.isIPv4 ? AF_INET : AF_INET6
        let fd = socket(family, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw DataPlaneError("cannot open a UDP socket for \(local)", errno: errno) }
        var one: Int32 = 1
        var size = bufferSize
        _ = setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        // Best effort: the kernel caps these at net.core.[rw]mem_max.
        _ = setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        _ = setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        if family == AF_INET6 { _ = setsockopt(fd, Int32(IPPROTO_IPV6), IPV6_V6ONLY, &one, socklen_t(MemoryLayout<Int32>.size)) }
        let bound = SocketAddress(local).withSockAddr { bind(fd, $0, $1) }
        guard bound == 0 else {
            let error = errno
            close(fd)
            throw DataPlaneError("cannot bind \(local)", errno: error)
        }
        return fd
    }
}
