import COpenSSL

/// Owns an OpenSSL `EVP_PKEY`.
///
/// `@unchecked Sendable`: OpenSSL allows one `EVP_PKEY` to be used from several
/// threads at once as long as nobody modifies it; every operation here creates
/// its own `EVP_PKEY_CTX`, and keys are never changed after construction.
final class PKeyHandle: @unchecked Sendable {
    let pointer: OpaquePointer

    /// Takes ownership of a key returned by OpenSSL.
    init(taking pointer: OpaquePointer) {
        self.pointer = pointer
    }

    deinit {
        EVP_PKEY_free(pointer)
    }

    /// The key size in bits as OpenSSL reports it (RSA modulus length, or the
    /// order length of an elliptic curve).
    var bitCount: Int { Int(EVP_PKEY_get_bits(pointer)) }

    /// The maximum signature size in bytes.
    var maximumSignatureSize: Int { Int(EVP_PKEY_get_size(pointer)) }

    /// Whether the key is of the named OpenSSL key type ("RSA", "EC", "X25519").
    func isA(_ name: String) -> Bool { EVP_PKEY_is_a(pointer, name) == 1 }

    /// The short name of the curve of an EC key (for example "prime256v1").
    var groupName: String? {
        var buffer = [CChar](repeating: 0, count: 64)
        var length = 0
        guard EVP_PKEY_get_group_name(pointer, &buffer, buffer.count, &length) == 1,
              length < buffer.count else { return nil }
        return String(decoding: buffer[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The DER-encoded SubjectPublicKeyInfo (RFC 5280 §4.1.2.7) of the key.
    func subjectPublicKeyInfoDER() throws -> [UInt8] {
        let length = i2d_PUBKEY(pointer, nil)
        guard length > 0 else { throw CryptoError.openSSL("i2d_PUBKEY") }
        var output = [UInt8](repeating: 0, count: Int(length))
        let written = output.withUnsafeMutableBufferPointer { buffer -> Int32 in
            var cursor = buffer.baseAddress
            return i2d_PUBKEY(pointer, &cursor)
        }
        guard written == length else { throw CryptoError.openSSL("i2d_PUBKEY") }
        return output
    }
}
