import Foundation
import Testing
import TestSupport
@testable import IKECrypto

@Suite("Loading signature keys from PEM and DER")
struct KeyLoadingTests {
    /// The DER inside a single PEM block.
    static func der(_ pem: String) throws -> [UInt8] {
        let body = pem.split(separator: "\n").filter { !$0.hasPrefix("-----") }.joined()
        return Array(try #require(Data(base64Encoded: body)))
    }

    @Test("RSA PKCS#1 and PKCS#8, PEM and DER, give the same key")
    func rsaEncodings() throws {
        let expectedSPKI = try Self.der(KeyFixtures.rsaPublic)
        let keys = [
            try PrivateKey(pemEncoded: KeyFixtures.rsaPKCS1),
            try PrivateKey(pemEncoded: KeyFixtures.rsaPKCS8),
            try PrivateKey(derEncoded: Self.der(KeyFixtures.rsaPKCS1)),
            try PrivateKey(derEncoded: Self.der(KeyFixtures.rsaPKCS8)),
        ]
        for key in keys {
            #expect(key.kind == .rsa)
            #expect(key.bitCount == 2048)
            #expect(key.publicKey.subjectPublicKeyInfoDER == expectedSPKI)
        }
        let publicKey = try PublicKey(pemEncoded: KeyFixtures.rsaPublic)
        #expect(publicKey.kind == .rsa && publicKey.bitCount == 2048)
        #expect(publicKey.subjectPublicKeyInfoDER == expectedSPKI)
        #expect(try PublicKey(subjectPublicKeyInfoDER: expectedSPKI).subjectPublicKeyInfoDER == expectedSPKI)
        let message = Array("message".utf8)
        try publicKey.verify(try keys[0].signature(for: message, scheme: .rsaPKCS1v15(.sha256)),
                             for: message, scheme: .rsaPKCS1v15(.sha256))
    }

    @Test("EC SEC1 and PKCS#8, PEM and DER, give the same key")
    func ecEncodings() throws {
        let expectedSPKI = try Self.der(KeyFixtures.p256Public)
        let keys = [
            try PrivateKey(pemEncoded: KeyFixtures.p256SEC1),
            try PrivateKey(pemEncoded: KeyFixtures.p256PKCS8),
            try PrivateKey(derEncoded: Self.der(KeyFixtures.p256SEC1)),
            try PrivateKey(derEncoded: Self.der(KeyFixtures.p256PKCS8)),
        ]
        for key in keys {
            #expect(key.kind == .ecdsa(.p256))
            #expect(key.bitCount == 256)
            #expect(key.publicKey.subjectPublicKeyInfoDER == expectedSPKI)
        }
        #expect(try PublicKey(pemEncoded: KeyFixtures.p256Public).kind == .ecdsa(.p256))
        #expect(try PrivateKey(pemEncoded: KeyFixtures.p384PKCS8).kind == .ecdsa(.p384))
        let p521 = try PrivateKey(pemEncoded: KeyFixtures.p521SEC1)
        #expect(p521.kind == .ecdsa(.p521) && p521.bitCount == 521)
    }

    @Test("encrypted, unsupported and malformed keys are refused")
    func refusedPrivateKeys() throws {
        let pems = [
            KeyFixtures.p256Encrypted,  // no password is ever requested
            KeyFixtures.ed25519,
            KeyFixtures.secp256k1,
            KeyFixtures.rsaPSSOnly,
            KeyFixtures.rsaPublic,       // a public key is not a private key
            "",
            "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n",
            "not a key",
        ]
        for pem in pems {
            #expect(throws: CryptoError(.invalidKey, "")) { try PrivateKey(pemEncoded: pem) }
        }
        let der = try Self.der(KeyFixtures.p256PKCS8)
        for candidate in [der + [0], Array(der.dropLast()), [], [0x30, 0x00], try Self.der(KeyFixtures.ed25519)] {
            #expect(throws: CryptoError(.invalidKey, "")) { try PrivateKey(derEncoded: candidate) }
        }
    }

    @Test("unsupported and malformed public keys are refused")
    func refusedPublicKeys() throws {
        #expect(throws: CryptoError(.invalidKey, "")) { try PublicKey(pemEncoded: KeyFixtures.secp256k1Public) }
        #expect(throws: CryptoError(.invalidKey, "")) { try PublicKey(pemEncoded: KeyFixtures.rsaPKCS1) }
        let spki = try Self.der(KeyFixtures.p256Public)
        for candidate in [spki + [0], Array(spki.dropLast()), [], [0x30, 0x00]] {
            #expect(throws: CryptoError(.invalidKey, "")) { try PublicKey(subjectPublicKeyInfoDER: candidate) }
        }
    }

    @Test("EC public points off the curve or at infinity are refused", arguments: SignatureVectors.rfc4754)
    func invalidPoints(_ vector: SignatureVectors.RFC4754) throws {
        let x = hex(vector.gwx)
        var y = hex(vector.gwy)
        #expect(throws: Never.self) { try PublicKey(subjectPublicKeyInfoDER: DER.ecSPKI(vector.curve, x: x, y: y)) }
        y[y.count - 1] ^= 1
        let zero = [UInt8](repeating: 0, count: vector.curve.coordinateSize)
        let candidates: [[UInt8]] = [
            [0x04] + x + y,       // off the curve
            [0x04] + zero + zero, // (0, 0)
            [0x00],               // SEC1 encoding of the point at infinity
            [0x04] + x,           // truncated
        ]
        for point in candidates {
            #expect(throws: CryptoError(.invalidKey, "")) {
                try PublicKey(subjectPublicKeyInfoDER: DER.ecSPKI(vector.curve, point: point))
            }
        }
    }

