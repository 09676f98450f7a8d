import Foundation
import Testing
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

    @Test("descriptions never contain key material")
    func redaction() throws {
        let key = try PrivateKey(pemEncoded: KeyFixtures.p256SEC1)
        let der = try Self.der(KeyFixtures.p256SEC1)
        let text = "\(key) \(String(reflecting: key)) \(key.publicKey)"
        #expect(text.contains("redacted"))
        // The 32-byte scalar sits at offset 7 of the SEC1 structure.
        let scalarHex = Array(der[7..<39]).hexString
        #expect(!text.lowercased().contains(scalarHex.prefix(16)))
        #expect(!text.contains("MHcC"))
    }
}
