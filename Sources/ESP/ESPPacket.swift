/// The fixed layout of an ESP packet (RFC 4303 §2): SPI, sequence number
/// (low 32 bits), IV, ciphertext of payload ‖ padding ‖ pad length ‖ next
/// header, ICV.
enum ESPPacket {
    static let headerSize = 8
    /// Pad Length and Next Header, at the end of the plaintext.
    static let trailerSize = 2
    /// IP protocol 59: a dummy packet for traffic flow confidentiality
    /// (RFC 4303 §2.6), to be dropped after decryption.
    static let noNextHeader: UInt8 = 59

    /// The SPI of an ESP packet, if it is long enough to have one.
    static func spi(of packet: UnsafeRawBufferPointer) -> UInt32? {
        guard packet.count >= headerSize else { return nil }
        return UInt32(bigEndian: packet.loadUnaligned(fromByteOffset: 0, as: UInt32.self))
    }
}

extension UnsafeMutableRawBufferPointer {
    func storeBigEndian(_ value: UInt32, at offset: Int) {
        storeBytes(of: value.bigEndian, toByteOffset: offset, as: UInt32.self)
    }

    func storeBigEndian(_ value: UInt64, at offset: Int) {
        storeBytes(of: value.bigEndian, toByteOffset: offset, as: UInt64.self)
    }

    func slice(_ range: Range<Int>) -> UnsafeMutableRawBufferPointer { UnsafeMutableRawBufferPointer(rebasing: self[range]) }
}

extension UnsafeRawBufferPointer {
    func slice(_ range: Range<Int>) -> UnsafeRawBufferPointer { UnsafeRawBufferPointer(rebasing: self[range]) }
}

/// The additional data of an AEAD ESP packet (RFC 4106 §5): SPI and the
/// 32-bit sequence number, or SPI, high and low halves with ESN. Built on
/// the stack.
func withESPAssociatedData<R>(spi: UInt32, sequence: UInt64, extended: Bool,
                              _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
    try withUnsafeTemporaryAllocation(byteCount: 12, alignment: 1) { aad in
        aad.storeBigEndian(spi, at: 0)
        if extended {
            aad.storeBigEndian(sequence, at: 4)
            return try body(UnsafeRawBufferPointer(aad))
        }
        aad.storeBigEndian(UInt32(truncatingIfNeeded: sequence), at: 4)
        return try body(UnsafeRawBufferPointer(aad.slice(0..<8)))
    }
}

/// The high half of an extended sequence number, authenticated after the
/// packet without being sent (RFC 4303 §3.3.2.2.1); empty without ESN.
func withESNSuffix<R>(sequence: UInt64, extended: Bool, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
    try withUnsafeTemporaryAllocation(byteCount: 4, alignment: 1) { suffix in
        suffix.storeBigEndian(UInt32(truncatingIfNeeded: sequence >> 32), at: 0)
        return try body(extended ? UnsafeRawBufferPointer(suffix) : UnsafeRawBufferPointer(start: nil, count: 0))
    }
}
