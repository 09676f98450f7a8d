import Testing
import TestSupport
@testable import IKECrypto

@Suite("RSA signatures (RFC 8017, RFC 7296 §3.8, RFC 7427)")
struct RSASignatureTests {
    typealias Labs = SignatureVectors.RSALabsExample1
    typealias NIST = SignatureVectors.NISTSigGen15

    static func labsPrivateKey() throws -> PrivateKey {
        try PrivateKey(derEncoded: DER.rsaPrivateKey(
            n: hex(Labs.n), e: hex(Labs.e), d: hex(Labs.d), p: hex(Labs.p), q: hex(Labs.q),
            dp: hex(Labs.dp), dq: hex(Labs.dq), qinv: hex(Labs.qinv)))
    }

    static func nistPrivateKey() throws -> PrivateKey {
        try PrivateKey(derEncoded: DER.rsaPrivateKey(
            n: hex(NIST.n), e: hex(NIST.e), d: hex(NIST.d), p: hex(NIST.p), q: hex(NIST.q),
            dp: hex(NIST.dp), dq: hex(NIST.dq), qinv: hex(NIST.qinv)))
    }

    static func nistPublicKey() throws -> PublicKey {
        try PublicKey(subjectPublicKeyInfoDER: DER.rsaSPKI(n: hex(NIST.n), e: hex(NIST.e)))
    }

    @Test("PKCS#1 Example 1.1 (SHA-1): signing reproduces the published signature")
    func rsaLabsSHA1() throws {
        let key = try Self.labsPrivateKey()
        #expect(key.kind == .rsa)
        #expect(key.bitCount == 1024)
        let signature = try key.signature(for: hex(Labs.message), scheme: .rsaPKCS1v15(.sha1))
        #expect(signature == hex(Labs.signature))

        let spki = DER.rsaSPKI(n: hex(Labs.n), e: hex(Labs.e))
        #expect(key.publicKey.subjectPublicKeyInfoDER == spki)
        let publicKey = try PublicKey(subjectPublicKeyInfoDER: spki, minimumRSAModulusBits: 1024)
        try publicKey.verify(hex(Labs.signature), for: hex(Labs.message), scheme: .rsaPKCS1v15(.sha1))
    }

