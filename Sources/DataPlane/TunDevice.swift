import CNetDevice
import Glibc
import IKEWire

/// The TUN device inner packets leave and enter by: the kernel routes the
/// virtual addresses into it and forwards what comes out of it. It is a
/// multi-queue device with one queue per reader thread, so the kernel
/// spreads flows over cores; each queue's descriptor is non-blocking and
/// read after `poll`, which also wakes for shutdown.
final class TunDevice: Sendable {
    let name: String
    let queues: [Int32]
    let mtu: Int

    init(name: String, queues count: Int, mtu: Int) throws(DataPlaneError) {
        var queues: [Int32] = []
        var actual = name
        do {
            for _ in 0..<max(1, count) {
                var buffer = [CChar](repeating: 0, count: 16)
                let fd = try DataPlaneError.check(gh_tun_open(actual, 1, &buffer), "cannot open TUN device \(actual)")
                queues.append(fd)
                actual = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
                _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            }
            _ = try DataPlaneError.check(gh_interface_set_mtu(actual, Int32(mtu)), "cannot set the MTU of \(actual) to \(mtu)")
            _ = try DataPlaneError.check(gh_interface_set_up(actual), "cannot bring \(actual) up")
        } catch {
            for fd in queues { Glibc.close(fd) }
            throw error
        }
        self.name = actual
        self.queues = queues
        self.mtu = mtu
    }

    /// Routes `address/prefix` into the device.
    func addRoute(_ address: IPAddress, prefixLength: Int) throws(DataPlaneError) {
        _ = try DataPlaneError.check(route(add: true, address, prefixLength), "cannot route \(address)/\(prefixLength) into \(name)")
    }

    func removeRoute(_ address: IPAddress, prefixLength: Int) {
        _ = route(add: false, address, prefixLength)
    }

    private func route(add: Bool, _ address: IPAddress, _ prefixLength: Int) -> Int32 {
        let bytes = address.bytes
        switch address {
        case .v4: return gh_route_ipv4(add ? 1 : 0, bytes, Int32(prefixLength), name, 0)
        case .v6: return gh_route_ipv6(add ? 1 : 0, bytes, Int32(prefixLength), name, 0)
        }
    }

    /// Writes one inner packet into the kernel. A full queue drops it, as a
    /// router would.
    @discardableResult
    func write(_ packet: UnsafeRawBufferPointer) -> Bool {
        Glibc.write(queues[0], packet.baseAddress, packet.count) == packet.count
    }

    func close() {
        for fd in queues { Glibc.close(fd) }
    }
}
