import COpenSSL

/// One-shot message digests over OpenSSL's libcrypto.
public enum Digest {
    /// Hashes `data` with `algorithm`.
    ///
    /// - Throws: ``CryptoError`` with `.unsupportedAlgorithm` if the OpenSSL
    ///   providers lack the algorithm, `.library` if OpenSSL fails.
    public static func hash<Bytes: Collection<UInt8>>(_ algorithm: DigestAlgorithm, _ data: Bytes) throws -> [UInt8] {
        if let result = try data.withContiguousStorageIfAvailable({ buffer in
            try hash(algorithm, concatenating: [UnsafeRawBufferPointer(buffer)])
        }) {
            return result
        }
        return try hash(algorithm, concatenating: [Array(data)])
    }

    /// Hashes the concatenation of `parts` without copying them together.
    public static func hash(_ algorithm: DigestAlgorithm, concatenating parts: [any ContiguousByteInput]) throws -> [UInt8] {
        let context = try DigestContext(algorithm)
        for part in parts {
            try part.withContiguousByteInput { try context.update($0) }
        }
        return try context.finish()
    }

    /// SHA-1 of `data` (RFC 7296 §2.23 NAT detection, §3.7 CERTREQ).
    public static func sha1<Bytes: Collection<UInt8>>(_ data: Bytes) throws -> [UInt8] {
        try hash(.sha1, data)
    }

    /// SHA-256 of `data`.
    public static func sha256<Bytes: Collection<UInt8>>(_ data: Bytes) throws -> [UInt8] {
        try hash(.sha256, data)
    }

    /// SHA-384 of `data`.
    public static func sha384<Bytes: Collection<UInt8>>(_ data: Bytes) throws -> [UInt8] {
        try hash(.sha384, data)
    }

    /// SHA-512 of `data`.
    public static func sha512<Bytes: Collection<UInt8>>(_ data: Bytes) throws -> [UInt8] {
        try hash(.sha512, data)
    }
}
