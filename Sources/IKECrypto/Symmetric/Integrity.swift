import COpenSSL

/// An integrity transform keyed once: computes and checks truncated HMAC ICVs
/// for IKE SK payloads (RFC 7296 §3.14) and ESP packets (RFC 4303 §3.3.2).
///
/// The buffer-based methods allocate nothing on the Swift side, so the ESP
/// data plane can call them per packet. OpenSSL 3.0's HMAC itself still makes
/// two small heap allocations per ICV (restoring the keyed inner and outer
/// digest states goes through `EVP_MD_CTX_copy_ex`, which duplicates the
/// provider context); that was measured with a malloc counter and is outside
/// this code's control short of bypassing the providers (and with them the
/// FIPS provider). An `Integrity` holds mutable OpenSSL state and is not
/// `Sendable`: one instance per SA direction and thread.
public final class Integrity {
    /// The negotiated integrity transform.
    public let algorithm: IntegrityAlgorithm
    private let hmac: HMACContext

    /// - Throws: `.invalidLength` unless `key` has exactly
    ///   ``IntegrityAlgorithm/keySize`` bytes (RFC 4868 §2.1.1).
    public init(_ algorithm: IntegrityAlgorithm, key: SecretBytes) throws {
        guard key.count == algorithm.keySize else {
            throw CryptoError(.invalidLength, "\(algorithm) needs a \(algorithm.keySize)-byte key, got \(key.count) bytes")
        }
        self.algorithm = algorithm
        hmac = try key.withUnsafeBytes { try HMACContext(digest: algorithm.digest, key: $0) }
    }

    /// Bytes in one ICV.
    public var icvSize: Int { algorithm.icvSize }

    /// Computes the ICV over `data` followed by `suffix` and writes it into
    /// `icv`, which must hold exactly ``icvSize`` bytes.
    ///
    /// `suffix` exists for ESP with extended sequence numbers, whose
    /// high-order 32 bits are authenticated after the packet without being
    /// sent (RFC 4303 §2.2.1, §3.3.2.2.1).
    public func computeICV(
        over data: UnsafeRawBufferPointer,
        appending suffix: UnsafeRawBufferPointer = UnsafeRawBufferPointer(start: nil, count: 0),
        into icv: UnsafeMutableRawBufferPointer
    ) throws {
        guard icv.count == icvSize else {
            throw CryptoError(.invalidLength, "ICV buffer must be \(icvSize) bytes, got \(icv.count)")
        }
        try withFullMAC(over: data, suffix: suffix) { mac in
            icv.copyMemory(from: UnsafeRawBufferPointer(rebasing: mac[0..<icvSize]))
        }
    }

    /// Checks `icv` against the ICV of `data` followed by `suffix`, comparing
    /// in constant time.
    ///
    /// - Throws: `.authenticationFailed` if it does not match (including when
    ///   `icv` has the wrong length).
    public func verifyICV(
        _ icv: UnsafeRawBufferPointer,
        over data: UnsafeRawBufferPointer,
        appending suffix: UnsafeRawBufferPointer = UnsafeRawBufferPointer(start: nil, count: 0)
    ) throws {
        guard icv.count == icvSize else {
            throw CryptoError(.authenticationFailed, "ICV has \(icv.count) bytes, expected \(icvSize)")
        }
        let matches = try withFullMAC(over: data, suffix: suffix) { mac in
            constantTimeEquals(UnsafeRawBufferPointer(rebasing: mac[0..<icvSize]), icv)
        }
        guard matches else { throw CryptoError(.authenticationFailed, "integrity check value mismatch") }
    }

    /// Returns the ICV of `data`.
    public func computeICV(_ data: [UInt8]) throws -> [UInt8] {
        var icv = [UInt8](repeating: 0, count: icvSize)
        try data.withUnsafeBytes { input in
            try icv.withUnsafeMutableBytes { try computeICV(over: input, into: $0) }
        }
        return icv
    }

    /// Checks `icv` against the ICV of `data` in constant time.
    ///
    /// - Throws: `.authenticationFailed` if it does not match.
    public func verifyICV(_ icv: [UInt8], over data: [UInt8]) throws {
        try icv.withUnsafeBytes { icvBuffer in
            try data.withUnsafeBytes { try verifyICV(icvBuffer, over: $0) }
        }
    }

    /// Runs the HMAC into a stack buffer (the longest, SHA-512, is 64 bytes),
    /// hands it to `body`, then wipes it: the untruncated tail must not linger.
    private func withFullMAC<R>(
        over data: UnsafeRawBufferPointer,
        suffix: UnsafeRawBufferPointer,
        _ body: (UnsafeMutableRawBufferPointer) throws -> R
    ) throws -> R {
        let size = hmac.outputSize
        return try withUnsafeTemporaryAllocation(byteCount: size, alignment: 1) { mac in
            defer { OPENSSL_cleanse(mac.baseAddress, mac.count) }
            try hmac.reset()
            try hmac.update(data)
            try hmac.update(suffix)
            try hmac.finish(into: mac)
            return try body(mac)
        }
    }
}
