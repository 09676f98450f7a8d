import COpenSSL

extension CryptoError {
    /// Builds a `.library` error from OpenSSL's error queue and clears the queue,
    /// so one failure never shows up as the cause of an unrelated later one.
    static func openSSL(_ operation: String) -> CryptoError {
        var reasons: [String] = []
        while true {
            let code = ERR_get_error()
            if code == 0 { break }
            var buffer = [CChar](repeating: 0, count: 256)
            ERR_error_string_n(code, &buffer, buffer.count)
            let length = buffer.firstIndex(of: 0) ?? buffer.count
            reasons.append(String(decoding: buffer[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        let detail = reasons.isEmpty ? operation : "\(operation): \(reasons.joined(separator: "; "))"
        return CryptoError(.library, detail)
    }
}

/// Fills a new array with `count` bytes from OpenSSL's CSPRNG (used for nonces,
/// IVs and SPIs; RFC 7296 §2.10 requires nonces to be unpredictable).
public func secureRandomBytes(_ count: Int) -> [UInt8] {
    var bytes = [UInt8](repeating: 0, count: count)
    secureRandomFill(&bytes)
    return bytes
}

/// Overwrites `buffer` with random bytes from OpenSSL's CSPRNG.
public func secureRandomFill(_ buffer: inout [UInt8]) {
    buffer.withUnsafeMutableBytes { secureRandomFill($0) }
}

/// Overwrites `buffer` with random bytes from OpenSSL's CSPRNG, without
/// allocating (per-packet ESP IVs).
public func secureRandomFill(_ buffer: UnsafeMutableRawBufferPointer) {
    guard let base = buffer.baseAddress, !buffer.isEmpty else { return }
    let status = RAND_bytes(base.assumingMemoryBound(to: UInt8.self), Int32(buffer.count))
    // RAND_bytes fails only if the DRBG cannot be seeded. Continuing would hand
    // out predictable nonces and keys, so stopping the process is the safe choice.
    precondition(status == 1, "OpenSSL RAND_bytes failed: the system random generator is unavailable")
}
