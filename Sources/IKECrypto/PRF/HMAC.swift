/// One-shot HMAC (RFC 2104) with any ``DigestAlgorithm``, for protocols
/// outside IKE's negotiated transforms: RADIUS's HMAC-MD5
/// Message-Authenticator (RFC 3579 §3.2). IKE's PRFs and integrity transforms
/// keep their keyed ``PRF`` and ``Integrity`` contexts; this is the same
/// `HMACContext` keyed for one message.
public enum HMAC {
    /// HMAC of the concatenation of `parts` under `key`, `algorithm.outputSize`
    /// bytes.
    ///
    /// - Throws: ``CryptoError`` with `.unsupportedAlgorithm` if the OpenSSL
    ///   providers lack the digest, `.library` if OpenSSL fails.
    public static func authenticationCode(_ algorithm: DigestAlgorithm, key: some ContiguousByteInput,
                                          concatenating parts: [any ContiguousByteInput]) throws -> [UInt8] {
        let context = try key.withContiguousByteInput { try HMACContext(digest: algorithm, key: $0) }
        for part in parts {
            try part.withContiguousByteInput { try context.update($0) }
        }
        var output = [UInt8](repeating: 0, count: algorithm.outputSize)
        try output.withUnsafeMutableBytes { try context.finish(into: $0) }
        return output
    }
}
