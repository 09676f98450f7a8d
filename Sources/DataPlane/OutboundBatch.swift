import CNetDevice
import ESP

/// ESP packets one TUN reader has sealed and not yet sent, sent with one
/// sendmmsg(2) per socket when the TUN queue is empty or the batch is full:
/// under load a system call carries up to 16 packets instead of one. Owned
/// by its reader's thread.
///
/// The batch stays small because sealed packets wait in it with their
/// sequence numbers while another reader may send later ones of the same SA
/// (the kernel spreads one client's flows over the queues): a peer with the
/// common 32-packet replay window must still accept them.
final class OutboundBatch {
    static let capacity = 16
    private let slotSize: Int
    private let buffer: UnsafeMutableRawBufferPointer
    private var entries: [(length: Int, path: OuterPath)] = []

    init(slotSize: Int) {
        self.slotSize = slotSize
        buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: slotSize * Self.capacity, alignment: 16)
        entries.reserveCapacity(Self.capacity)
    }

    deinit { buffer.deallocate() }

    /// Seals `payload` for `sa` into the next slot; sends the batch first
    /// when it is full. Returns the lifetime limit the packet crossed.
    func seal(_ payload: UnsafeRawBufferPointer, nextHeader: UInt8, on sa: InstalledChildSA,
              statistics: DataPlaneStatistics) throws(ESPError) -> ESPExpiry? {
        if entries.count == Self.capacity { flush(statistics) }
        let slot = UnsafeMutableRawBufferPointer(rebasing: buffer[(entries.count * slotSize)..<((entries.count + 1) * slotSize)])
        let (length, expiry) = try sa.outbound.seal(payload, nextHeader: nextHeader, into: slot)
        entries.append((length, sa.path))
        return expiry
    }

    /// Sends what is waiting: one sendmmsg per run of packets for the same
    /// socket. What the kernel does not take is dropped and counted.
    func flush(_ statistics: DataPlaneStatistics) {
        var start = 0
        while start < entries.count {
            let socket = entries[start].path.socket
            var end = start
            while end < entries.count && entries[end].path.socket == socket { end += 1 }
            // sendmmsg stops at the first datagram the kernel refuses (one
            // unreachable peer): that one is dropped, the rest go again.
            var next = start
            while next < end {
                next += send(next..<end, on: socket)
                if next < end {
                    statistics.count(.sendFailure)
                    next += 1
                }
            }
            start = end
        }
        entries.removeAll(keepingCapacity: true)
    }

    private func send(_ range: Range<Int>, on socket: Int32) -> Int {
        // The addresses must stay valid during the call: each entry's
        // sockaddr is copied to a stack array first.
        withUnsafeTemporaryAllocation(of: sockaddr_storage.self, capacity: range.count) { addresses in
            withUnsafeTemporaryAllocation(of: gh_datagram.self, capacity: range.count) { datagrams in
                for (position, index) in range.enumerated() {
                    let entry = entries[index]
                    let length = entry.path.remote.copy(into: &addresses[position])
                    let data = UnsafeRawPointer(buffer.baseAddress! + index * slotSize)
                    let address = UnsafeRawPointer(addresses.baseAddress! + position).assumingMemoryBound(to: sockaddr.self)
                    datagrams[position] = gh_datagram(data: data, length: entry.length, address: address, address_length: length)
                }
                let sent = gh_send_batch(socket, datagrams.baseAddress, UInt32(range.count))
                return max(0, Int(sent))
            }
        }
    }
}
