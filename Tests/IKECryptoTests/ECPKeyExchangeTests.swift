import Testing
import TestSupport
@testable import IKECrypto

/// An ECDH known-answer vector: both private keys, both public values and the
/// shared secret (x-coordinate of g^ir).
struct ECDHVector: Sendable, CustomTestStringConvertible {
    let group: KeyExchangeGroup
    let i: String
    let gix: String
    let giy: String
    let r: String
    let grx: String
    let gry: String
    let girx: String

    var testDescription: String { "\(group)" }
}

enum RFC5903Vectors {
    // RFC 5903 §8.1, 256-bit Random ECP Group.
    static let p256 = ECDHVector(
        group: .ecp256,
        i: "C88F01F510D9AC3F70A292DAA2316DE544E9AAB8AFE84049C62A9C57862D1433",
        gix: "DAD0B65394221CF9B051E1FECA5787D098DFE637FC90B9EF945D0C3772581180",
        giy: "5271A0461CDB8252D61F1C456FA3E59AB1F45B33ACCF5F58389E0577B8990BB3",
        r: "C6EF9C5D78AE012A011164ACB397CE2088685D8F06BF9BE0B283AB46476BEE53",
        grx: "D12DFB5289C8D4F81208B70270398C342296970A0BCCB74C736FC7554494BF63",
        gry: "56FBF3CA366CC23E8157854C13C58D6AAC23F046ADA30F8353E74F33039872AB",
        girx: "D6840F6B42F6EDAFD13116E0E12565202FEF8E9ECE7DCE03812464D04B9442DE"
    )

    // RFC 5903 §8.2, 384-bit Random ECP Group.
    static let p384 = ECDHVector(
        group: .ecp384,
        i: "099F3C7034D4A2C699884D73A375A67F7624EF7C6B3C0F160647B67414DCE655E35B538041E649EE3FAEF896783AB194",
        gix: "667842D7D180AC2CDE6F74F37551F55755C7645C20EF73E31634FE72B4C55EE6DE3AC808ACB4BDB4C88732AEE95F41AA",
        giy: "9482ED1FC0EEB9CAFC4984625CCFC23F65032149E0E144ADA024181535A0F38EEB9FCFF3C2C947DAE69B4C634573A81C",
        r: "41CB0779B4BDB85D47846725FBEC3C9430FAB46CC8DC5060855CC9BDA0AA2942E0308312916B8ED2960E4BD55A7448FC",
        grx: "E558DBEF53EECDE3D3FCCFC1AEA08A89A987475D12FD950D83CFA41732BC509D0D1AC43A0336DEF96FDA41D0774A3571",
        gry: "DCFBEC7AACF3196472169E838430367F66EEBE3C6E70C416DD5F0C68759DD1FFF83FA40142209DFF5EAAD96DB9E6386C",
        girx: "11187331C279962D93D604243FD592CB9D0A926F422E47187521287E7156C5C4D603135569B9E9D09CF5D4A270F59746"
    )

    // RFC 5903 §8.3, 521-bit Random ECP Group.
    static let p521 = ECDHVector(
        group: .ecp521,
        i: """
            0037ADE9319A89F4DABDB3EF411AACCCA5123C61ACAB57B5393DCE47608172A0
            95AA85A30FE1C2952C6771D937BA9777F5957B2639BAB072462F68C27A57382D4A52
            """,
        gix: """
            0015417E84DBF28C0AD3C278713349DC7DF153C897A1891BD98BAB4357C9ECBE
            E1E3BF42E00B8E380AEAE57C2D107564941885942AF5A7F4601723C4195D176CED3E
            """,
        giy: """
            017CAE20B6641D2EEB695786D8C946146239D099E18E1D5A514C739D7CB4A10A
            D8A788015AC405D7799DC75E7B7D5B6CF2261A6A7F1507438BF01BEB6CA3926F9582
            """,
        r: """
            0145BA99A847AF43793FDD0E872E7CDFA16BE30FDC780F97BCCC3F078380201E
            9C677D600B343757A3BDBF2A3163E4C2F869CCA7458AA4A4EFFC311F5CB151685EB9
            """,
        grx: """
            00D0B3975AC4B799F5BEA16D5E13E9AF971D5E9B984C9F39728B5E5739735A21
            9B97C356436ADC6E95BB0352F6BE64A6C2912D4EF2D0433CED2B6171640012D9460F
            """,
        gry: """
            015C68226383956E3BD066E797B623C27CE0EAC2F551A10C2C724D9852077B87
            220B6536C5C408A1D2AEBB8E86D678AE49CB57091F4732296579AB44FCD17F0FC56A
            """,
        girx: """
            01144C7D79AE6956BC8EDB8E7C787C4521CB086FA64407F97894E5E6B2D79B04
            D1427E73CA4BAA240A34786859810C06B3C715A3A8CC3151F2BEE417996D19F3DDEA
            """
    )

    static let all = [p256, p384, p521]
}

