import IKEWire

/// What XFRM_MSG_GETSA reports about a state: its identity, the current
/// lifetime counters (struct xfrm_lifetime_cur), the error statistics
/// (struct xfrm_stats) and the replay position. The kernel's answer also
/// carries the keys; the decoder skips those attributes and keeps nothing of them.
public struct XFRMStateCounters: Hashable, Sendable, CustomStringConvertible {
    public let source: IPAddress
    public let destination: IPAddress
    /// Host order.
    public let spi: UInt32
    /// IP protocol of the state (50 for ESP).
    public let ipProtocol: UInt8
    public let reqid: UInt32
    /// Octets protected so far (the lifetime byte counter).
    public let bytes: UInt64
    /// Packets protected so far.
    public let packets: UInt64
    /// When the state was added, seconds since the epoch.
    public let addTime: UInt64
    /// When it first carried a packet (0: not yet).
    public let useTime: UInt64
    /// When it last carried a packet (XFRMA_LASTUSED), if the kernel said.
    public let lastUsed: UInt64?
    /// Packets dropped as outside the replay window, as replays, and for a
    /// failed integrity check (struct xfrm_stats).
    public let replayWindowDrops: UInt32
    public let replayDrops: UInt32
    public let integrityFailures: UInt32
    /// The replay position; nil if the kernel sent none.
    public let replay: XFRMReplayState?

    public init(source: IPAddress, destination: IPAddress, spi: UInt32, ipProtocol: UInt8, reqid: UInt32,
                bytes: UInt64, packets: UInt64, addTime: UInt64, useTime: UInt64, lastUsed: UInt64?,
                replayWindowDrops: UInt32, replayDrops: UInt32, integrityFailures: UInt32, replay: XFRMReplayState?) {
        self.source = source
        self.destination = destination
        self.spi = spi
        self.ipProtocol = ipProtocol
        self.reqid = reqid
        self.bytes = bytes
        self.packets = packets
        self.addTime = addTime
        self.useTime = useTime
        self.lastUsed = lastUsed
        self.replayWindowDrops = replayWindowDrops
        self.replayDrops = replayDrops
        self.integrityFailures = integrityFailures
        self.replay = replay
    }

    public var description: String {
        "\(source) -> \(destination) spi 0x\(String(spi, radix: 16)) reqid \(reqid): \(bytes) bytes, \(packets) packets"
            + (replay.map { ", \($0)" } ?? "")
    }
}
