/// Bytes that can be read in place as one contiguous buffer.
///
/// The PRF, HMAC and digest APIs take their inputs through this protocol so
/// that callers can pass arrays, slices, ``SecretBytes`` or raw buffers, and
/// several of them at once, without first copying them together (RFC 7296
/// computes prf over concatenations such as `Ni | Nr | SPIi | SPIr`).
public protocol ContiguousByteInput {
    /// Calls `body` with the bytes. The buffer must not escape `body`.
    func withContiguousByteInput<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R
}

extension Array: ContiguousByteInput where Element == UInt8 {
    public func withContiguousByteInput<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try withUnsafeBytes(body)
    }
}

extension ArraySlice: ContiguousByteInput where Element == UInt8 {
    public func withContiguousByteInput<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try withUnsafeBytes(body)
    }
}

extension ContiguousArray: ContiguousByteInput where Element == UInt8 {
    public func withContiguousByteInput<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try withUnsafeBytes(body)
    }
}

extension UnsafeRawBufferPointer: ContiguousByteInput {
    public func withContiguousByteInput<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try body(self)
    }
}

extension UnsafeMutableRawBufferPointer: ContiguousByteInput {
    public func withContiguousByteInput<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try body(UnsafeRawBufferPointer(self))
    }
}

extension SecretBytes: ContiguousByteInput {
    public func withContiguousByteInput<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try withUnsafeBytes(body)
    }
}
