@testable import IKECrypto

/// Just enough DER to build keys from published components in tests
/// (RFC 8017 A.1, RFC 5280 §4.1.2.7, RFC 5480 §2).
enum DER {
    static func length(_ count: Int) -> [UInt8] {
        if count < 0x80 { return [UInt8(count)] }
        var bytes: [UInt8] = []
        var remaining = count
        while remaining > 0 {
            bytes.insert(UInt8(remaining & 0xFF), at: 0)
            remaining >>= 8
        }
        return [0x80 | UInt8(bytes.count)] + bytes
    }

    static func tlv(_ tag: UInt8, _ content: [UInt8]) -> [UInt8] { [tag] + length(content.count) + content }
    static func sequence(_ items: [UInt8]...) -> [UInt8] { tlv(0x30, items.flatMap { $0 }) }

    /// A non-negative INTEGER from big-endian magnitude bytes.
    static func integer(_ magnitude: [UInt8]) -> [UInt8] {
        var content = Array(magnitude.drop(while: { $0 == 0 }))
        if content.isEmpty || content[0] & 0x80 != 0 { content.insert(0, at: 0) }
        return tlv(0x02, content)
    }

    static func bitString(_ bytes: [UInt8]) -> [UInt8] { tlv(0x03, [0] + bytes) }

    /// AlgorithmIdentifier for rsaEncryption with NULL parameters.
    static let rsaEncryption: [UInt8] = [0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00]

    /// PKCS#1 RSAPrivateKey (RFC 8017 A.1.2), version 0.
    static func rsaPrivateKey(n: [UInt8], e: [UInt8], d: [UInt8], p: [UInt8], q: [UInt8],
                              dp: [UInt8], dq: [UInt8], qinv: [UInt8]) -> [UInt8] {
        sequence(integer([0]), integer(n), integer(e), integer(d), integer(p), integer(q),
                 integer(dp), integer(dq), integer(qinv))
    }

    /// SubjectPublicKeyInfo for an RSA key.
    static func rsaSPKI(n: [UInt8], e: [UInt8]) -> [UInt8] {
        sequence(rsaEncryption, bitString(sequence(integer(n), integer(e))))
    }

    /// SubjectPublicKeyInfo for id-ecPublicKey with a named curve (RFC 5480 §2)
    /// and the given encoded point.
    static func ecSPKI(_ curve: EllipticCurve, point: [UInt8]) -> [UInt8] {
        let idECPublicKey: [UInt8] = [0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01]
        return sequence(sequence(idECPublicKey, curveOID(curve)), bitString(point))
    }

    /// The namedCurve OBJECT IDENTIFIER (RFC 5480 §2.1.1.1).
    static func curveOID(_ curve: EllipticCurve) -> [UInt8] {
        switch curve {
        case .p256: return [0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07]
        case .p384: return [0x06, 0x05, 0x2b, 0x81, 0x04, 0x00, 0x22]
        case .p521: return [0x06, 0x05, 0x2b, 0x81, 0x04, 0x00, 0x23]
        }
    }

    /// SEC1 ECPrivateKey (RFC 5915 §3) with the curve and without the optional
    /// public key, which the decoder recomputes.
    static func ecPrivateKey(_ curve: EllipticCurve, scalar: [UInt8]) -> [UInt8] {
        sequence(integer([1]), tlv(0x04, scalar), tlv(0xA0, curveOID(curve)))
    }

    static func ecSPKI(_ curve: EllipticCurve, x: [UInt8], y: [UInt8]) -> [UInt8] {
        ecSPKI(curve, point: [0x04] + x + y)
    }
}
