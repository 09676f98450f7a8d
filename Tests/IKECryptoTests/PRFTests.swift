import Testing
import TestSupport
@testable import IKECrypto

/// HMAC PRF vectors: RFC 2202 §3 (HMAC-SHA-1) and RFC 4868 §2.7.1, whose PRF
/// test cases PRF-1 … are those of RFC 4231 §4. Cross-checked with Python's
/// hmac module.
@Suite struct PRFTests {
    struct Vector: Sendable, CustomTestStringConvertible {
        let name: String
        let algorithm: PRFAlgorithm
        let key: [UInt8]
        let data: [UInt8]
        let expected: [UInt8]
        var testDescription: String { name }
    }

    static let vectors: [Vector] = [
        // RFC 2202 §3 test_case 1.
        Vector(name: "RFC 2202 TC1", algorithm: .hmacSHA1, key: [UInt8](repeating: 0x0b, count: 20), data: ascii("Hi There"),
               expected: hex("b617318655057264e28bc0b6fb378c8ef146be00")),
        // RFC 2202 §3 test_case 2 (key shorter than the output).
        Vector(name: "RFC 2202 TC2", algorithm: .hmacSHA1, key: ascii("Jefe"), data: ascii("what do ya want for nothing?"),
               expected: hex("effcdf6ae5eb2fa2d27416d5f184df9c259a7c79")),
        // RFC 2202 §3 test_case 3.
        Vector(name: "RFC 2202 TC3", algorithm: .hmacSHA1, key: [UInt8](repeating: 0xaa, count: 20),
               data: [UInt8](repeating: 0xdd, count: 50), expected: hex("125d7342b9ac11cd91a39af48aa17b4f63f175d3")),
        // RFC 2202 §3 test_case 4.
        Vector(name: "RFC 2202 TC4", algorithm: .hmacSHA1, key: hex("0102030405060708090a0b0c0d0e0f10111213141516171819"),
               data: [UInt8](repeating: 0xcd, count: 50), expected: hex("4c9007f4026250c6bc8414f9bf50c86c2d7235da")),
        // RFC 2202 §3 test_case 6 (key longer than the block size).
        Vector(name: "RFC 2202 TC6", algorithm: .hmacSHA1, key: [UInt8](repeating: 0xaa, count: 80),
               data: ascii("Test Using Larger Than Block-Size Key - Hash Key First"),
               expected: hex("aa4ae5e15272d00e95705637ce8a3b55ed402112")),
        // RFC 2202 §3 test_case 7.
        Vector(name: "RFC 2202 TC7", algorithm: .hmacSHA1, key: [UInt8](repeating: 0xaa, count: 80),
               data: ascii("Test Using Larger Than Block-Size Key and Larger Than One Block-Size Data"),
               expected: hex("e8e99d0f45237d786d6bbaa7965c7808bbff1a91")),
        // RFC 4868 §2.7.1 Test Case PRF-1 (= RFC 4231 §4.2).
        Vector(name: "RFC 4868 PRF-1 SHA-256", algorithm: .hmacSHA256, key: [UInt8](repeating: 0x0b, count: 20), data: ascii("Hi There"),
               expected: hex("b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7")),
        Vector(name: "RFC 4868 PRF-1 SHA-384", algorithm: .hmacSHA384, key: [UInt8](repeating: 0x0b, count: 20), data: ascii("Hi There"),
               expected: hex("afd03944d84895626b0825f4ab46907f15f9dadbe4101ec682aa034c7cebc59cfaea9ea9076ede7f4af152e8b2fa9cb6")),
        Vector(name: "RFC 4868 PRF-1 SHA-512", algorithm: .hmacSHA512, key: [UInt8](repeating: 0x0b, count: 20), data: ascii("Hi There"),
               expected: hex("""
                   87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cde
                   daa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854
                   """)),
        // RFC 4868 §2.7.1 Test Case PRF-2 (= RFC 4231 §4.3).
        Vector(name: "RFC 4868 PRF-2 SHA-256", algorithm: .hmacSHA256, key: ascii("Jefe"), data: ascii("what do ya want for nothing?"),
               expected: hex("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")),
        Vector(name: "RFC 4868 PRF-2 SHA-384", algorithm: .hmacSHA384, key: ascii("Jefe"), data: ascii("what do ya want for nothing?"),
               expected: hex("af45d2e376484031617f78d2b58a6b1b9c7ef464f5a01b47e42ec3736322445e8e2240ca5e69e2c78b3239ecfab21649")),
        Vector(name: "RFC 4868 PRF-2 SHA-512", algorithm: .hmacSHA512, key: ascii("Jefe"), data: ascii("what do ya want for nothing?"),
               expected: hex("""
                   164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea250554
                   9758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737
                   """)),
        // RFC 4868 §2.7.1 Test Case PRF-3 (= RFC 4231 §4.4).
        Vector(name: "RFC 4868 PRF-3 SHA-256", algorithm: .hmacSHA256, key: [UInt8](repeating: 0xaa, count: 20),
               data: [UInt8](repeating: 0xdd, count: 50), expected: hex("773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe")),
    ]