    @Test("a 1024-bit verification key is refused by default")
    func tinyKeyRejected() throws {
        let spki = DER.rsaSPKI(n: hex(Labs.n), e: hex(Labs.e))
        #expect(PublicKey.defaultMinimumRSAModulusBits == 2048)
        #expect(throws: CryptoError(.invalidKey, "")) { try PublicKey(subjectPublicKeyInfoDER: spki) }
        #expect(throws: CryptoError(.invalidKey, "")) {
            try PublicKey(subjectPublicKeyInfoDER: try Self.nistPublicKey().subjectPublicKeyInfoDER, minimumRSAModulusBits: 3072)
        }
    }

    @Test("NIST SigGen15 2048-bit: signing reproduces the published signatures",
          arguments: NIST.vectors.indices)
    func nistSign(_ index: Int) throws {
        let (hash, message, expected) = NIST.vectors[index]
        let key = try Self.nistPrivateKey()
        #expect(key.bitCount == 2048)
        let signature = try key.signature(for: hex(message), scheme: .rsaPKCS1v15(hash))
        #expect(signature == hex(expected))
        try Self.nistPublicKey().verify(hex(expected), for: hex(message), scheme: .rsaPKCS1v15(hash))
    }

    @Test("NIST SigGen15 2048-bit: altered signatures, messages and hashes fail",
          arguments: NIST.vectors.indices)
    func nistTampered(_ index: Int) throws {
        let (hash, messageHex, signatureHex) = NIST.vectors[index]
        let key = try Self.nistPublicKey()
        let message = hex(messageHex)
        let signature = hex(signatureHex)
        var flipped = signature
        flipped[100] ^= 0x01
        var otherMessage = message
        otherMessage[0] ^= 0x80
        let failures: [([UInt8], [UInt8], SignatureScheme)] = [
            (Array(signature.dropLast()), message, .rsaPKCS1v15(hash)),       // truncated
            (Array(signature.dropFirst()), message, .rsaPKCS1v15(hash)),      // truncated
            ([0] + signature, message, .rsaPKCS1v15(hash)),                   // too long
            ([UInt8](repeating: 0, count: 256), message, .rsaPKCS1v15(hash)), // zero
            (hex(NIST.n), message, .rsaPKCS1v15(hash)),                       // s = n, not below the modulus
            ([UInt8](repeating: 0xFF, count: 256), message, .rsaPKCS1v15(hash)),
            ([], message, .rsaPKCS1v15(hash)),
            (flipped, message, .rsaPKCS1v15(hash)),
            (signature, otherMessage, .rsaPKCS1v15(hash)),
            (signature, message, .rsaPKCS1v15(hash == .sha256 ? .sha384 : .sha256)),  // wrong hash
            (signature, message, .rsaPKCS1v15(.sha1)),
            (signature, message, .rsaPSS(hash)),  // a PKCS#1 v1.5 signature is not a PSS one
        ]
        for (candidate, data, scheme) in failures {
            #expect(throws: CryptoError(.authenticationFailed, "")) {
                try key.verify(candidate, for: data, scheme: scheme)
            }
            #expect(!key.isValidSignature(candidate, for: data, scheme: scheme))
        }
        #expect(key.isValidSignature(signature, for: message, scheme: .rsaPKCS1v15(hash)))
    }

    static let pssGroups: [(DigestAlgorithm, String, [(String, String)])] = [
        (SignatureVectors.WycheproofPSS2048SHA256.hash, SignatureVectors.WycheproofPSS2048SHA256.subjectPublicKeyInfo,
         SignatureVectors.WycheproofPSS2048SHA256.tests),
        (SignatureVectors.WycheproofPSS2048SHA384.hash, SignatureVectors.WycheproofPSS2048SHA384.subjectPublicKeyInfo,
         SignatureVectors.WycheproofPSS2048SHA384.tests),
        (SignatureVectors.WycheproofPSS4096SHA512.hash, SignatureVectors.WycheproofPSS4096SHA512.subjectPublicKeyInfo,
         SignatureVectors.WycheproofPSS4096SHA512.tests),
    ]

    @Test("Wycheproof RSASSA-PSS vectors verify, and only as PSS with their hash", arguments: pssGroups.indices)
    func wycheproofPSS(_ index: Int) throws {
        let (hash, spki, tests) = Self.pssGroups[index]
        let key = try PublicKey(subjectPublicKeyInfoDER: hex(spki))
        for (messageHex, signatureHex) in tests {
            let message = hex(messageHex)
            let signature = hex(signatureHex)
            try key.verify(signature, for: message, scheme: .rsaPSS(hash))
            let otherHash: DigestAlgorithm = hash == .sha512 ? .sha256 : .sha512
            for scheme in [SignatureScheme.rsaPSS(otherHash), .rsaPKCS1v15(hash)] {
                #expect(throws: CryptoError(.authenticationFailed, "")) {
                    try key.verify(signature, for: message, scheme: scheme)
                }
            }
            #expect(throws: CryptoError(.authenticationFailed, "")) {
                try key.verify(signature, for: message + [0], scheme: .rsaPSS(hash))
            }
            #expect(throws: CryptoError(.authenticationFailed, "")) {
                try key.verify(Array(signature.dropLast()), for: message, scheme: .rsaPSS(hash))
            }
        }
        #expect(throws: CryptoError(.unsupportedAlgorithm, "")) {
            try key.verify(hex(tests[0].1), for: hex(tests[0].0), scheme: .rsaPSS(.sha1))
        }
    }

    @Test("PSS and PKCS#1 v1.5 signatures from a loaded key verify",
          arguments: [DigestAlgorithm.sha256, .sha384, .sha512])
    func roundTrip(_ hash: DigestAlgorithm) throws {
        let key = try PrivateKey(pemEncoded: KeyFixtures.rsaPKCS8)
        let message = Array("IKE_AUTH signed octets".utf8)
        let pss1 = try key.signature(for: message, scheme: .rsaPSS(hash))
        let pss2 = try key.signature(for: message, scheme: .rsaPSS(hash))
        #expect(pss1 != pss2)  // random salt
        try key.publicKey.verify(pss1, for: message, scheme: .rsaPSS(hash))
        try key.publicKey.verify(pss2, for: message, scheme: .rsaPSS(hash))
        let pkcs1 = try key.signature(for: message, scheme: .rsaPKCS1v15(hash))
        #expect(pkcs1 == (try key.signature(for: message, scheme: .rsaPKCS1v15(hash))))  // deterministic
        try key.publicKey.verify(pkcs1, for: message, scheme: .rsaPKCS1v15(hash))
    }

    @Test("RSA public exponents that are even or below 3 are refused")
    func badExponent() throws {
        for exponent: [UInt8] in [[1], [2], [0x01, 0x00, 0x00]] {
            #expect(throws: CryptoError(.invalidKey, "")) {
                try PublicKey(subjectPublicKeyInfoDER: DER.rsaSPKI(n: hex(NIST.n), e: exponent))
            }
        }
        #expect(throws: Never.self) {
            try PublicKey(subjectPublicKeyInfoDER: DER.rsaSPKI(n: hex(NIST.n), e: [3]))
        }
    }

    @Test("schemes that do not fit an RSA key are refused")
    func schemeMismatch() throws {
        let key = try Self.nistPrivateKey()
        #expect(throws: CryptoError(.unsupportedAlgorithm, "")) {
            try key.signature(for: [1, 2, 3], scheme: .ecdsa(.sha256))
        }
        #expect(throws: CryptoError(.unsupportedAlgorithm, "")) {
            try key.signature(for: [1, 2, 3], scheme: .rsaPSS(.sha1))
        }
        #expect(throws: CryptoError(.unsupportedAlgorithm, "")) {
            try key.publicKey.verify([UInt8](repeating: 1, count: 256), for: [1], scheme: .ecdsa(.sha256))
        }
    }
}
