import COpenSSL

/// A hash function for AUTH payload signatures.
///
/// Raw values are the IANA "IKEv2 Hash Algorithms" numbers that RFC 7427 §4
/// peers announce in the SIGNATURE_HASH_ALGORITHMS notification.
public enum SignatureHashAlgorithm: UInt16, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// SHA-1. Only for RSA PKCS#1 v1.5, which IKEv2 auth method 1 fixes to
    /// SHA-1 (RFC 7296 §3.8).
    case sha1 = 1
    /// SHA-256.
    case sha256 = 2
    /// SHA-384.
    case sha384 = 3
    /// SHA-512.
    case sha512 = 4

    /// The digest length in bytes.
    public var digestSize: Int {
        switch self {
        case .sha1: return 20
        case .sha256: return 32
        case .sha384: return 48
        case .sha512: return 64
        }
    }

    /// The algorithm name, for logs.
    public var description: String {
        switch self {
        case .sha1: return "SHA-1"
        case .sha256: return "SHA-256"
        case .sha384: return "SHA-384"
        case .sha512: return "SHA-512"
        }
    }

    /// The `EVP_MD`, fetched from the provider once per process.
    var messageDigest: MessageDigestHandle {
        get throws {
            let cached: MessageDigestHandle?
            switch self {
            case .sha1: cached = MessageDigestHandle.sha1
            case .sha256: cached = MessageDigestHandle.sha256
            case .sha384: cached = MessageDigestHandle.sha384
            case .sha512: cached = MessageDigestHandle.sha512
            }
            guard let cached else { throw CryptoError(.unsupportedAlgorithm, "\(self) is not available from the OpenSSL provider") }
            return cached
        }
    }

    /// The digest of `message`.
    func digest(_ message: [UInt8]) throws -> [UInt8] {
        let md = try messageDigest
        var output = [UInt8](repeating: 0, count: digestSize)
        var length: UInt32 = 0
        let status = message.withUnsafeBytes { input in
            output.withUnsafeMutableBufferPointer { out in
                EVP_Digest(input.baseAddress, input.count, out.baseAddress, &length, md.pointer, nil)
            }
        }
        guard status == 1, Int(length) == digestSize else { throw CryptoError.openSSL("EVP_Digest") }
        return output
    }
}
