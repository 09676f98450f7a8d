import IKECrypto

/// MS-MPPE-Send-Key and MS-MPPE-Recv-Key encryption (RFC 2548 §2.4.2,
/// §2.4.3): the vendor sub-attribute's value is a 2-octet Salt (most
/// significant bit set) and the String, the plaintext
/// Key-Length(1) ‖ Key ‖ zero padding to a multiple of 16 octets, encrypted
/// block by block with
///
///     b(1) = MD5(S + R + A)    c(1) = p(1) xor b(1)
///     b(i) = MD5(S + c(i-1))   c(i) = p(i) xor b(i)
///
/// where S is the shared secret, R the Request Authenticator of the
/// Access-Request answered, and A the Salt.
public enum MPPEKey {
    /// The key in an MS-MPPE-Send-Key or -Recv-Key value.
    ///
    /// - Throws: ``MPPEKeyError`` for a salt without its high bit, a String
    ///   that is empty or not a multiple of 16 octets, or a Key-Length
    ///   larger than what was decrypted. The padding is not checked: RFC
    ///   2548 leaves its content to the sender.
    public static func decrypt(_ value: [UInt8], secret: SecretBytes,
                               requestAuthenticator: [UInt8]) throws(MPPEKeyError) -> SecretBytes {
        guard value.count >= 2 else { throw .invalidCiphertextLength(0) }
        let salt = Array(value[0..<2])
        let ciphertext = Array(value[2...])
        guard !ciphertext.isEmpty, ciphertext.count % 16 == 0 else { throw .invalidCiphertextLength(ciphertext.count) }
        let plaintext = SecretBytes(try transform(ciphertext, encrypting: false, salt: salt, secret: secret,
                                                  requestAuthenticator: requestAuthenticator))
        let keyLength = plaintext.withUnsafeBytes { Int($0[0]) }
        guard keyLength <= plaintext.count - 1 else {
            throw .keyLengthExceedsPlaintext(keyLength: keyLength, available: plaintext.count - 1)
        }
        return plaintext.slice(1..<(1 + keyLength))
    }

    /// The MS-MPPE-Send-Key or -Recv-Key value carrying `key`, with `salt`
    /// (2 octets, most significant bit set, unique within the packet;
    /// RFC 2548 §2.4.2). For test servers; the gateway only decrypts.
    public static func encrypt(_ key: SecretBytes, salt: [UInt8], secret: SecretBytes,
                               requestAuthenticator: [UInt8]) throws(MPPEKeyError) -> [UInt8] {
        // The value must fit a vendor sub-attribute: 253 - 4 (Vendor-Id) -
        // 2 (sub-attribute header) = 247 octets, 2 of them the salt.
        let paddedLength = (1 + key.count + 15) / 16 * 16
        guard 2 + paddedLength <= 247 else { throw .keyTooLong(key.count) }
        var plaintext = [UInt8](repeating: 0, count: paddedLength)
        plaintext[0] = UInt8(key.count)
        key.withUnsafeBytes { plaintext.replaceSubrange(1..<(1 + key.count), with: $0) }
        defer { for index in plaintext.indices { plaintext[index] = 0 } }
        return salt + (try transform(plaintext, encrypting: true, salt: salt, secret: secret, requestAuthenticator: requestAuthenticator))
    }

    /// The block chain both directions share: `input` xor b(i), where each
    /// b(i+1) hashes the ciphertext block i (the output when encrypting, the
    /// input when decrypting).
    private static func transform(_ input: [UInt8], encrypting: Bool, salt: [UInt8], secret: SecretBytes,
                                  requestAuthenticator: [UInt8]) throws(MPPEKeyError) -> [UInt8] {
        guard salt.count == 2 else { throw .invalidParameter("salt of \(salt.count) octets") }
        guard salt[0] & 0x80 != 0 else { throw .saltWithoutHighBit }
        guard requestAuthenticator.count == 16 else {
            throw .invalidParameter("request authenticator of \(requestAuthenticator.count) octets")
        }
        var output = [UInt8](repeating: 0, count: input.count)
        var chain: [UInt8] = requestAuthenticator + salt
        for block in stride(from: 0, to: input.count, by: 16) {
            let b: [UInt8]
            do {
                b = try RADIUSDigest.crypto { try Digest.hash(.md5, concatenating: [secret, chain]) }
            } catch { throw .crypto(error) }
            for i in 0..<16 { output[block + i] = input[block + i] ^ b[i] }
            chain = Array((encrypting ? output : input)[block..<(block + 16)])
        }
        return output
    }
}
