import Testing
import TestSupport
@testable import IKECrypto

@Suite("KeyExchangeGroup")
struct KeyExchangeGroupTests {
    @Test("raw values are the IANA transform type 4 IDs (RFC 7296 §3.3.2, RFC 5903, RFC 8031)")
    func ianaIdentifiers() {
        let expected: [(UInt16, KeyExchangeGroup)] = [
            (2, .modp1024), (14, .modp2048), (15, .modp3072), (16, .modp4096),
            (19, .ecp256), (20, .ecp384), (21, .ecp521), (31, .curve25519),
        ]
        for (id, group) in expected {
            #expect(KeyExchangeGroup(rawValue: id) == group)
            #expect(group.rawValue == id)
        }
        #expect(KeyExchangeGroup.allCases.count == expected.count)
    }

    @Test("unknown IDs have no case (CVE-2014-9221 style input)", arguments: [0, 1, 5, 17, 22, 30, 32, 1025, 0xFFFF] as [UInt16])
    func unknownIdentifiers(_ id: UInt16) {
        #expect(KeyExchangeGroup(rawValue: id) == nil)
    }

    @Test("public value and shared secret sizes (RFC 7296 §2.14, RFC 5903 §7, RFC 8031 §2)")
    func sizes() {
        let expected: [KeyExchangeGroup: (Int, Int)] = [
            .modp1024: (128, 128), .modp2048: (256, 256), .modp3072: (384, 384), .modp4096: (512, 512),
            .ecp256: (64, 32), .ecp384: (96, 48), .ecp521: (132, 66), .curve25519: (32, 32),
        ]
        for group in KeyExchangeGroup.allCases {
            #expect(group.publicValueSize == expected[group]?.0, "\(group)")
            #expect(group.sharedSecretSize == expected[group]?.1, "\(group)")
        }
    }

    @Test("descriptions do not reveal private keys")
    func redactedDescription() throws {
        let key = try KeyExchangePrivateKey(group: .curve25519, privateKey: hex(X25519KeyExchangeTests.alicePrivate))
        #expect(!key.description.lowercased().contains("77076d0a"))
        let secret = try key.sharedSecret(peerPublicValue: hex(X25519KeyExchangeTests.bobPublic))
        #expect(!"\(secret)".contains("4a5d9d5b"))
    }
}
