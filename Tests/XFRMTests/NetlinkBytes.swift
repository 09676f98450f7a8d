/// A naive netlink message builder and splitter for the tests, sharing no
/// code with the module: host-order integers appended one after another.
struct NetlinkBytes {
    var bytes: [UInt8] = []

    mutating func u8(_ value: UInt8) { bytes.append(value) }
    mutating func u16(_ value: UInt16) { withUnsafeBytes(of: value) { bytes += $0 } }
    mutating func u32(_ value: UInt32) { withUnsafeBytes(of: value) { bytes += $0 } }
    mutating func i32(_ value: Int32) { withUnsafeBytes(of: value) { bytes += $0 } }
    mutating func u64(_ value: UInt64) { withUnsafeBytes(of: value) { bytes += $0 } }
    mutating func zeros(_ count: Int) { bytes += repeatElement(0, count: count) }
    mutating func raw(_ data: [UInt8]) { bytes += data }
    /// Pads to a multiple of four.
    mutating func align() { zeros((4 - bytes.count % 4) % 4) }

    /// nlmsghdr followed by `body`; `length` overrides nlmsg_len.
    static func message(type: UInt16, flags: UInt16 = 0, sequence: UInt32 = 1, portID: UInt32 = 77,
                        body: [UInt8], length: UInt32? = nil) -> [UInt8] {
        var message = NetlinkBytes()
        message.u32(length ?? UInt32(16 + body.count))
        message.u16(type)
        message.u16(flags)
        message.u32(sequence)
        message.u32(portID)
        message.raw(body)
        return message.bytes
    }

    /// nlattr followed by `value` and padding; `length` overrides nla_len.
    static func attribute(type: UInt16, value: [UInt8], length: UInt16? = nil) -> [UInt8] {
        var attribute = NetlinkBytes()
        attribute.u16(length ?? UInt16(4 + value.count))
        attribute.u16(type)
        attribute.raw(value)
        attribute.align()
        return attribute.bytes
    }
}

/// One XFRM request split into header, fixed structure and attributes, for
/// comparing two encodings after normalising what may legitimately differ.
struct SplitMessage: Equatable {
    var type: UInt16
    var flags: UInt16
    var sequence: UInt32
    var portID: UInt32
    var fixed: [UInt8]
    var attributes: [Attribute]

    struct Attribute: Equatable {
        var type: UInt16
        var value: [UInt8]
    }

    struct Malformed: Error, CustomStringConvertible { let description: String }

    /// Size of the fixed structure after the header, by message type.
    static func fixedSize(of type: UInt16) -> Int? {
        switch type {
        case 0x10: 224  // NEWSA: xfrm_usersa_info
        case 0x11, 0x12: 24  // DELSA, GETSA: xfrm_usersa_id
        case 0x13: 168  // NEWPOLICY: xfrm_userpolicy_info
        case 0x14: 64  // DELPOLICY: xfrm_userpolicy_id
        default: nil
        }
    }

    init(_ bytes: [UInt8]) throws {
        func u16(_ at: Int) -> UInt16 { UInt16(bytes[at]) | UInt16(bytes[at + 1]) << 8 }
        func u32(_ at: Int) -> UInt32 { UInt32(u16(at)) | UInt32(u16(at + 2)) << 16 }
        guard bytes.count >= 16, Int(u32(0)) == bytes.count else {
            throw Malformed(description: "nlmsg_len \(bytes.count >= 4 ? Int(u32(0)) : -1) for \(bytes.count) octets")
        }
        type = u16(4)
        flags = u16(6)
        sequence = u32(8)
        portID = u32(12)
        guard let size = Self.fixedSize(of: type), bytes.count >= 16 + size else {
            throw Malformed(description: "type \(type) with \(bytes.count) octets")
        }
        fixed = Array(bytes[16..<16 + size])
        attributes = []
        var offset = 16 + size
        while offset < bytes.count {
            guard offset + 4 <= bytes.count else { throw Malformed(description: "attribute header cut at \(offset)") }
            let length = Int(u16(offset))
            guard length >= 4, offset + length <= bytes.count else {
                throw Malformed(description: "nla_len \(length) at \(offset)")
            }
            attributes.append(Attribute(type: u16(offset + 2), value: Array(bytes[offset + 4..<offset + length])))
            offset += (length + 3) & ~3
        }
    }

    /// The message again, lengths and padding recomputed.
    var bytes: [UInt8] {
        var body = NetlinkBytes()
        body.raw(fixed)
        for attribute in attributes { body.raw(NetlinkBytes.attribute(type: attribute.type, value: attribute.value)) }
        return NetlinkBytes.message(type: type, flags: flags, sequence: sequence, portID: portID, body: body.bytes)
    }
}