@Suite("ECP Diffie-Hellman (RFC 5903)")
struct ECPKeyExchangeTests {
    @Test("RFC 5903 §8 known answers", arguments: RFC5903Vectors.all)
    func knownAnswer(_ vector: ECDHVector) throws {
        let initiator = try KeyExchangePrivateKey(group: vector.group, privateKey: hex(vector.i))
        let responder = try KeyExchangePrivateKey(group: vector.group, privateKey: hex(vector.r))
        // RFC 5903 §7: the KE payload carries x ‖ y with no 0x04 prefix.
        #expect(initiator.publicValue == hex(vector.gix) + hex(vector.giy))
        #expect(responder.publicValue == hex(vector.grx) + hex(vector.gry))
        #expect(initiator.publicValue.count == vector.group.publicValueSize)

        // RFC 5903 §7 (with errata 9): the shared secret is the x-coordinate only.
        let fromInitiator = try initiator.sharedSecret(peerPublicValue: responder.publicValue)
        let fromResponder = try responder.sharedSecret(peerPublicValue: initiator.publicValue)
        #expect(fromInitiator.bytes == hex(vector.girx))
        #expect(fromResponder == fromInitiator)
        #expect(fromInitiator.count == vector.group.sharedSecretSize)
    }

    @Test("fresh key pairs agree", arguments: [KeyExchangeGroup.ecp256, .ecp384, .ecp521])
    func freshAgreement(_ group: KeyExchangeGroup) throws {
        let a = try KeyExchangePrivateKey(group: group)
        let b = try KeyExchangePrivateKey(group: group)
        #expect(a.publicValue.count == group.publicValueSize)
        #expect(a.publicValue != b.publicValue)
        let secret = try a.sharedSecret(peerPublicValue: b.publicValue)
        #expect(secret == (try b.sharedSecret(peerPublicValue: a.publicValue)))
        #expect(secret.count == group.sharedSecretSize)
    }

    @Test("wrong lengths are rejected", arguments: [KeyExchangeGroup.ecp256, .ecp384, .ecp521])
    func wrongLength(_ group: KeyExchangeGroup) throws {
        let key = try KeyExchangePrivateKey(group: group)
        let peer = try KeyExchangePrivateKey(group: group).publicValue
        for candidate in [Array(peer.dropLast()), peer + [0], [0x04] + peer, [], Array(peer.prefix(group.publicValueSize / 2))] {
            #expect(throws: CryptoError(.invalidPublicValue, "")) {
                try key.sharedSecret(peerPublicValue: candidate)
            }
        }
    }

    @Test("off-curve points are rejected (RFC 6989 §2.3)", arguments: RFC5903Vectors.all)
    func offCurve(_ vector: ECDHVector) throws {
        let key = try KeyExchangePrivateKey(group: vector.group, privateKey: hex(vector.i))
        let size = vector.group.publicValueSize / 2
        var flipped = hex(vector.grx) + hex(vector.gry)
        flipped[flipped.count - 1] ^= 0x01  // y changed by one: not on the curve
        let zero = [UInt8](repeating: 0, count: 2 * size)  // (0, 0): a common encoding of infinity
        let xOnlyZeroY = hex(vector.grx) + [UInt8](repeating: 0, count: size)
        for candidate in [flipped, zero, xOnlyZeroY] {
            #expect(throws: CryptoError(.invalidPublicValue, "")) {
                try key.sharedSecret(peerPublicValue: candidate)
            }
        }
        // The untouched point still works, so the rejections above are about the points.
        #expect(throws: Never.self) { try key.sharedSecret(peerPublicValue: hex(vector.grx) + hex(vector.gry)) }
    }

    @Test("coordinates not below the field prime are rejected")
    func coordinateAboveField() throws {
        let key = try KeyExchangePrivateKey(group: .ecp256, privateKey: hex(RFC5903Vectors.p256.i))
        // P-256 field prime p (FIPS 186-4 D.1.2.3). (p + gx, gy) is congruent to a
        // valid point but is not a valid encoding.
        let p = hex("FFFFFFFF00000001000000000000000000000000FFFFFFFFFFFFFFFFFFFFFFFF")
        #expect(throws: CryptoError(.invalidPublicValue, "")) {
            try key.sharedSecret(peerPublicValue: p + hex(RFC5903Vectors.p256.gry))
        }
        let allOnes = [UInt8](repeating: 0xFF, count: 64)
        #expect(throws: CryptoError(.invalidPublicValue, "")) {
            try key.sharedSecret(peerPublicValue: allOnes)
        }
    }

    @Test("private scalars out of range are refused")
    func privateScalarRange() throws {
        #expect(throws: CryptoError(.invalidKey, "")) {
            try KeyExchangePrivateKey(group: .ecp256, privateKey: [UInt8](repeating: 0, count: 32))
        }
        #expect(throws: CryptoError(.invalidKey, "")) {
            try KeyExchangePrivateKey(group: .ecp256, privateKey: [UInt8](repeating: 0xFF, count: 32))
        }
        #expect(throws: CryptoError(.invalidKey, "")) {
            try KeyExchangePrivateKey(group: .ecp384, privateKey: [1])
        }
    }
}
