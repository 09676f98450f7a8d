import IKEWire
import Testing
import TestSupport
@testable import IKECrypto

/// AUTH payloads made with signatures: method 1 (RFC 7296 §3.8), methods
/// 9–11 (RFC 4754) and method 14 (RFC 7427), over the published vectors.
@Suite struct SignatureAuthenticationTests {
    typealias Labs = SignatureVectors.RSALabsExample1
    typealias NIST = SignatureVectors.NISTSigGen15

    @Test func method1IsRSAWithSHA1AndReproducesThePKCS1Example() throws {
        let key = try RSASignatureTests.labsPrivateKey()
        let payload = try SignatureAuthentication.sign(hex(Labs.message), with: key, method: .rsaSignature)
        #expect(payload == AuthenticationPayload(method: .rsaSignature, data: ArraySlice(hex(Labs.signature))))
        let publicKey = try PublicKey(subjectPublicKeyInfoDER: key.publicKey.subjectPublicKeyInfoDER, minimumRSAModulusBits: 1024)
        #expect(try SignatureAuthentication.verify(payload, signedOctets: hex(Labs.message), publicKey: publicKey) == .rsaPKCS1v15(.sha1))
    }

    @Test(arguments: [0, 1, 2])
    func method14RSAPrefixesTheAlgorithmIdentifierAndReproducesCAVP(_ index: Int) throws {
        let (hash, message, signature) = NIST.vectors[index]
        let payload = try SignatureAuthentication.sign(hex(message), with: RSASignatureTests.nistPrivateKey(),
                                                       method: .digitalSignature, scheme: .rsaPKCS1v15(hash))
        let algorithm = try #require(SignatureAlgorithmIdentifier.encoding(for: .rsaPKCS1v15(hash)))
        #expect(Array(payload.data) == [UInt8(algorithm.count)] + algorithm + hex(signature))
        #expect(try SignatureAuthentication.verify(payload, signedOctets: hex(message), publicKey: RSASignatureTests.nistPublicKey())
            == .rsaPKCS1v15(hash))
    }

    @Test(arguments: SignatureVectors.rfc4754)
    func ecdsaMethodsCarryTheRFC4754Signature(_ vector: SignatureVectors.RFC4754) throws {
        let method: AuthenticationMethod = switch vector.curve {
        case .p256: .ecdsaSHA256P256
        case .p384: .ecdsaSHA384P384
        case .p521: .ecdsaSHA512P521
        }
        let key = try PublicKey(subjectPublicKeyInfoDER: DER.ecSPKI(vector.curve, x: hex(vector.gwx), y: hex(vector.gwy)))
        // RFC 4754 §8 gives the AUTH payload data as r ‖ s over "abc".
        let payload = AuthenticationPayload(method: method, data: ArraySlice(hex(vector.r) + hex(vector.s)))
        #expect(try SignatureAuthentication.verify(payload, signedOctets: Array("abc".utf8), publicKey: key) == .ecdsa(vector.hash))
        #expect(throws: CryptoError(.authenticationFailed, "")) {
            try SignatureAuthentication.verify(payload, signedOctets: Array("abd".utf8), publicKey: key)
        }
    }

    @Test(arguments: [(KeyFixtures.p256PKCS8, AuthenticationMethod.ecdsaSHA256P256), (KeyFixtures.p384PKCS8, .ecdsaSHA384P384),
                      (KeyFixtures.p521SEC1, .ecdsaSHA512P521)])
    func ecdsaMethodsRoundTrip(_ pem: String, _ method: AuthenticationMethod) throws {
        let key = try PrivateKey(pemEncoded: pem)
        let octets = Array(repeating: UInt8(0x5A), count: 300)
        let payload = try SignatureAuthentication.sign(octets, with: key, method: method)
        guard case .ecdsa(let curve) = key.kind else { return }
        #expect(payload.data.count == 2 * curve.coordinateSize)
        try SignatureAuthentication.verify(payload, signedOctets: octets, publicKey: key.publicKey)
        let viaMethod14 = try SignatureAuthentication.sign(octets, with: key, method: .digitalSignature, scheme: .ecdsa(.sha256))
        #expect(try SignatureAuthentication.verify(viaMethod14, signedOctets: octets, publicKey: key.publicKey) == .ecdsa(.sha256))
    }

    @Test(arguments: [DigestAlgorithm.sha256, .sha384, .sha512])
    func method14RSAPSSRoundTrips(_ hash: DigestAlgorithm) throws {
        let key = try PrivateKey(pemEncoded: KeyFixtures.rsaPKCS8)
        let octets = Array(repeating: UInt8(0xA5), count: 100)
        let payload = try SignatureAuthentication.sign(octets, with: key, method: .digitalSignature, scheme: .rsaPSS(hash))
        #expect(try SignatureAuthentication.verify(payload, signedOctets: octets, publicKey: key.publicKey) == .rsaPSS(hash))
    }

    // MARK: - Rejections

    @Test func methodsThatDoNotFitTheKeyAreRefused() throws {
        let rsa = try PrivateKey(pemEncoded: KeyFixtures.rsaPKCS8)
        let p256 = try PrivateKey(pemEncoded: KeyFixtures.p256PKCS8)
        let p384 = try PrivateKey(pemEncoded: KeyFixtures.p384PKCS8)
        #expect(throws: CryptoError(.unsupportedAlgorithm, "")) { try SignatureAuthentication.sign([1], with: rsa, method: .ecdsaSHA256P256) }
        #expect(throws: CryptoError(.unsupportedAlgorithm, "")) { try SignatureAuthentication.sign([1], with: p384, method: .ecdsaSHA256P256) }
        #expect(throws: CryptoError(.unsupportedAlgorithm, "")) { try SignatureAuthentication.sign([1], with: p256, method: .rsaSignature) }
        #expect(throws: CryptoError(.unsupportedAlgorithm, "")) { try SignatureAuthentication.sign([1], with: rsa, method: .sharedKeyMIC) }
        #expect(throws: CryptoError(.unsupportedAlgorithm, "")) { try SignatureAuthentication.sign([1], with: rsa, method: .digitalSignature) }
        // A P-256 signature presented as method 10 (P-384).
        let payload = try SignatureAuthentication.sign([1], with: p256, method: .ecdsaSHA256P256)
        #expect(throws: CryptoError.self) {
            try SignatureAuthentication.verify(AuthenticationPayload(method: .ecdsaSHA384P384, data: payload.data),
                                               signedOctets: [1], publicKey: p256.publicKey)
        }
    }

    @Test func method14HashesMustHaveBeenOffered() throws {
        let key = try PrivateKey(pemEncoded: KeyFixtures.rsaPKCS8)
        let payload = try SignatureAuthentication.sign([7], with: key, method: .digitalSignature, scheme: .rsaPKCS1v15(.sha1))
        // SHA-1 is not in the default accepted set (RFC 7427 lets us refuse it).
        #expect(throws: CryptoError(.unsupportedAlgorithm, "")) {
            try SignatureAuthentication.verify(payload, signedOctets: [7], publicKey: key.publicKey)
        }
        #expect(try SignatureAuthentication.verify(payload, signedOctets: [7], publicKey: key.publicKey, acceptedHashes: [.sha1])
            == .rsaPKCS1v15(.sha1))
    }

    @Test func malformedMethod14DataIsRefused() throws {
        let key = try PrivateKey(pemEncoded: KeyFixtures.rsaPKCS8)
        let valid = try SignatureAuthentication.sign([7], with: key, method: .digitalSignature, scheme: .rsaPKCS1v15(.sha256))
        let data = Array(valid.data)
        let cases: [[UInt8]] = [
            [],                                    // nothing
            [15],                                  // length only
            Array(data.prefix(16)),                // AlgorithmIdentifier without a signature
            [200] + data.dropFirst(),              // length past the end
            [14] + data.dropFirst().dropFirst(),   // wrong length
            [2, 0x05, 0x00] + data.suffix(256),    // unknown AlgorithmIdentifier
        ]
        for bad in cases {
            #expect(throws: CryptoError.self, "\(bad.prefix(4))") {
                try SignatureAuthentication.verify(AuthenticationPayload(method: .digitalSignature, data: ArraySlice(bad)),
                                                   signedOctets: [7], publicKey: key.publicKey)
            }
        }
    }

    /// Every AlgorithmIdentifier we send or accept, built independently with
    /// pyasn1's DER encoder from the OIDs (RFC 3279, RFC 4055, RFC 5758) and
    /// matching RFC 7427 Appendix A.
    static let independentEncodings: [(String, SignatureScheme)] = [
        ("300d06092a864886f70d0101050500", .rsaPKCS1v15(.sha1)),
        ("300d06092a864886f70d01010b0500", .rsaPKCS1v15(.sha256)),
        ("300d06092a864886f70d01010c0500", .rsaPKCS1v15(.sha384)),
        ("300d06092a864886f70d01010d0500", .rsaPKCS1v15(.sha512)),
        ("300b06092a864886f70d01010b", .rsaPKCS1v15(.sha256)),
        ("300b06092a864886f70d01010c", .rsaPKCS1v15(.sha384)),
        ("300b06092a864886f70d01010d", .rsaPKCS1v15(.sha512)),
        ("300a06082a8648ce3d040302", .ecdsa(.sha256)),
        ("300a06082a8648ce3d040303", .ecdsa(.sha384)),
        ("300a06082a8648ce3d040304", .ecdsa(.sha512)),
        ("304106092a864886f70d01010a3034a00f300d06096086480165030402010500a11c301a06092a864886f70d010108300d06096086480165030402010500a203020120",
         .rsaPSS(.sha256)),
        ("304106092a864886f70d01010a3034a00f300d06096086480165030402020500a11c301a06092a864886f70d010108300d06096086480165030402020500a203020130",
         .rsaPSS(.sha384)),
        ("304106092a864886f70d01010a3034a00f300d06096086480165030402030500a11c301a06092a864886f70d010108300d06096086480165030402030500a203020140",
         .rsaPSS(.sha512)),
    ]

    @Test func algorithmIdentifierTableMatchesIndependentEncodings() {
        #expect(SignatureAlgorithmIdentifier.known.count == Self.independentEncodings.count)
        for ((der, scheme), (expected, expectedScheme)) in zip(SignatureAlgorithmIdentifier.known, Self.independentEncodings) {
            #expect(der == hex(expected), "\(scheme)")
            #expect(scheme == expectedScheme)
            #expect(SignatureAlgorithmIdentifier.scheme(for: hex(expected)) == expectedScheme)
        }
        // What we send is the form with NULL parameters (RFC 7427 A.1).
        #expect(SignatureAlgorithmIdentifier.encoding(for: .rsaPKCS1v15(.sha256)) == hex("300d06092a864886f70d01010b0500"))
    }
}
