import IKECrypto
import IKEWire

/// A netlink message being written: a zeroed buffer of the exact final
/// length, allocated once, filled by offset.
///
/// Writing by offset from ``XFRMLayout`` (rather than appending field after
/// field) means each field lands where the C compiler puts it, padding
/// included, and that one allocation of the right size holds the keys: an
/// array that grew would leave unwiped copies behind. Netlink integers are in
/// host order; SPIs, ports and addresses are in network order as the
/// `__be16`/`__be32` fields say.
struct NetlinkBuffer {
    private(set) var bytes: [UInt8]

    init(length: Int) { bytes = Array(repeating: 0, count: length) }

    mutating func storeHost<T: FixedWidthInteger>(_ value: T, at offset: Int) {
        withUnsafeBytes(of: value) { store(octets: $0, at: offset) }
    }

    mutating func storeNetwork<T: FixedWidthInteger>(_ value: T, at offset: Int) {
        withUnsafeBytes(of: value.bigEndian) { store(octets: $0, at: offset) }
    }

    /// An xfrm_address_t: IPv4 in the first four octets, the rest zero.
    mutating func store(address: IPAddress, at offset: Int) {
        store(octets: address.bytes, at: offset)
    }

    /// An algorithm name in its 64-octet array, NUL-padded (names are checked
    /// to be shorter than 64 octets when algorithms are built).
    mutating func store(name: String, at offset: Int) {
        store(octets: Array(name.utf8), at: offset)
    }

    mutating func store(secret: SecretBytes, at offset: Int) {
        secret.withUnsafeBytes { store(octets: $0, at: offset) }
    }

    mutating func store<C: Collection<UInt8>>(octets: C, at offset: Int) {
        var index = offset
        for octet in octets {
            bytes[index] = octet
            index += 1
        }
    }

    /// Writes the nlmsghdr at offset 0; the length is the buffer's.
    mutating func storeHeader(type: UInt16, flags: UInt16, sequence: UInt32, portID: UInt32) {
        storeHost(UInt32(bytes.count), at: XFRMLayout.headerLength)
        storeHost(type, at: XFRMLayout.headerType)
        storeHost(flags, at: XFRMLayout.headerFlags)
        storeHost(sequence, at: XFRMLayout.headerSequence)
        storeHost(portID, at: XFRMLayout.headerPortID)
    }

    /// Writes an attribute header at `offset` for `payloadLength` octets and
    /// returns where the payload starts; the next attribute starts at
    /// `offset + NetlinkBuffer.attributeSpace(payloadLength)`.
    mutating func storeAttributeHeader(type: UInt16, payloadLength: Int, at offset: Int) -> Int {
        storeHost(UInt16(XFRMLayout.attributeHeaderSize + payloadLength), at: offset)
        storeHost(type, at: offset + 2)
        return offset + XFRMLayout.attributeHeaderSize
    }

    /// Octets an attribute with `payloadLength` octets occupies, padding included (NLA_ALIGN).
    static func attributeSpace(_ payloadLength: Int) -> Int {
        Netlink.align(XFRMLayout.attributeHeaderSize + payloadLength)
    }
}
