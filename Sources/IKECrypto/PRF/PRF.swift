import COpenSSL

/// An IKEv2 pseudorandom function keyed once (RFC 7296 §2.13, §2.14).
///
/// The HMAC key schedule is computed when the PRF is created; every
/// ``compute(_:)`` call only restores it, so deriving many values from one key
/// (prf+ iterations, AUTH payloads) pays the keying cost once.
///
/// A `PRF` holds mutable OpenSSL state and is not `Sendable`: give each task
/// its own instance.
public final class PRF {
    /// The negotiated PRF transform.
    public let algorithm: PRFAlgorithm
    private let hmac: HMACContext

    /// Keys the PRF. HMAC-based PRFs accept keys of any length (RFC 7296
    /// §2.14: `SKEYSEED = prf(Ni | Nr, g^ir)` uses the nonces as key).
    public init(_ algorithm: PRFAlgorithm, key: some ContiguousByteInput) throws {
        self.algorithm = algorithm
        hmac = try key.withContiguousByteInput { try HMACContext(digest: algorithm.digest, key: $0) }
    }

    /// Bytes produced by one invocation.
    public var outputSize: Int { algorithm.outputSize }

    /// Computes the PRF over the concatenation of `parts`.
    public func compute(_ parts: any ContiguousByteInput...) throws -> [UInt8] {
        try compute(concatenating: parts)
    }

    /// Computes the PRF over the concatenation of `parts`, for a number of
    /// parts only known at run time.
    public func compute(concatenating parts: [any ContiguousByteInput]) throws -> [UInt8] {
        var output = [UInt8](repeating: 0, count: outputSize)
        try output.withUnsafeMutableBytes { try compute(concatenating: parts, into: $0) }
        return output
    }

    /// Computes the PRF and keeps the result as a secret, for values that are
    /// keys themselves (SKEYSEED, RFC 7296 §2.14 and §2.18).
    public func computeSecret(_ parts: any ContiguousByteInput...) throws -> SecretBytes {
        SecretBytes(try compute(concatenating: parts))
    }

    /// Computes the PRF into `output`, which must hold exactly ``outputSize``
    /// bytes.
    public func compute(concatenating parts: [any ContiguousByteInput], into output: UnsafeMutableRawBufferPointer) throws {
        guard output.count == outputSize else {
            throw CryptoError(.invalidLength, "PRF output buffer must be \(outputSize) bytes, got \(output.count)")
        }
        try hmac.reset()
        for part in parts {
            try part.withContiguousByteInput { try hmac.update($0) }
        }
        try hmac.finish(into: output)
    }

    /// prf+ (RFC 7296 §2.13): `T1 | T2 | ...` truncated to `length`, where
    /// `T1 = prf(K, S | 0x01)` and `Tn = prf(K, Tn-1 | S | n)`; the seed `S` is
    /// the concatenation of `seed`.
    ///
    /// - Throws: `.outputTooLong` when more than 255 iterations would be
    ///   needed (the counter is a single octet), `.invalidLength` for a
    ///   negative length.
    public func prfPlus(length: Int, seed: any ContiguousByteInput...) throws -> SecretBytes {
        try prfPlus(length: length, seedConcatenating: seed)
    }

    /// prf+ with a seed whose number of parts is only known at run time.
    public func prfPlus(length: Int, seedConcatenating seed: [any ContiguousByteInput]) throws -> SecretBytes {
        guard length >= 0 else { throw CryptoError(.invalidLength, "prf+ length is negative") }
        let blockSize = outputSize
        let iterations = (length + blockSize - 1) / blockSize
        guard iterations <= 255 else {
            throw CryptoError(.outputTooLong, "prf+ needs \(iterations) iterations for \(length) bytes; at most 255 are defined")
        }
        var output = [UInt8](repeating: 0, count: length)
        // Each T is computed in place into a scratch block that also feeds
        // the next round; the scratch is wiped before returning.
        var block = [UInt8](repeating: 0, count: blockSize)
        defer { block.withUnsafeMutableBytes { OPENSSL_cleanse($0.baseAddress, $0.count) } }
        var produced = 0
        for counter in stride(from: 1, through: iterations, by: 1) {
            var counterByte = UInt8(counter)
            try block.withUnsafeMutableBytes { blockBuffer in
                try hmac.reset()
                if counter > 1 { try hmac.update(UnsafeRawBufferPointer(blockBuffer)) }
                for part in seed {
                    try part.withContiguousByteInput { try hmac.update($0) }
                }
                try withUnsafeBytes(of: &counterByte) { try hmac.update($0) }
                try hmac.finish(into: blockBuffer)
            }
            let take = min(blockSize, length - produced)
            output.replaceSubrange(produced..<(produced + take), with: block[0..<take])
            produced += take
        }
        return SecretBytes(output)
    }
}
