import IKEWire
import Testing
import TestSupport
@testable import IKECrypto

/// AUTH over the signed octets (RFC 7296 §2.15) with the MSK of EAP-MSCHAPv2
/// (RFC 7296 §2.16). RFC 7296 publishes no AUTH vectors; the expected values
/// were computed independently with Python's hmac/hashlib over the same inputs:
/// the Windows IKE_SA_INIT fixture, a 32-octet 0x22 nonce, SK_pi = 32 × 0x33
/// and IDi = ID_IPV4_ADDR 192.0.2.10.
@Suite struct SharedKeyAuthenticationTests {
    static let skPi = SecretBytes(Array(repeating: 0x33, count: 32))
    static let nonce = [UInt8](repeating: 0x22, count: 32)
    static let identity = IdentificationPayload.ipv4(IPv4Address(192, 0, 2, 10))
    /// The MSK of the RFC 2759 example exchange, in strongSwan/Windows order.
    static let msk = SecretBytes([UInt8](hex: "D5F0E9521E3EA9589645E86051C82226 8B7CDC149B993A1BA118CB153F56DCCB") + Array(repeating: 0, count: 32))

    static func signedOctets() throws -> [UInt8] {
        try SignedOctets.build(firstMessage: WindowsFixture.classicRequest(), peerNonce: nonce, identity: identity,
                               prf: PRF(.hmacSHA256, key: skPi))
    }

    @Test func signedOctetsAreMessageNonceAndMACedID() throws {
        let octets = try Self.signedOctets()
        let message = WindowsFixture.classicRequest()
        #expect(octets.count == message.count + 32 + 32)
        #expect(Array(octets.prefix(message.count)) == message)
        #expect(Array(octets[message.count..<message.count + 32]) == Self.nonce)
        #expect(Array(octets.suffix(32)) == [UInt8](hex: "4b3aba203e055b3d2501165d787465dd51815b6c92c2e8736f606bccbecead6a"))
    }

    @Test func authWithTheMSKMatchesIndependentComputation() throws {
        let octets = try Self.signedOctets()
        let sha1 = try SharedKeyAuthentication.compute(secret: Self.msk, prf: .hmacSHA1, signedOctets: octets)
        #expect(sha1 == [UInt8](hex: "c0a279505f094936b5b32845babb101b9e0c003c"))
        let sha256 = try SharedKeyAuthentication.compute(secret: Self.msk, prf: .hmacSHA256, signedOctets: octets)
        #expect(sha256 == [UInt8](hex: "982d8c8fcf5d721e077be3eb2512b628765be16618d12b613e28d618d24b65ee"))
        #expect(try SharedKeyAuthentication.verify(sha256, secret: Self.msk, prf: .hmacSHA256, signedOctets: octets))
    }

    @Test func mskComesFromTheMSCHAPv2Exchange() throws {
        // The same MSK, derived from the RFC 2759 §9.2 password and NT-Response.
        let hash = try MSCHAPv2.ntPasswordHash(password: "clientPass")
        let msk = try MSCHAPv2.ikev2MSK(passwordHash: hash,
                                        ntResponse: [UInt8](hex: "82309ECD8D708B5EA08FAA3981CD83544233114A3D85D6DF"))
        #expect(msk == Self.msk)
    }

    @Test func anyChangeFailsVerification() throws {
        let octets = try Self.signedOctets()
        let auth = try SharedKeyAuthentication.compute(secret: Self.msk, prf: .hmacSHA256, signedOctets: octets)
        var wrongAuth = auth
        wrongAuth[0] ^= 1
        #expect(try !SharedKeyAuthentication.verify(wrongAuth, secret: Self.msk, prf: .hmacSHA256, signedOctets: octets))
        #expect(try !SharedKeyAuthentication.verify(auth.dropLast(), secret: Self.msk, prf: .hmacSHA256, signedOctets: octets))
        var wrongOctets = octets
        wrongOctets[20] ^= 1  // e.g. a tampered IKE_SA_INIT (downgrade protection)
        #expect(try !SharedKeyAuthentication.verify(auth, secret: Self.msk, prf: .hmacSHA256, signedOctets: wrongOctets))
        let otherMSK = SecretBytes(Array(repeating: 0, count: 64))
        #expect(try !SharedKeyAuthentication.verify(auth, secret: otherMSK, prf: .hmacSHA256, signedOctets: octets))
    }
}