    @Test(arguments: vectors) func publishedVector(_ vector: Vector) throws {
        let prf = try PRF(vector.algorithm, key: vector.key)
        #expect(try prf.compute(vector.data) == vector.expected)
        #expect(prf.outputSize == vector.expected.count)
    }

    @Test func keyedOnceAndReusedGivesSameResultEveryTime() throws {
        // RFC 2202 TC1 twice, with an unrelated message in between: the
        // context must be fully reset between computations.
        let prf = try PRF(.hmacSHA1, key: [UInt8](repeating: 0x0b, count: 20))
        let first = try prf.compute(ascii("Hi There"))
        _ = try prf.compute(ascii("something else entirely"))
        #expect(try prf.compute(ascii("Hi There")) == first)
        #expect(first == hex("b617318655057264e28bc0b6fb378c8ef146be00"))
    }

    @Test func multiplePartsEqualTheirConcatenation() throws {
        // RFC 2202 TC2 with the message split across three parts of
        // different types, including a secret.
        let prf = try PRF(.hmacSHA1, key: SecretBytes(ascii("Jefe")))
        let expected = hex("effcdf6ae5eb2fa2d27416d5f184df9c259a7c79")
        #expect(try prf.compute(ascii("what do "), ArraySlice(ascii("ya want ")), SecretBytes(ascii("for nothing?"))) == expected)
        #expect(try prf.compute(concatenating: [ascii("what do ya"), ascii(" want for nothing?")]) == expected)
        #expect(try prf.computeSecret(ascii("what do ya want for nothing?")).bytes == expected)
        #expect(try prf.compute(ascii("what do ya want for nothing!")) != expected)
    }

    @Test func emptyKeyIsAccepted() throws {
        // HMAC with a zero-length key is defined (RFC 2104 §2 pads it with
        // zeros); value cross-checked with Python's hmac module.
        let prf = try PRF(.hmacSHA256, key: [UInt8]())
        #expect(try prf.compute([UInt8]()) == hex("b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad"))
    }

    @Test func wrongOutputBufferSizeIsRejected() throws {
        let prf = try PRF(.hmacSHA256, key: ascii("key"))
        var short = [UInt8](repeating: 0, count: 31)
        #expect(throws: CryptoError(.invalidLength, "")) {
            try short.withUnsafeMutableBytes { try prf.compute(concatenating: [ascii("data")], into: $0) }
        }
    }

    @Test func transformIDsAndSizes() {
        #expect(PRFAlgorithm(rawValue: 2) == .hmacSHA1)
        #expect(PRFAlgorithm(rawValue: 5) == .hmacSHA256)
        #expect(PRFAlgorithm(rawValue: 6) == .hmacSHA384)
        #expect(PRFAlgorithm(rawValue: 7) == .hmacSHA512)
        #expect(PRFAlgorithm.allCases.map(\.outputSize) == [20, 32, 48, 64])
        #expect(PRFAlgorithm.allCases.map(\.preferredKeySize) == [20, 32, 48, 64])
    }
}
