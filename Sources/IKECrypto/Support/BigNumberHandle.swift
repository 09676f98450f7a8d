import COpenSSL

/// Owns an OpenSSL `BIGNUM` and clears it before freeing, because some of them
/// hold Diffie-Hellman private exponents.
///
/// `@unchecked Sendable`: values that are shared between threads (group primes,
/// private exponents) are never modified after construction, and OpenSSL's BN
/// functions only read their inputs.
final class BigNumberHandle: @unchecked Sendable {
    let pointer: OpaquePointer

    /// Allocates a zero-valued number; `secure` uses OpenSSL's secure heap when
    /// the application has set one up (it falls back to the normal heap otherwise).
    init(secure: Bool = false) throws {
        guard let pointer = secure ? BN_secure_new() : BN_new() else {
            throw CryptoError.openSSL("BN_new")
        }
        self.pointer = pointer
    }

    /// Takes ownership of a `BIGNUM` returned by OpenSSL.
    init(taking pointer: OpaquePointer) {
        self.pointer = pointer
    }

    /// Parses an unsigned big-endian integer.
    convenience init<C: Collection<UInt8>>(bigEndian bytes: C, secure: Bool = false) throws {
        try self.init(secure: secure)
        let array = Array(bytes)
        let result = array.withUnsafeBufferPointer { buffer in
            BN_bin2bn(buffer.baseAddress, Int32(buffer.count), pointer)
        }
        guard result != nil else { throw CryptoError.openSSL("BN_bin2bn") }
    }

    deinit {
        BN_clear_free(pointer)
    }

    /// The value as an unsigned big-endian integer left-padded with zeros to
    /// `length` bytes, or `nil` if it does not fit.
    func bytes(paddedTo length: Int) -> [UInt8]? {
        var output = [UInt8](repeating: 0, count: length)
        let written = output.withUnsafeMutableBufferPointer { buffer in
            BN_bn2binpad(pointer, buffer.baseAddress, Int32(length))
        }
        return written == Int32(length) ? output : nil
    }

    /// The number of significant bits.
    var bitCount: Int { Int(BN_num_bits(pointer)) }

    /// Three-way comparison of the magnitudes.
    func compare(_ other: BigNumberHandle) -> Int32 { BN_ucmp(pointer, other.pointer) }
}
