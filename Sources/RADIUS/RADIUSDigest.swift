import IKECrypto

/// The two keyed computations RADIUS signs packets with, on the packet's
/// octets as they are (or will be) on the wire.
enum RADIUSDigest {
    /// MD5(Code + Identifier + Length + `authenticatorField` + Attributes +
    /// Secret): the Response Authenticator (RFC 2865 §3, with the Request
    /// Authenticator as field) and the Accounting-Request Authenticator
    /// (RFC 2866 §3, with 16 zero octets).
    static func authenticator(_ packet: ArraySlice<UInt8>, authenticatorField: [UInt8], secret: SecretBytes) throws(CryptoError) -> [UInt8] {
        let start = packet.startIndex
        return try crypto {
            try Digest.hash(.md5, concatenating: [packet[start..<(start + 4)], authenticatorField,
                                                  packet[(start + RADIUSPacket.headerSize)...], secret])
        }
    }

    /// HMAC-MD5 keyed with the secret over the packet with
    /// `authenticatorField` in the Authenticator and the Message-Authenticator
    /// value (at `valueOffset`, relative to the packet's start) as 16 zero
    /// octets (RFC 3579 §3.2).
    static func messageAuthenticator(_ packet: ArraySlice<UInt8>, authenticatorField: [UInt8], valueOffset: Int,
                                     secret: SecretBytes) throws(CryptoError) -> [UInt8] {
        let start = packet.startIndex
        let value = start + valueOffset
        return try crypto {
            try HMAC.authenticationCode(.md5, key: secret, concatenating: [
                packet[start..<(start + 4)], authenticatorField, packet[(start + RADIUSPacket.headerSize)..<value],
                zeros, packet[(value + 16)...],
            ])
        }
    }

    private static let zeros = [UInt8](repeating: 0, count: 16)

    /// IKECrypto's digests throw untyped; everything they throw is a
    /// ``CryptoError``.
    static func crypto<T>(_ body: () throws -> T) throws(CryptoError) -> T {
        do {
            return try body()
        } catch let error as CryptoError {
            throw error
        } catch {
            throw CryptoError(.library, "\(error)")
        }
    }
}
