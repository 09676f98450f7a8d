import Testing
import TestSupport
@testable import IKECrypto

@Suite("Curve25519 Diffie-Hellman (RFC 7748, RFC 8031)")
struct X25519KeyExchangeTests {
    // RFC 7748 §6.1.
    static let alicePrivate = "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a"
    static let alicePublic = "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a"
    static let bobPrivate = "5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb"
    static let bobPublic = "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f"
    static let shared = "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742"

    /// u-coordinates of small order (and their non-canonical encodings) for
    /// which X25519 yields all zeros whatever the scalar: the list published
    /// with Curve25519 (https://cr.yp.to/ecdh.html#validate) and used by
    /// libsodium's blocklist. RFC 7748 §6.1 requires the all-zero check.
    static let lowOrderPoints = [
        "0000000000000000000000000000000000000000000000000000000000000000",  // 0, order 4
        "0100000000000000000000000000000000000000000000000000000000000000",  // 1, order 1
        "e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800",  // order 8
        "5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157",  // order 8
        "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",  // p - 1, order 2
        "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",  // p, i.e. 0
        "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",  // p + 1, i.e. 1
    ]

    @Test("RFC 7748 §6.1 known answer")
    func knownAnswer() throws {
        let alice = try KeyExchangePrivateKey(group: .curve25519, privateKey: hex(Self.alicePrivate))
        let bob = try KeyExchangePrivateKey(group: .curve25519, privateKey: hex(Self.bobPrivate))
        #expect(alice.publicValue == hex(Self.alicePublic))
        #expect(bob.publicValue == hex(Self.bobPublic))
        #expect(try alice.sharedSecret(peerPublicValue: bob.publicValue).bytes == hex(Self.shared))
        #expect(try bob.sharedSecret(peerPublicValue: alice.publicValue).bytes == hex(Self.shared))
    }

    @Test("fresh key pairs agree")
    func freshAgreement() throws {
        let a = try KeyExchangePrivateKey(group: .curve25519)
        let b = try KeyExchangePrivateKey(group: .curve25519)
        #expect(a.publicValue.count == 32)
        #expect(a.publicValue != b.publicValue)
        let secret = try a.sharedSecret(peerPublicValue: b.publicValue)
        #expect(secret.count == 32)
        #expect(secret == (try b.sharedSecret(peerPublicValue: a.publicValue)))
    }

    @Test("low-order points give an all-zero secret and are rejected", arguments: lowOrderPoints)
    func lowOrder(_ point: String) throws {
        let key = try KeyExchangePrivateKey(group: .curve25519, privateKey: hex(Self.bobPrivate))
        #expect(throws: CryptoError(.invalidPublicValue, "")) {
            try key.sharedSecret(peerPublicValue: hex(point))
        }
        let fresh = try KeyExchangePrivateKey(group: .curve25519)
        #expect(throws: CryptoError(.invalidPublicValue, "")) {
            try fresh.sharedSecret(peerPublicValue: hex(point))
        }
    }

    @Test("wrong lengths are rejected")
    func wrongLength() throws {
        let key = try KeyExchangePrivateKey(group: .curve25519)
        for length in [0, 31, 33, 64] {
            #expect(throws: CryptoError(.invalidPublicValue, "")) {
                try key.sharedSecret(peerPublicValue: [UInt8](repeating: 9, count: length))
            }
        }
    }
}
