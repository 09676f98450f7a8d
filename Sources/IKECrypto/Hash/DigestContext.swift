import COpenSSL

/// An incremental digest computation on an `EVP_MD_CTX`, freed on deinit.
///
/// Internal: callers use ``Digest``; MSCHAPv2 and the multi-part digest use
/// this to hash concatenations without building them.
final class DigestContext {
    private let context: OpaquePointer
    private let outputSize: Int

    init(_ algorithm: DigestAlgorithm) throws {
        let digest = try algorithm.implementation.pointer()
        guard let context = EVP_MD_CTX_new() else { throw CryptoError.openSSL("EVP_MD_CTX_new") }
        self.context = context
        outputSize = algorithm.outputSize
        guard EVP_DigestInit_ex2(context, digest, nil) == 1 else {
            throw CryptoError.openSSL("EVP_DigestInit_ex2")
        }
    }

    deinit { EVP_MD_CTX_free(context) }

    func update(_ bytes: UnsafeRawBufferPointer) throws {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
        guard EVP_DigestUpdate(context, base, bytes.count) == 1 else {
            throw CryptoError.openSSL("EVP_DigestUpdate")
        }
    }

    func finish() throws -> [UInt8] {
        var output = [UInt8](repeating: 0, count: outputSize)
        var length: UInt32 = 0
        let status = output.withUnsafeMutableBufferPointer { buffer in
            EVP_DigestFinal_ex(context, buffer.baseAddress, &length)
        }
        guard status == 1, Int(length) == outputSize else { throw CryptoError.openSSL("EVP_DigestFinal_ex") }
        return output
    }
}
