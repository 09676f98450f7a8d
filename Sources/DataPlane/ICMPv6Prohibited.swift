import IKEWire

/// The ICMPv6 Destination Unreachable, "communication with destination
/// administratively prohibited" (RFC 4443 §3.1, type 1 code 1), the
/// gateway answers an IPv6 packet with when IPv6 is blocked: the client's
/// applications fall back to IPv4 at once instead of waiting for a timeout.
enum ICMPv6Prohibited {
    /// The reply to `packet`, or nil when none may be sent: ICMPv6 error
    /// messages are never answered with one (RFC 4443 §2.4(e)).
    static func reply(to packet: UnsafeRawBufferPointer, _ info: IPPacket) -> [UInt8]? {
        guard case .v6(let source) = info.source, case .v6(let destination) = info.destination else { return nil }
        // RFC 4443 §2.4(e): not to multicast destinations (e.3), nor to a
        // source that does not name one node (e.5), nor about an ICMPv6
        // error (e.1), wherever its header sits in the extension chain.
        guard !isMulticast(destination), !isMulticast(source), source != IPv6Address(high: 0, low: 0) else { return nil }
        if let type = icmpv6Type(packet, info), type < 128 { return nil }
        // As much of the invoking packet as keeps the reply within the
        // IPv6 minimum MTU (RFC 4443 §2.4(c)).
        let quoted = min(info.totalLength, 1280 - 40 - 8)
        var icmp: [UInt8] = [1, 1, 0, 0, 0, 0, 0, 0] + packet.prefix(quoted)
        // From the address the client tried to reach, as a firewall on the
        // path would answer; to the client.
        let checksum = pseudoHeaderChecksum(source: destination, destination: source, payload: icmp)
        icmp[2] = UInt8(checksum >> 8)
        icmp[3] = UInt8(checksum & 0xFF)
        let length = icmp.count
        var header: [UInt8] = [0x60, 0, 0, 0, UInt8(length >> 8), UInt8(length & 0xFF), 58, 64]
        header += destination.bytes + source.bytes
        return header + icmp
    }

    static func isMulticast(_ address: IPv6Address) -> Bool { address.high >> 56 == 0xFF }

    /// The ICMPv6 type of `packet`, past Hop-by-Hop, Routing and Destination
    /// Options headers (RFC 8200 §4); nil when it is not ICMPv6, is a later
    /// fragment, or the chain runs off the packet.
    static func icmpv6Type(_ packet: UnsafeRawBufferPointer, _ info: IPPacket) -> UInt8? {
        var next = info.transport
        var offset = 40
        while true {
            switch next {
            case 58:
                return offset < info.totalLength ? packet[offset] : nil
            case 0, 43, 60:
                guard offset + 2 <= info.totalLength else { return nil }
                next = packet[offset]
                offset += (Int(packet[offset + 1]) + 1) * 8
            case 44:
                // A fragment header: only the first fragment has the type.
                guard offset + 8 <= info.totalLength, packet.bigEndianUInt16(at: offset + 2) & 0xFFF8 == 0 else { return nil }
                next = packet[offset]
                offset += 8
            default:
                return nil
            }
        }
    }

    /// The ICMPv6 checksum over the IPv6 pseudo-header (RFC 8200 §8.1).
    static func pseudoHeaderChecksum(source: IPv6Address, destination: IPv6Address, payload: [UInt8]) -> UInt16 {
        var sum = InternetChecksum()
        sum.add(source.bytes)
        sum.add(destination.bytes)
        sum.add(UInt32(payload.count))
        sum.add(UInt16(58))
        sum.add(payload)
        return sum.checksum
    }
}

/// At most `perSecond` events in any one-second window (RFC 4443 §2.4(f):
/// ICMPv6 error messages must be rate-limited).
struct RateLimit: Sendable {
    let perSecond: Int
    private var windowStart: ContinuousClock.Instant?
    private var used = 0

    init(perSecond: Int) { self.perSecond = perSecond }

    mutating func allow(now: ContinuousClock.Instant = .now) -> Bool {
        if let start = windowStart, now - start < .seconds(1) {
            used += 1
        } else {
            windowStart = now
            used = 1
        }
        return used <= perSecond
    }
}
