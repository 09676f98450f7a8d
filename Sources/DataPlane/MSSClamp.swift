/// TCP MSS clamping (RFC 879 §7, RFC 6691): lowers the MSS option of TCP
/// SYN segments crossing the tunnel so that neither end sends segments the
/// tunnel would have to fragment. Windows clients stall on large packets
/// otherwise, because ICMP "fragmentation needed" rarely reaches them through
/// NATs.
enum MSSClamp {
    /// Rewrites the MSS option of a TCP SYN in `packet` to at most
    /// `maximum`, updating the checksum incrementally (RFC 1624 eqn. 3).
    /// Returns whether the packet was changed.
    @discardableResult
    static func clamp(_ packet: UnsafeMutableRawBufferPointer, _ info: IPPacket, maximum: UInt16) -> Bool {
        let tcp = info.headerLength
        guard info.transport == IPPacket.tcp, !info.isLaterFragment, info.totalLength >= tcp + 20 else { return false }
        let view = UnsafeRawBufferPointer(packet)
        guard view[tcp + 13] & 0x02 != 0 else { return false }  // SYN
        let dataOffset = Int(view[tcp + 12] >> 4) * 4
        guard dataOffset >= 20, tcp + dataOffset <= info.totalLength else { return false }
        var option = tcp + 20
        while option < tcp + dataOffset {
            let kind = view[option]
            if kind == 0 { return false }           // end of options
            if kind == 1 { option += 1; continue }  // no-op
            guard option + 1 < tcp + dataOffset else { return false }
            let length = Int(view[option + 1])
            guard length >= 2, option + length <= tcp + dataOffset else { return false }
            if kind == 2, length == 4 {
                let mss = view.bigEndianUInt16(at: option + 2)
                guard mss > maximum else { return false }
                packet.storeBytes(of: maximum.bigEndian, toByteOffset: option + 2, as: UInt16.self)
                let checksum = view.bigEndianUInt16(at: tcp + 16)
                // The checksum sums 16-bit words from the header's start; an
                // MSS value at an odd offset (after one NOP) straddles two
                // words, so its bytes count swapped (RFC 1071 §2(B)).
                let aligned = (option + 2 - tcp) % 2 == 0
                let updated = aligned ? updatedChecksum(checksum, old: mss, new: maximum)
                    : updatedChecksum(checksum, old: mss.byteSwapped, new: maximum.byteSwapped)
                packet.storeBytes(of: updated.bigEndian, toByteOffset: tcp + 16, as: UInt16.self)
                return true
            }
            option += length
        }
        return false
    }

    /// HC' = ~(~HC + ~m + m') in ones' complement arithmetic.
    static func updatedChecksum(_ checksum: UInt16, old: UInt16, new: UInt16) -> UInt16 {
        var sum = UInt32(~checksum) + UInt32(~old) + UInt32(new)
        sum = (sum & 0xFFFF) + (sum >> 16)
        sum = (sum & 0xFFFF) + (sum >> 16)
        return ~UInt16(truncatingIfNeeded: sum)
    }
}
