import Testing
import TestSupport
@testable import IKECrypto

@Suite("MODP Diffie-Hellman (RFC 2409, RFC 3526)")
struct MODPKeyExchangeTests {
    static let primes: [(KeyExchangeGroup, String)] = [
        (.modp1024, MODPPrimeText.modp1024),
        (.modp2048, MODPPrimeText.modp2048),
        (.modp3072, MODPPrimeText.modp3072),
        (.modp4096, MODPPrimeText.modp4096),
    ]
    static let modpGroups: [KeyExchangeGroup] = [.modp1024, .modp2048, .modp3072, .modp4096]

    @Test("OpenSSL's primes equal the RFC text", arguments: primes)
    func primesMatchRFC(_ group: KeyExchangeGroup, _ text: String) throws {
        let parameters = try #require(try MODPGroupParameters.forGroup(group))
        #expect(parameters.primeBytes == hex(text))
        #expect(parameters.byteCount == group.publicValueSize)
        #expect(parameters.byteCount == group.sharedSecretSize)
    }

    @Test("fixed exponents reproduce independently computed values (modp1024)")
    func knownAnswer1024() throws {
        try checkKnownAnswer(.modp1024, xa: MODP1024Vectors.xa, xb: MODP1024Vectors.xb, xc: MODP1024Vectors.xc,
                             ga: MODP1024Vectors.ga, gb: MODP1024Vectors.gb, gc: MODP1024Vectors.gc,
                             gab: MODP1024Vectors.gab, gac: MODP1024Vectors.gac)
    }

    @Test("fixed exponents reproduce independently computed values (modp2048)")
    func knownAnswer2048() throws {
        try checkKnownAnswer(.modp2048, xa: MODP2048Vectors.xa, xb: MODP2048Vectors.xb, xc: MODP2048Vectors.xc,
                             ga: MODP2048Vectors.ga, gb: MODP2048Vectors.gb, gc: MODP2048Vectors.gc,
                             gab: MODP2048Vectors.gab, gac: MODP2048Vectors.gac)
    }

    private func checkKnownAnswer(_ group: KeyExchangeGroup, xa: String, xb: String, xc: String,
                                  ga: String, gb: String, gc: String, gab: String, gac: String) throws {
        let a = try KeyExchangePrivateKey(group: group, privateKey: hex(xa))
        let b = try KeyExchangePrivateKey(group: group, privateKey: hex(xb))
        let c = try KeyExchangePrivateKey(group: group, privateKey: hex(xc))
        #expect(a.publicValue == hex(ga))
        #expect(b.publicValue == hex(gb))
        // g^xc < 2^(n-8): the public value keeps its leading zero byte.
        #expect(c.publicValue == hex(gc))
        #expect(c.publicValue.first == 0 && c.publicValue.count == group.publicValueSize)
        #expect(try a.sharedSecret(peerPublicValue: b.publicValue).bytes == hex(gab))
        #expect(try b.sharedSecret(peerPublicValue: a.publicValue).bytes == hex(gab))
        // The secret with c starts with a zero byte and must be padded, not shortened.
        let short = try a.sharedSecret(peerPublicValue: c.publicValue)
        #expect(short.bytes == hex(gac))
        #expect(short.count == group.sharedSecretSize && short.bytes.first == 0)
        #expect(try c.sharedSecret(peerPublicValue: a.publicValue) == short)
    }

    @Test("fresh key pairs agree", arguments: modpGroups)
    func freshAgreement(_ group: KeyExchangeGroup) throws {
        let a = try KeyExchangePrivateKey(group: group)
        let b = try KeyExchangePrivateKey(group: group)
        #expect(a.publicValue.count == group.publicValueSize)
        #expect(a.publicValue != b.publicValue)
        let secret = try a.sharedSecret(peerPublicValue: b.publicValue)
        #expect(secret.count == group.sharedSecretSize)
        #expect(secret == (try b.sharedSecret(peerPublicValue: a.publicValue)))
    }

    @Test("generated exponents have the documented length", arguments: modpGroups)
    func exponentLength(_ group: KeyExchangeGroup) throws {
        let parameters = try #require(try MODPGroupParameters.forGroup(group))
        let exponent = try parameters.generateExponent()
        #expect(exponent.bitCount == Int(parameters.exponentBits))
        // At least twice the NIST SP 800-57 strength of the group.
        let strength = [KeyExchangeGroup.modp1024: 80, .modp2048: 112, .modp3072: 128, .modp4096: 152][group]!
        #expect(Int(parameters.exponentBits) >= 2 * strength)
    }

    @Test("degenerate and out-of-range peer values are rejected (RFC 6989 §2.1)", arguments: modpGroups)
    func invalidPeerValues(_ group: KeyExchangeGroup) throws {
        let key = try KeyExchangePrivateKey(group: group)
        let parameters = try #require(try MODPGroupParameters.forGroup(group))
        let size = group.publicValueSize
        let p = parameters.primeBytes
        var pMinusOne = p
        pMinusOne[size - 1] -= 1  // p is odd, so no borrow
        let zero = [UInt8](repeating: 0, count: size)
        var one = zero
        one[size - 1] = 1
        let allOnes = [UInt8](repeating: 0xFF, count: size)
        for value in [zero, one, pMinusOne, p, allOnes] {
            #expect(throws: CryptoError(.invalidPublicValue, "")) {
                try key.sharedSecret(peerPublicValue: value)
            }
        }
        // The smallest and largest valid values, 2 and p−2, are accepted.
        var two = zero
        two[size - 1] = 2
        var pMinusTwo = p
        pMinusTwo[size - 1] -= 2
        for value in [two, pMinusTwo] {
            #expect(throws: Never.self) { try key.sharedSecret(peerPublicValue: value) }
        }
    }

    @Test("wrong lengths are rejected", arguments: modpGroups)
    func wrongLength(_ group: KeyExchangeGroup) throws {
        let key = try KeyExchangePrivateKey(group: group)
        let peer = try KeyExchangePrivateKey(group: group).publicValue
        // A valid value with a leading zero stripped, or an extra one added, is
        // still rejected: the KE payload length is fixed by the group.
        for candidate in [Array(peer.dropFirst()), [0] + peer, [], Array(peer.prefix(32))] {
            #expect(throws: CryptoError(.invalidPublicValue, "")) {
                try key.sharedSecret(peerPublicValue: candidate)
            }
        }
    }

    @Test("fixed private exponents must be in (1, p-1)")
    func fixedExponentRange() throws {
        #expect(throws: CryptoError(.invalidKey, "")) {
            try KeyExchangePrivateKey(group: .modp2048, privateKey: [1])
        }
        #expect(throws: CryptoError(.invalidKey, "")) {
            try KeyExchangePrivateKey(group: .modp2048, privateKey: [])
        }
    }
}
