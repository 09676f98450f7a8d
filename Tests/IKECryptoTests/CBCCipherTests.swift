import Testing
import TestSupport
@testable import IKECrypto

/// CBC ciphers: AES-CBC against RFC 3602 §4 cases #1–#3 (AES-128) and NIST
/// SP 800-38A F.2.3/F.2.5 (AES-192/256 CBC-Encrypt); 3DES-CBC against the
/// NIST CAVP TDES Multi-block Message Test (TCBCMMT3) examples as listed in
/// strongSwan's 3des_cbc.c. All cross-checked with Python `cryptography` and
/// the openssl CLI.
@Suite struct CBCCipherTests {
    struct Vector: Sendable, CustomTestStringConvertible {
        let name: String
        let algorithm: EncryptionAlgorithm
        let key: [UInt8]
        let iv: [UInt8]
        let plaintext: [UInt8]
        let ciphertext: [UInt8]
        var testDescription: String { name }
    }

    static let nistPlaintext = hex("""
        6bc1bee22e409f96e93d7e117393172a ae2d8a571e03ac9c9eb76fac45af8e51
        30c81c46a35ce411e5fbc1191a0a52ef f69f2445df4f9b17ad2b417be66c3710
        """)

    static let vectors: [Vector] = [
        // RFC 3602 §4 Case #1: 16 bytes, AES-128.
        Vector(name: "RFC 3602 case 1", algorithm: .aesCBC(.bits128), key: hex("06a9214036b8a15b512e03d534120006"),
               iv: hex("3dafba429d9eb430b422da802c9fac41"), plaintext: ascii("Single block msg"),
               ciphertext: hex("e353779c1079aeb82708942dbe77181a")),
        // RFC 3602 §4 Case #2: 32 bytes, AES-128.
        Vector(name: "RFC 3602 case 2", algorithm: .aesCBC(.bits128), key: hex("c286696d887c9aa0611bbb3e2025a45a"),
               iv: hex("562e17996d093d28ddb3ba695a2e6f58"), plaintext: Array(0x00...0x1f),
               ciphertext: hex("d296cd94c2cccf8a3a863028b5e1dc0a7586602d253cfff91b8266bea6d61ab1")),
        // RFC 3602 §4 Case #3: 48 bytes, AES-128.
        Vector(name: "RFC 3602 case 3", algorithm: .aesCBC(.bits128), key: hex("6c3ea0477630ce21a2ce334aa746c2cd"),
               iv: hex("c782dc4c098c66cbd9cd27d825682c81"), plaintext: ascii("This is a 48-byte message (exactly 3 AES blocks)"),
               ciphertext: hex("""
                   d0a02b3836451753d493665d33f0e886 2dea54cdb293abc7506939276772f8d5
                   021c19216bad525c8579695d83ba2684
                   """)),
        // RFC 3602 §4 Case #4: 64 bytes, AES-128.
        Vector(name: "RFC 3602 case 4", algorithm: .aesCBC(.bits128), key: hex("56e47a38c5598974bc46903dba290349"),
               iv: hex("8ce82eefbea0da3c44699ed7db51b7d9"), plaintext: Array(0xa0...0xdf),
               ciphertext: hex("""
                   c30e32ffedc0774e6aff6af0869f71aa 0f3af07a9a31a9c684db207eb0ef8e4e
                   35907aa632c3ffdf868bb7b29d3d46ad 83ce9f9a102ee99d49a53e87f4c3da55
                   """)),
        // NIST SP 800-38A F.2.3 CBC-AES192.Encrypt.
        Vector(name: "SP 800-38A F.2.3", algorithm: .aesCBC(.bits192), key: hex("8e73b0f7da0e6452c810f32b809079e562f8ead2522c6b7b"),
               iv: hex("000102030405060708090a0b0c0d0e0f"), plaintext: nistPlaintext,
               ciphertext: hex("""
                   4f021db243bc633d7178183a9fa071e8 b4d9ada9ad7dedf4e5e738763f69145a
                   571b242012fb7ae07fa9baac3df102e0 08b0e27988598881d920a9e64f5615cd
                   """)),
        // NIST SP 800-38A F.2.5 CBC-AES256.Encrypt.
        Vector(name: "SP 800-38A F.2.5", algorithm: .aesCBC(.bits256),
               key: hex("603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4"),
               iv: hex("000102030405060708090a0b0c0d0e0f"), plaintext: nistPlaintext,
               ciphertext: hex("""
                   f58c4c04d6e5f1ba779eabfb5f7bfbd6 9cfc4e967edb808d679f777bc6702c7d
                   39f23369a9d9bacfa530e26304231461 b2eb05e2c39be9fcda6c19078c6a9d1b
                   """)),
        // NIST CAVP TDES MMT, three-key CBC, 1 block.
        Vector(name: "TDES CBC MMT 1", algorithm: .tripleDESCBC,
               key: hex("627f460e08104a1043cd265d5840eaf1313edf97df2a8a8c"), iv: hex("8e29f75ea77e5475"),
               plaintext: hex("326a494cd33fe756"), ciphertext: hex("b22b8d66de970692")),
        // NIST CAVP TDES MMT, three-key CBC, 2 blocks.
        Vector(name: "TDES CBC MMT 2", algorithm: .tripleDESCBC,
               key: hex("37ae5ebf46dff2dc0754b94f31cbb3855e7fd36dc870bfae"), iv: hex("3d1de3cc132e3b65"),
               plaintext: hex("84401f78fe6c10876d8ea23094ea5309"), ciphertext: hex("7b1f7c7e3b1c948ebd04a75ffba7d2f5")),
    ]

