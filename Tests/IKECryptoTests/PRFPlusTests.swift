import Testing
import TestSupport
@testable import IKECrypto

/// IKEv2 key derivation (RFC 7296 §2.13, §2.14, §2.17, §2.18) against the
/// NIST CAVP SP 800-135 IKEv2 KDF test vectors (ikev2.rsp, [SHA-1],
/// DKM length 1056 bits, first case), as carried in libreswan's PRF self
/// test ("CAVP: IKEv2 key derivation with HMAC-SHA1") and its ikev2 CAVS
/// driver. Cross-checked with an independent Python prf+ on hmac/hashlib.
@Suite struct PRFPlusTests {
    static let ni = hex("32b50d5f4a3763f3")
    static let nr = hex("9206a04b26564cb1")
    static let gir = hex("4b2c1f971981a8ad8d0abeafabf38cf75fc8349c148142465ed9c8b516b8be52")
    static let girNew = hex("863f3c9d06efd39d2b907b97f8699e5dd5251ef64a2a176f36ee40c87d4f9330")
    static let spii = hex("34c9e7c188868785")
    static let spir = hex("3ff77d760d2b2199")
    static let skeyseed = hex("a9a7b222b59f8f48645f28a1db5b5f5d7479cba7")
    static let dkm = hex("""
        a14293677cc80ff8f9cc0eee30d895da9d8f405666e30ef0dfcb63c634a46002
        a2a63080e514a062768b76606f9fa5e992204fc5a670bde3f10d6b027113936a
        5c55b648a194ae587b0088d52204b702c979fa280870d2ed41efa9c549fd1119
        8af1670b143d384bd275c5f594cf266b05ebadca855e4249520a441a81157435
        a7a56cc4
        """)
    static let dkmChildSA = hex("""
        8059e3ee8810e6c3a91bc8bcd2a7a41151b8d0e6ae239c7b38093ad85ef4c581
        1a8e7b5d1cdabd9560b2d5e092d1f24e2d4b85eccdf0ad0dc9abd94b51ee7181
        4ca6dbc8bb51b6309f5b9545c7eb35cf5580b1e521a8fe20754a2d883ba0c2cf
        285f524aea6545b33106bc03e614296d319d41d4b50b3f510b1c0a22f3e66499
        4d234cb4
        """)
    static let dkmChildSADH = hex("""
        bb43244c1860ad65ee1e211ffe8bb3661750c8f89cb9f547df7f4fa61d373016
        28190e38c66232eab4b3ab14c400a5197dd3730ed4820a8a10394d51e1c04000
        52f63ebd36b0e7ef53aaed31eba4a5080d7d4b5666023a8bbb5ffb7857240f9a
        05884d1b7d2f933708450b7b3288f1fc863ab49fa901227cffc06e27899c7054
        d56fd74c
        """)
    static let skeyseedRekey = hex("63e81194946ebd05df7df5ebf5d8750056bf1f1d")

    @Test func skeyseed() throws {
        // SKEYSEED = prf(Ni | Nr, g^ir), RFC 7296 §2.14.
        let prf = try PRF(.hmacSHA1, key: Self.ni + Self.nr)
        #expect(try prf.computeSecret(Self.gir).bytes == Self.skeyseed)
    }

    @Test func ikeSAKeyingMaterial() throws {
        // {SK_d | SK_ai | ...} = prf+(SKEYSEED, Ni | Nr | SPIi | SPIr), §2.14.
        let prf = try PRF(.hmacSHA1, key: SecretBytes(Self.skeyseed))
        let keys = try prf.prfPlus(length: Self.dkm.count, seed: Self.ni, Self.nr, Self.spii, Self.spir)
        #expect(keys.bytes == Self.dkm)
    }

    @Test func childSAKeyingMaterial() throws {
        // KEYMAT = prf+(SK_d, Ni | Nr), §2.17; SK_d is the first prf-length
        // bytes of the IKE SA keying material.
        let skD = SecretBytes(Self.dkm).slice(0..<PRFAlgorithm.hmacSHA1.preferredKeySize)
        let prf = try PRF(.hmacSHA1, key: skD)
        #expect(try prf.prfPlus(length: 132, seed: Self.ni, Self.nr).bytes == Self.dkmChildSA)
        // KEYMAT = prf+(SK_d, g^ir (new) | Ni | Nr), §2.17 with PFS.
        #expect(try prf.prfPlus(length: 132, seedConcatenating: [Self.girNew, Self.ni, Self.nr]).bytes == Self.dkmChildSADH)
    }

    @Test func rekeyedSKEYSEED() throws {
        // SKEYSEED = prf(SK_d (old), g^ir (new) | Ni | Nr), §2.18.
        let prf = try PRF(.hmacSHA1, key: SecretBytes(Array(Self.dkm[0..<20])))
        #expect(try prf.compute(Self.girNew, Self.ni, Self.nr) == Self.skeyseedRekey)
    }

    @Test func prefixOfLongerOutputIsShorterOutput() throws {
        let prf = try PRF(.hmacSHA1, key: SecretBytes(Self.skeyseed))
        let seed = Self.ni + Self.nr + Self.spii + Self.spir
        #expect(try prf.prfPlus(length: 20, seed: seed).bytes == Array(Self.dkm[0..<20]))
        #expect(try prf.prfPlus(length: 21, seed: seed).bytes == Array(Self.dkm[0..<21]))
        #expect(try prf.prfPlus(length: 0, seed: seed).count == 0)
    }

    @Test func at255IterationsSucceedsAndBeyondFails() throws {
        // The counter octet limits prf+ to 255 iterations (RFC 7296 §2.13).
        let prf = try PRF(.hmacSHA256, key: ascii("key"))
        #expect(try prf.prfPlus(length: 255 * 32, seed: ascii("seed")).count == 255 * 32)
        #expect(throws: CryptoError(.outputTooLong, "")) {
            try prf.prfPlus(length: 255 * 32 + 1, seed: ascii("seed"))
        }
        #expect(throws: CryptoError(.invalidLength, "")) {
            try prf.prfPlus(length: -1, seed: ascii("seed"))
        }
    }
}
