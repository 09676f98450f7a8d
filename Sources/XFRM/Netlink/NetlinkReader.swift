import IKEWire

/// Bounds-checked reads from received netlink bytes. Every read checks its
/// range first and throws ``XFRMError/truncated(_:)`` naming the structure,
/// so no input makes a decoder read outside the buffer.
struct NetlinkReader {
    let bytes: UnsafeRawBufferPointer

    init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    var count: Int { bytes.count }

    func require(_ length: Int, at offset: Int, _ what: @autoclosure () -> String) throws(XFRMError) {
        guard offset >= 0, length >= 0, offset <= bytes.count, length <= bytes.count - offset else {
            throw .truncated("\(what()): needs \(length) octets at \(offset), \(bytes.count) received")
        }
    }

    func host<T: FixedWidthInteger>(_: T.Type, at offset: Int, _ what: @autoclosure () -> String) throws(XFRMError) -> T {
        try require(MemoryLayout<T>.size, at: offset, what())
        return bytes.loadUnaligned(fromByteOffset: offset, as: T.self)
    }

    func network<T: FixedWidthInteger>(_: T.Type, at offset: Int, _ what: @autoclosure () -> String) throws(XFRMError) -> T {
        T(bigEndian: try host(T.self, at: offset, what()))
    }

    /// An xfrm_address_t of `family`.
    func address(_ family: XFRMFamily, at offset: Int, _ what: @autoclosure () -> String) throws(XFRMError) -> IPAddress {
        try require(XFRMLayout.addressSize, at: offset, what())
        switch family {
        case .ipv4:
            return .v4(IPv4Address(rawValue: UInt32(bigEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self))))
        case .ipv6:
            // Sixteen octets are in range (checked above), so this cannot fail.
            guard let v6 = IPv6Address(bytes: bytes[offset..<offset + 16]) else {
                throw .truncated("\(what()): IPv6 address")
            }
            return .v6(v6)
        }
    }

    /// A sub-range as its own reader, offsets starting at 0.
    func slice(_ offset: Int, _ length: Int, _ what: @autoclosure () -> String) throws(XFRMError) -> NetlinkReader {
        try require(length, at: offset, what())
        return NetlinkReader(UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + length]))
    }
}