    @Test(arguments: vectors) func publishedVector(_ vector: Vector) throws {
        let cipher = try CBCCipher(vector.algorithm, key: SecretBytes(vector.key))
        #expect(try cipher.encrypt(vector.plaintext, iv: vector.iv) == vector.ciphertext)
        #expect(try cipher.decrypt(vector.ciphertext, iv: vector.iv) == vector.plaintext)
    }

    @Test(arguments: vectors) func inPlaceAndRepeatedUse(_ vector: Vector) throws {
        // One object, several messages, alternating directions: each
        // message must start from its own IV with no carried-over state.
        let cipher = try CBCCipher(vector.algorithm, key: SecretBytes(vector.key))
        for _ in 0..<3 {
            var buffer = vector.plaintext
            try buffer.withUnsafeMutableBytes { bytes in
                try vector.iv.withUnsafeBytes { try cipher.encrypt(bytes, iv: $0) }
            }
            #expect(buffer == vector.ciphertext)
            try buffer.withUnsafeMutableBytes { bytes in
                try vector.iv.withUnsafeBytes { try cipher.decrypt(bytes, iv: $0) }
            }
            #expect(buffer == vector.plaintext)
        }
    }

    @Test func ciphersKeyedForOneDirectionWorkThatWayOnly() throws {
        for algorithm in [EncryptionAlgorithm.aesCBC(.bits128), .aesCBC(.bits256), .tripleDESCBC] {
            let key = SecretBytes((0..<algorithm.keySize).map { UInt8($0) })
            let encryptor = try CBCCipher(algorithm, key: key, directions: .encryptOnly)
            let decryptor = try CBCCipher(algorithm, key: key, directions: .decryptOnly)
            let iv = [UInt8](repeating: 3, count: algorithm.ivSize), plaintext = [UInt8](repeating: 0x41, count: 32)
            let ciphertext = try encryptor.encrypt(plaintext, iv: iv)
            #expect(ciphertext == (try CBCCipher(algorithm, key: key).encrypt(plaintext, iv: iv)))
            #expect(try decryptor.decrypt(ciphertext, iv: iv) == plaintext)
            #expect(throws: CryptoError(.unsupportedAlgorithm, "")) { try encryptor.decrypt(ciphertext, iv: iv) }
            #expect(throws: CryptoError(.unsupportedAlgorithm, "")) { try decryptor.encrypt(plaintext, iv: iv) }
        }
    }

    @Test func unalignedInputIsRejected() throws {
        let cipher = try CBCCipher(.aesCBC(.bits128), key: SecretBytes([UInt8](repeating: 7, count: 16)))
        let iv = [UInt8](repeating: 0, count: 16)
        #expect(throws: CryptoError(.malformedCiphertext, "")) { try cipher.decrypt([UInt8](repeating: 0, count: 17), iv: iv) }
        #expect(throws: CryptoError(.malformedCiphertext, "")) { try cipher.decrypt([UInt8](repeating: 0, count: 15), iv: iv) }
        #expect(throws: CryptoError(.malformedCiphertext, "")) { try cipher.decrypt([], iv: iv) }
        #expect(throws: CryptoError(.invalidLength, "")) { try cipher.encrypt([UInt8](repeating: 0, count: 20), iv: iv) }
        let tripleDES = try CBCCipher(.tripleDESCBC, key: SecretBytes([UInt8](repeating: 7, count: 24)))
        #expect(throws: CryptoError(.malformedCiphertext, "")) {
            try tripleDES.decrypt([UInt8](repeating: 0, count: 12), iv: [UInt8](repeating: 0, count: 8))
        }
        // 8-byte aligned is enough for 3DES.
        #expect(try tripleDES.decrypt([UInt8](repeating: 0, count: 8), iv: [UInt8](repeating: 0, count: 8)).count == 8)
    }

    @Test func wrongKeyOrIVLengthIsRejected() throws {
        for bits in AESKeyLength.allCases {
            let algorithm = EncryptionAlgorithm.aesCBC(bits)
            #expect(throws: CryptoError(.invalidLength, "")) { try CBCCipher(algorithm, key: SecretBytes([UInt8](repeating: 1, count: bits.byteCount - 1))) }
            #expect(throws: CryptoError(.invalidLength, "")) { try CBCCipher(algorithm, key: SecretBytes([UInt8](repeating: 1, count: bits.byteCount + 8))) }
        }
        #expect(throws: CryptoError(.invalidLength, "")) { try CBCCipher(.tripleDESCBC, key: SecretBytes([UInt8](repeating: 1, count: 16))) }
        let cipher = try CBCCipher(.aesCBC(.bits128), key: SecretBytes([UInt8](repeating: 7, count: 16)))
        #expect(throws: CryptoError(.invalidLength, "")) { try cipher.encrypt([UInt8](repeating: 0, count: 16), iv: [UInt8](repeating: 0, count: 8)) }
    }

    @Test func aeadTransformIsRefused() {
        #expect(throws: CryptoError(.unsupportedAlgorithm, "")) {
            try CBCCipher(.chaCha20Poly1305, key: SecretBytes([UInt8](repeating: 1, count: 36)))
        }
    }
}