    @Test("SubjectPublicKeyInfo variants: compressed points, absent RSA parameters, surrounding PEM text")
    func spkiVariants() throws {
        let vector = SignatureVectors.rfc4754P256
        let y = hex(vector.gwy)
        let compressed = [0x02 | (y[y.count - 1] & 1)] + hex(vector.gwx)
        let key = try PublicKey(subjectPublicKeyInfoDER: DER.ecSPKI(.p256, point: compressed))
        let signature = ECDSASignature(r: hex(vector.r), s: hex(vector.s)).derRepresentation
        try key.verify(signature, for: Array("abc".utf8), scheme: .ecdsa(.sha256))
        // The other parity is a different point, for which the signature fails.
        let other = try PublicKey(subjectPublicKeyInfoDER: DER.ecSPKI(.p256, point: [compressed[0] ^ 1] + hex(vector.gwx)))
        #expect(!other.isValidSignature(signature, for: Array("abc".utf8), scheme: .ecdsa(.sha256)))

        typealias NIST = SignatureVectors.NISTSigGen15
        let rsaKey = DER.sequence(DER.integer(hex(NIST.n)), DER.integer(hex(NIST.e)))
        let withoutNull = DER.sequence(DER.sequence([0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01]),
                                       DER.bitString(rsaKey))
        #expect(try PublicKey(subjectPublicKeyInfoDER: withoutNull).bitCount == 2048)

        let pem = "issuer: test\n" + KeyFixtures.p256Public + "\ntrailing text\n"
        #expect(try PublicKey(pemEncoded: pem).subjectPublicKeyInfoDER == (try Self.der(KeyFixtures.p256Public)))
    }

    @Test("malformed SubjectPublicKeyInfo and PEM are refused")
    func malformedSPKI() throws {
        typealias NIST = SignatureVectors.NISTSigGen15
        let vector = SignatureVectors.rfc4754P256
        let rsaKey = DER.sequence(DER.integer(hex(NIST.n)), DER.integer(hex(NIST.e)))
        var evenModulus = hex(NIST.n)
        evenModulus[evenModulus.count - 1] &= 0xFE
        let huge = [UInt8](repeating: 0xFF, count: 16384 / 8 + 1)
        let point = [0x04] + hex(vector.gwx) + hex(vector.gwy)
        let candidates: [[UInt8]] = [
            DER.sequence(DER.rsaEncryption, DER.tlv(0x03, [1] + rsaKey)),           // unused bits in the BIT STRING
            DER.sequence(DER.rsaEncryption, DER.bitString(rsaKey), [0x05, 0x00]),   // extra element
            DER.sequence(DER.sequence([0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0a]),
                         DER.bitString(rsaKey)),                                    // id-RSASSA-PSS
            DER.rsaSPKI(n: evenModulus, e: hex(NIST.e)),
            DER.rsaSPKI(n: huge, e: hex(NIST.e)),
            DER.sequence(DER.sequence([0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01], [0x05, 0x00]),
                         DER.bitString(point)),                                     // EC without a named curve
            DER.sequence(DER.sequence([0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01],
                                      [0x06, 0x05, 0x2b, 0x81, 0x04, 0x00, 0x0a]),  // secp256k1
                         DER.bitString(point)),
            DER.ecSPKI(.p384, point: point),                                        // P-256 point under P-384
        ]
        for candidate in candidates {
            #expect(throws: CryptoError(.invalidKey, ""), "\(Array(candidate.prefix(24)).hex)") {
                try PublicKey(subjectPublicKeyInfoDER: candidate)
            }
        }
        let body = KeyFixtures.p256Public.split(separator: "\n").filter { !$0.hasPrefix("-----") }.joined()
        let pems = [
            "-----BEGIN PUBLIC KEY-----\n" + body.dropLast(4) + "\n-----END PUBLIC KEY-----",  // truncated
            "-----BEGIN PUBLIC KEY-----\n" + body + "*\n-----END PUBLIC KEY-----",            // invalid character
            "-----BEGIN PUBLIC KEY-----\n" + body + "\n",                                     // no END line
            "-----BEGIN PUBLIC KEY-----\n=" + body + "\n-----END PUBLIC KEY-----",            // padding first
            "-----BEGIN CERTIFICATE-----\n" + body + "\n-----END CERTIFICATE-----",           // other label
        ]
        for pem in pems {
            #expect(throws: CryptoError(.invalidKey, "")) { try PublicKey(pemEncoded: pem) }
        }
    }

    @Test("descriptions never contain key material")
    func redaction() throws {
        let key = try PrivateKey(pemEncoded: KeyFixtures.p256SEC1)
        let der = try Self.der(KeyFixtures.p256SEC1)
        let text = "\(key) \(String(reflecting: key)) \(key.publicKey)"
        #expect(text.contains("redacted"))
        // The 32-byte scalar sits at offset 7 of the SEC1 structure.
        let scalarHex = Array(der[7..<39]).hex
        #expect(!text.lowercased().contains(scalarHex.prefix(16)))
        #expect(!text.contains("MHcC"))
    }
}
