import IKEWire
import Synchronization

/// The sockets the userspace data plane sends ESP on: the gateway's NAT-T
/// sockets by local endpoint (ESP in UDP, RFC 3948) and its raw ESP sockets
/// by local address (plain ESP, IP protocol 50). Installing an SA and moving
/// it (MOBIKE, NAT mapping changes) choose its socket here, the same way.
final class ESPSockets: Sendable {
    private struct Sockets {
        var natTraversal: [Endpoint: Int32] = [:]
        var raw: [IPAddress: RawESPSocket] = [:]
    }

    private let sockets = Mutex(Sockets())

    func registerNATTraversal(_ fd: Int32, local: Endpoint) {
        sockets.withLock { $0.natTraversal[local] = fd }
    }

    func registerRaw(_ socket: RawESPSocket) {
        sockets.withLock { $0.raw[socket.local] = socket }
    }

    /// The local addresses that take plain ESP.
    var rawAddresses: [IPAddress] { sockets.withLock { Array($0.raw.keys) } }

    /// Forgets every socket and returns the raw ones, which are ours to
    /// close (the NAT-T sockets are the gateway's).
    func removeAll() -> [RawESPSocket] {
        sockets.withLock { sockets in
            defer { sockets = Sockets() }
            return Array(sockets.raw.values)
        }
    }

    /// Where the SA with inbound SPI `spi` sends: UDP-encapsulated from the
    /// NAT-T socket on `local` to `remote`'s address and port, or plain ESP
    /// from the raw socket on `local`'s address to `remote`'s address.
    ///
    /// - Throws: when the socket that path needs is not open (no NAT-T
    ///   socket on `local`; no raw socket, for want of CAP_NET_RAW), or the
    ///   two endpoints are of different address families.
    func path(forSPI spi: UInt32, local: Endpoint, remote: Endpoint, udpEncapsulation: Bool) throws(DataPlaneError) -> OuterPath {
        guard local.address.isIPv4 == remote.address.isIPv4 else {
            throw DataPlaneError("CHILD_SA \(Hex.string(spi)) cannot go from \(local) to \(remote): the address families differ")
        }
        let (natTraversal, raw) = sockets.withLock { ($0.natTraversal[local], $0.raw[local.address]) }
        if udpEncapsulation {
            guard let fd = natTraversal else {
                throw DataPlaneError("no NAT-T socket on \(local) for CHILD_SA \(Hex.string(spi))")
            }
            return OuterPath(socket: fd, remote: SocketAddress(remote), udpEncapsulation: true)
        }
        guard let raw else {
            throw DataPlaneError("no plain ESP socket on \(local.address) for CHILD_SA \(Hex.string(spi)) (a peer without NAT needs CAP_NET_RAW)")
        }
        return OuterPath(socket: raw.fd, remote: SocketAddress(Endpoint(address: remote.address, port: 0)), udpEncapsulation: false)
    }
}
