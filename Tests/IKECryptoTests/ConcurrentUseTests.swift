import Testing
@testable import IKECrypto

@Suite("Concurrent use of shared keys")
struct ConcurrentUseTests {
    @Test("one key pair and one signing key used from many tasks at once")
    func sharedKeys() async throws {
        let rsa = try PrivateKey(pemEncoded: KeyFixtures.rsaPKCS8)
        let ec = try PrivateKey(pemEncoded: KeyFixtures.p256SEC1)
        let dh = try KeyExchangePrivateKey(group: .ecp256)
        let modp = try KeyExchangePrivateKey(group: .modp1024)
        let peer = try KeyExchangePrivateKey(group: .ecp256)
        let modpPeer = try KeyExchangePrivateKey(group: .modp1024)
        let expected = try dh.sharedSecret(peerPublicValue: peer.publicValue)
        let expectedMODP = try modp.sharedSecret(peerPublicValue: modpPeer.publicValue)
        let failures = try await withThrowingTaskGroup(of: Int.self) { group in
            for task in 0..<16 {
                group.addTask {
                    var failures = 0
                    for round in 0..<8 {
                        let message = [UInt8(task), UInt8(round)]
                        let schemes: [(PrivateKey, SignatureScheme)] = [
                            (rsa, .rsaPKCS1v15(.sha256)), (rsa, .rsaPSS(.sha384)), (ec, .ecdsa(.sha256)),
                        ]
                        for (key, scheme) in schemes {
                            let signature = try key.signature(for: message, scheme: scheme)
                            if !key.publicKey.isValidSignature(signature, for: message, scheme: scheme) { failures += 1 }
                        }
                        if try dh.sharedSecret(peerPublicValue: peer.publicValue) != expected { failures += 1 }
                        if try modp.sharedSecret(peerPublicValue: modpPeer.publicValue) != expectedMODP { failures += 1 }
                    }
                    return failures
                }
            }
            return try await group.reduce(0, +)
        }
        #expect(failures == 0)
    }
}
