import Testing
import TestSupport
@testable import IKECrypto

@Suite("ECDSA signatures (RFC 4754, RFC 7427)")
struct ECDSASignatureTests {
    typealias Vector = SignatureVectors.RFC4754

    @Test("RFC 4754 §8 signatures verify with the published public keys", arguments: SignatureVectors.rfc4754)
    func rfc4754Verify(_ vector: Vector) throws {
        let key = try PublicKey(subjectPublicKeyInfoDER: DER.ecSPKI(vector.curve, x: hex(vector.gwx), y: hex(vector.gwy)))
        #expect(key.kind == .ecdsa(vector.curve))
        let message = Array("abc".utf8)
        // Auth methods 9-11 carry r ‖ s, each padded to the curve size (RFC 4754 §7).
        let raw = hex(vector.r) + hex(vector.s)
        let signature = try ECDSASignature(rawRepresentation: raw, curve: vector.curve)
        #expect(try signature.rawRepresentation(curve: vector.curve) == raw)
        #expect(signature.r == Array(hex(vector.r).drop(while: { $0 == 0 })))
        #expect(signature.s == Array(hex(vector.s).drop(while: { $0 == 0 })))
        let der = signature.derRepresentation
        #expect(try ECDSASignature(derRepresentation: der) == signature)
        try key.verify(der, for: message, scheme: .ecdsa(vector.hash))

        // A different message, hash, or signature value fails.
        #expect(throws: CryptoError(.authenticationFailed, "")) {
            try key.verify(der, for: Array("abd".utf8), scheme: .ecdsa(vector.hash))
        }
        let otherHash: DigestAlgorithm = vector.hash == .sha256 ? .sha384 : .sha256
        #expect(throws: CryptoError(.authenticationFailed, "")) {
            try key.verify(der, for: message, scheme: .ecdsa(otherHash))
        }
        var flipped = raw
        flipped[raw.count - 1] ^= 0x01
        let flippedDER = try ECDSASignature(rawRepresentation: flipped, curve: vector.curve).derRepresentation
        #expect(throws: CryptoError(.authenticationFailed, "")) {
            try key.verify(flippedDER, for: message, scheme: .ecdsa(vector.hash))
        }
    }

    @Test("the private key w loads and yields the published public key", arguments: SignatureVectors.rfc4754)
    func rfc4754PrivateKey(_ vector: Vector) throws {
        let key = try PrivateKey(derEncoded: DER.ecPrivateKey(vector.curve, scalar: hex(vector.w)))
        #expect(key.kind == .ecdsa(vector.curve))
        #expect(key.bitCount == (vector.curve == .p521 ? 521 : vector.curve.coordinateSize * 8))
        #expect(key.publicKey.subjectPublicKeyInfoDER == DER.ecSPKI(vector.curve, x: hex(vector.gwx), y: hex(vector.gwy)))
        // ECDSA signing is randomised; the new signature verifies with the published public key.
        let message = Array("abc".utf8)
        let signature = try key.signature(for: message, scheme: .ecdsa(vector.hash))
        try key.publicKey.verify(signature, for: message, scheme: .ecdsa(vector.hash))
        let raw = try ECDSASignature(derRepresentation: signature).rawRepresentation(curve: vector.curve)
        #expect(raw.count == 2 * vector.curve.coordinateSize)
        #expect(try ECDSASignature(rawRepresentation: raw, curve: vector.curve).derRepresentation == signature)
    }

    @Test("r or s equal to 0 or not below n is rejected (CVE-2013-2944 class)", arguments: SignatureVectors.rfc4754)
    func outOfRange(_ vector: Vector) throws {
        let curve = vector.curve
        let key = try PublicKey(subjectPublicKeyInfoDER: DER.ecSPKI(curve, x: hex(vector.gwx), y: hex(vector.gwy)))
        let message = Array("abc".utf8)
        let order = try curve.parameters.order
        let size = curve.coordinateSize
        let zero = [UInt8](repeating: 0, count: size)
        var orderPlusOne = order
        orderPlusOne[size - 1] &+= 1  // n is odd, so no carry
        let allOnes = [UInt8](repeating: 0xFF, count: size)
        let r = hex(vector.r)
        let s = hex(vector.s)
        for (badR, badS) in [(zero, s), (r, zero), (zero, zero), (order, s), (r, order), (orderPlusOne, s), (r, allOnes)] {
            #expect(throws: CryptoError(.authenticationFailed, "")) {
                try ECDSASignature(rawRepresentation: badR + badS, curve: curve)
            }
            // The same values in DER are refused before OpenSSL sees them.
            let der = ECDSASignature(r: badR, s: badS).derRepresentation
            #expect(throws: CryptoError(.authenticationFailed, "")) {
                try key.verify(der, for: message, scheme: .ecdsa(vector.hash))
            }
        }
        // r + n ≡ r (mod n) would verify in a sloppy implementation.
        let rPlusN = Self.add(r, order)
        let der = ECDSASignature(r: rPlusN, s: s).derRepresentation
        #expect(throws: CryptoError(.authenticationFailed, "")) {
            try key.verify(der, for: message, scheme: .ecdsa(vector.hash))
        }
    }

    @Test("raw r ‖ s of the wrong length is rejected")
    func rawLength() throws {
        let vector = SignatureVectors.rfc4754P256
        let raw = hex(vector.r) + hex(vector.s)
        for candidate in [Array(raw.dropLast()), raw + [0], [], Array(raw.prefix(32))] {
            #expect(throws: CryptoError(.invalidLength, "")) {
                try ECDSASignature(rawRepresentation: candidate, curve: .p256)
            }
        }
        // A P-384 sized value is not a P-256 signature.
        let p384 = SignatureVectors.rfc4754P384
        #expect(throws: CryptoError(.invalidLength, "")) {
            try ECDSASignature(rawRepresentation: hex(p384.r) + hex(p384.s), curve: .p256)
        }
        // r longer than the curve size cannot be laid out as r ‖ s.
        let tooLong = ECDSASignature(r: hex(p384.r), s: hex(p384.s))
        #expect(throws: CryptoError(.invalidLength, "")) { try tooLong.rawRepresentation(curve: .p256) }
    }

    @Test("only strict DER is accepted")
    func strictDER() throws {
        let vector = SignatureVectors.rfc4754P256
        let good = try ECDSASignature(rawRepresentation: hex(vector.r) + hex(vector.s), curve: .p256).derRepresentation
        // r and s both have the top bit set, so each needs a 0x00 prefix.
        #expect(good.count == 2 + 2 * (2 + 33))
        #expect(Array(good.prefix(4)) == [0x30, 0x46, 0x02, 0x21])
        let r = Array(good[4..<37])
        let s = Array(good[39...])
        let malformed: [[UInt8]] = [
            [],
            [0x30, 0x00],
            good + [0x00],                                               // trailing byte
            Array(good.dropLast()),                                      // truncated
            [0x31] + good.dropFirst(),                                   // SET instead of SEQUENCE
            [0x30, 0x81, 0x46] + good.dropFirst(2),                      // non-minimal length
            [0x30, 0x80] + good.dropFirst(2) + [0x00, 0x00],             // indefinite length
            [0x30, 0x47, 0x02, 0x22, 0x00] + r + [0x02, 0x21] + s,       // r padded with an extra zero
            [0x30, 0x45, 0x02, 0x20] + r.dropFirst() + [0x02, 0x21] + s, // r negative (no 0x00 prefix)
            [0x30, 0x46, 0x03, 0x21] + r + [0x02, 0x21] + s,             // BIT STRING instead of INTEGER
            [0x30, 0x25, 0x02, 0x21] + r,                                // s missing
        ]
        for candidate in malformed {
            #expect(throws: CryptoError(.authenticationFailed, ""), "\(candidate.hex)") {
                try ECDSASignature(derRepresentation: candidate)
            }
        }
        #expect(try ECDSASignature(derRepresentation: good).derRepresentation == good)
        // A P-521 signature needs the long length form 0x81.
        let p521 = SignatureVectors.rfc4754P521
        let long = try ECDSASignature(rawRepresentation: hex(p521.r) + hex(p521.s), curve: .p521).derRepresentation
        #expect(long[1] == 0x81)
        #expect(try ECDSASignature(derRepresentation: long).derRepresentation == long)
    }

    @Test("signatures round-trip on every curve and hash",
          arguments: [KeyFixtures.p256PKCS8, KeyFixtures.p384PKCS8, KeyFixtures.p521SEC1],
          [DigestAlgorithm.sha256, .sha384, .sha512])
    func roundTrip(_ pem: String, _ hash: DigestAlgorithm) throws {
        let key = try PrivateKey(pemEncoded: pem)
        guard case let .ecdsa(curve) = key.kind else {
            Issue.record("not an ECDSA key")
            return
        }
        let message = Array("IKE_AUTH signed octets".utf8)
        let der = try key.signature(for: message, scheme: .ecdsa(hash))
        try key.publicKey.verify(der, for: message, scheme: .ecdsa(hash))
        let raw = try ECDSASignature(derRepresentation: der).rawRepresentation(curve: curve)
        let back = try ECDSASignature(rawRepresentation: raw, curve: curve).derRepresentation
        #expect(back == der)
        #expect(throws: CryptoError(.unsupportedAlgorithm, "")) {
            try key.signature(for: message, scheme: .ecdsa(.sha1))
        }
        #expect(throws: CryptoError(.unsupportedAlgorithm, "")) {
            try key.signature(for: message, scheme: .rsaPKCS1v15(hash))
        }
    }

    /// Big-endian addition, for building r + n.
    static func add(_ a: [UInt8], _ b: [UInt8]) -> [UInt8] {
        var result = [UInt8](repeating: 0, count: max(a.count, b.count) + 1)
        var carry = 0
        for i in 0..<result.count {
            let x = i < a.count ? Int(a[a.count - 1 - i]) : 0
            let y = i < b.count ? Int(b[b.count - 1 - i]) : 0
            let sum = x + y + carry
            result[result.count - 1 - i] = UInt8(sum & 0xFF)
            carry = sum >> 8
        }
        return result
    }
}
