/// A cursor over untrusted bytes that never reads past its end.
///
/// Every read checks the remaining length first and throws
/// ``IKEDecodingError/Reason/truncated`` instead of trapping. Reads of byte
/// runs return slices that share the input's storage, so decoding copies no
/// payload data.
struct ByteReader {
    private(set) var remaining: ArraySlice<UInt8>

    init(_ bytes: ArraySlice<UInt8>) {
        remaining = bytes
    }

    var isEmpty: Bool { remaining.isEmpty }
    var count: Int { remaining.count }

    mutating func readUInt8() throws(IKEDecodingError) -> UInt8 {
        guard let byte = remaining.first else { throw IKEDecodingError(.truncated) }
        remaining = remaining.dropFirst()
        return byte
    }

    mutating func readUInt16() throws(IKEDecodingError) -> UInt16 {
        let bytes = try readBytes(2)
        return UInt16(bytes[bytes.startIndex]) << 8 | UInt16(bytes[bytes.startIndex + 1])
    }

    mutating func readUInt32() throws(IKEDecodingError) -> UInt32 {
        let bytes = try readBytes(4)
        var value: UInt32 = 0
        for byte in bytes { value = value << 8 | UInt32(byte) }
        return value
    }

    mutating func readUInt64() throws(IKEDecodingError) -> UInt64 {
        let bytes = try readBytes(8)
        var value: UInt64 = 0
        for byte in bytes { value = value << 8 | UInt64(byte) }
        return value
    }

    /// Reads exactly `count` bytes as a slice of the input.
    mutating func readBytes(_ count: Int) throws(IKEDecodingError) -> ArraySlice<UInt8> {
        guard count >= 0, count <= remaining.count else { throw IKEDecodingError(.truncated) }
        let end = remaining.startIndex + count
        let bytes = remaining[remaining.startIndex..<end]
        remaining = remaining[end...]
        return bytes
    }

    /// Reads everything that is left.
    mutating func readRest() -> ArraySlice<UInt8> {
        let bytes = remaining
        remaining = remaining[remaining.endIndex...]
        return bytes
    }

    /// Skips reserved bytes; their content is ignored on receipt (RFC 7296 §3.2).
    mutating func skip(_ count: Int) throws(IKEDecodingError) {
        _ = try readBytes(count)
    }
}

extension ByteReader {
    /// Counts the consecutive structures in `bytes` whose 16-bit length,
    /// covering the whole structure, sits at offset 2: the layout of generic
    /// payload headers (RFC 7296 §3.2), proposals (§3.3.1) and transforms
    /// (§3.3.2). Stops at the first one that does not fit.
    ///
    /// Decoders size their arrays with it, so each array is allocated once
    /// instead of growing; the count is bounded by `bytes.count / 4`, never by
    /// a count field an attacker chose.
    static func countStructures(in bytes: ArraySlice<UInt8>) -> Int {
        var count = 0
        var offset = bytes.startIndex
        while bytes.endIndex - offset >= 4 {
            let length = Int(bytes[offset + 2]) << 8 | Int(bytes[offset + 3])
            guard length >= 4, length <= bytes.endIndex - offset else { break }
            count += 1
            offset += length
        }
        return count
    }
}
