import Testing
@testable import IKECrypto

/// Transform IDs (IANA "Transform Type 1"), key length attributes
/// (RFC 7296 §3.3.5) and the sizes IKE and ESP rely on.
@Suite struct EncryptionAlgorithmTests {
    @Test func decodesValidTransforms() {
        #expect(EncryptionAlgorithm(transformID: 3, keyLengthBits: nil) == .tripleDESCBC)
        #expect(EncryptionAlgorithm(transformID: 12, keyLengthBits: 128) == .aesCBC(.bits128))
        #expect(EncryptionAlgorithm(transformID: 12, keyLengthBits: 256) == .aesCBC(.bits256))
        #expect(EncryptionAlgorithm(transformID: 18, keyLengthBits: 128) == .aesGCM(.bits128, icv: .bytes8))
        #expect(EncryptionAlgorithm(transformID: 19, keyLengthBits: 192) == .aesGCM(.bits192, icv: .bytes12))
        #expect(EncryptionAlgorithm(transformID: 20, keyLengthBits: 256) == .aesGCM(.bits256, icv: .bytes16))
        #expect(EncryptionAlgorithm(transformID: 28, keyLengthBits: nil) == .chaCha20Poly1305)
    }

    @Test func rejectsMissingForbiddenOrUnknownKeyLengths() {
        #expect(EncryptionAlgorithm(transformID: 12, keyLengthBits: nil) == nil)
        #expect(EncryptionAlgorithm(transformID: 12, keyLengthBits: 64) == nil)
        #expect(EncryptionAlgorithm(transformID: 20, keyLengthBits: nil) == nil)
        #expect(EncryptionAlgorithm(transformID: 3, keyLengthBits: 192) == nil)
        #expect(EncryptionAlgorithm(transformID: 28, keyLengthBits: 256) == nil)
        #expect(EncryptionAlgorithm(transformID: 2, keyLengthBits: nil) == nil)  // ENCR_DES: not offered
        #expect(EncryptionAlgorithm(transformID: 21, keyLengthBits: 128) == nil)  // null-auth GMAC: not offered
    }

    static let all: [EncryptionAlgorithm] = [.tripleDESCBC, .chaCha20Poly1305]
        + AESKeyLength.allCases.map { .aesCBC($0) }
        + AESKeyLength.allCases.flatMap { length in GCMICVLength.allCases.map { .aesGCM(length, icv: $0) } }

    @Test(arguments: all) func roundTripsThroughTransformIDAndAttribute(_ algorithm: EncryptionAlgorithm) {
        #expect(EncryptionAlgorithm(transformID: algorithm.transformID, keyLengthBits: algorithm.keyLengthAttribute) == algorithm)
    }

    @Test func sizes() {
        let tripleDES = EncryptionAlgorithm.tripleDESCBC
        #expect([tripleDES.keySize, tripleDES.ivSize, tripleDES.blockSize, tripleDES.icvSize] == [24, 8, 8, 0])
        #expect(!tripleDES.isAEAD)
        let cbc = EncryptionAlgorithm.aesCBC(.bits192)
        #expect([cbc.keySize, cbc.ivSize, cbc.blockSize, cbc.icvSize] == [24, 16, 16, 0])
        // GCM keying material includes the 4-byte salt (RFC 4106 §8.1).
        let gcm = EncryptionAlgorithm.aesGCM(.bits256, icv: .bytes12)
        #expect([gcm.keySize, gcm.cipherKeySize, gcm.saltSize, gcm.ivSize, gcm.blockSize, gcm.icvSize] == [36, 32, 4, 8, 4, 12])
        #expect(gcm.isAEAD)
        #expect(EncryptionAlgorithm.aesGCM(.bits128, icv: .bytes8).keySize == 20)
        // ChaCha20-Poly1305: 32-byte key + 4-byte salt (RFC 7634 §2).
        let chacha = EncryptionAlgorithm.chaCha20Poly1305
        #expect([chacha.keySize, chacha.ivSize, chacha.blockSize, chacha.icvSize] == [36, 8, 4, 16])
        #expect(chacha.keyLengthAttribute == nil && cbc.keyLengthAttribute == 192)
    }
}
