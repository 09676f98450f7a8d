import Testing
import TestSupport
@testable import IKECrypto

/// AES-GCM against the test cases of McGrew & Viega, "The Galois/Counter
/// Mode of Operation (GCM)" (revised spec, Appendix B), cases 2–4 (AES-128)
/// and 14–16 (AES-256). Their 12-byte IVs are split as IPsec does (RFC 4106
/// §4): the first 4 bytes are the salt at the end of the keying material,
/// the last 8 the explicit IV. The 8- and 12-byte ICVs are the leading bytes
/// of the 16-byte tag (NIST SP 800-38D §5.2.1.2). Cross-checked with Python
/// `cryptography` AESGCM.
@Suite struct AESGCMTests {
    struct Vector: Sendable, CustomTestStringConvertible {
        let name: String
        let keyLength: AESKeyLength
        let key: [UInt8]
        let nonce: [UInt8]
        let aad: [UInt8]
        let plaintext: [UInt8]
        let ciphertext: [UInt8]
        let tag: [UInt8]
        var testDescription: String { name }
    }

    static let p64 = hex("""
        d9313225f88406e5a55909c5aff5269a 86a7a9531534f7da2e4c303d8a318a72
        1c3c0c95956809532fcf0e2449a6b525 b16aedf5aa0de657ba637b391aafd255
        """)
    static let aad20 = hex("feedfacedeadbeeffeedfacedeadbeefabaddad2")
    static let k128 = hex("feffe9928665731c6d6a8f9467308308")
    static let nonce = hex("cafebabefacedbaddecaf888")

    static let vectors: [Vector] = [
        // Test Case 2: zero key, zero IV, one zero block.
        Vector(name: "GCM TC2", keyLength: .bits128, key: [UInt8](repeating: 0, count: 16), nonce: [UInt8](repeating: 0, count: 12),
               aad: [], plaintext: [UInt8](repeating: 0, count: 16),
               ciphertext: hex("0388dace60b6a392f328c2b971b2fe78"), tag: hex("ab6e47d42cec13bdf53a67b21257bddf")),
        // Test Case 3: 64-byte plaintext, no AAD.
        Vector(name: "GCM TC3", keyLength: .bits128, key: k128, nonce: nonce, aad: [], plaintext: p64,
               ciphertext: hex("""
                   42831ec2217774244b7221b784d0d49c e3aa212f2c02a4e035c17e2329aca12e
                   21d514b25466931c7d8f6a5aac84aa05 1ba30b396a0aac973d58e091473f5985
                   """),
               tag: hex("4d5c2af327cd64a62cf35abd2ba6fab4")),
        // Test Case 4: 60-byte plaintext with 20 bytes of AAD.
        Vector(name: "GCM TC4", keyLength: .bits128, key: k128, nonce: nonce, aad: aad20, plaintext: Array(p64[0..<60]),
               ciphertext: hex("""
                   42831ec2217774244b7221b784d0d49c e3aa212f2c02a4e035c17e2329aca12e
                   21d514b25466931c7d8f6a5aac84aa05 1ba30b396a0aac973d58e091
                   """),
               tag: hex("5bc94fbc3221a5db94fae95ae7121a47")),
        // Test Case 14: zero 256-bit key, zero IV, one zero block.
        Vector(name: "GCM TC14", keyLength: .bits256, key: [UInt8](repeating: 0, count: 32), nonce: [UInt8](repeating: 0, count: 12),
               aad: [], plaintext: [UInt8](repeating: 0, count: 16),
               ciphertext: hex("cea7403d4d606b6e074ec5d3baf39d18"), tag: hex("d0d1c8a799996bf0265b98b5d48ab919")),
        // Test Case 15: 64-byte plaintext, no AAD, AES-256.
        Vector(name: "GCM TC15", keyLength: .bits256, key: k128 + k128, nonce: nonce, aad: [], plaintext: p64,
               ciphertext: hex("""
                   522dc1f099567d07f47f37a32a84427d 643a8cdcbfe5c0c97598a2bd2555d1aa
                   8cb08e48590dbb3da7b08b1056828838 c5f61e6393ba7a0abcc9f662898015ad
                   """),
               tag: hex("b094dac5d93471bdec1a502270e3cc6c")),
        // Test Case 16: 60-byte plaintext with 20 bytes of AAD, AES-256.
        Vector(name: "GCM TC16", keyLength: .bits256, key: k128 + k128, nonce: nonce, aad: aad20, plaintext: Array(p64[0..<60]),
               ciphertext: hex("""
                   522dc1f099567d07f47f37a32a84427d 643a8cdcbfe5c0c97598a2bd2555d1aa
                   8cb08e48590dbb3da7b08b1056828838 c5f61e6393ba7a0abcc9f662
                   """),
               tag: hex("76fc6ece0f4e1768cddf8853bb2d551b")),
    ]

    /// The IPsec view of a vector: keying material = key ‖ salt.
    static func cipher(_ vector: Vector, icv: GCMICVLength) throws -> AEADCipher {
        try AEADCipher(.aesGCM(vector.keyLength, icv: icv), key: SecretBytes(vector.key + vector.nonce[0..<4]))
    }

    @Test(arguments: vectors, GCMICVLength.allCases)
    func publishedVector(_ vector: Vector, icv: GCMICVLength) throws {
        let aead = try Self.cipher(vector, icv: icv)
        let iv = Array(vector.nonce[4...])
        let expected = vector.ciphertext + vector.tag[0..<icv.rawValue]
        #expect(try aead.seal(vector.plaintext, iv: iv, aad: vector.aad) == expected)
        #expect(try aead.open(expected, iv: iv, aad: vector.aad) == vector.plaintext)
    }

    @Test(arguments: vectors) func inPlaceSealAndOpenRepeatedly(_ vector: Vector) throws {
        let aead = try Self.cipher(vector, icv: .bytes16)
        let iv = Array(vector.nonce[4...])
        for _ in 0..<3 {
            var buffer = vector.plaintext
            var tag = [UInt8](repeating: 0, count: 16)
            try buffer.withUnsafeMutableBytes { bytes in
                try iv.withUnsafeBytes { ivBytes in
                    try vector.aad.withUnsafeBytes { aadBytes in
                        try tag.withUnsafeMutableBytes { try aead.seal(bytes, iv: ivBytes, aad: aadBytes, tag: $0) }
                    }
                }
            }
            #expect(buffer == vector.ciphertext)
            #expect(tag == vector.tag)
            try buffer.withUnsafeMutableBytes { bytes in
                try iv.withUnsafeBytes { ivBytes in
                    try vector.aad.withUnsafeBytes { aadBytes in
                        try tag.withUnsafeBytes { try aead.open(bytes, iv: ivBytes, aad: aadBytes, tag: $0) }
                    }
                }
            }
            #expect(buffer == vector.plaintext)
        }
    }

    @Test(arguments: GCMICVLength.allCases) func tamperingIsDetected(_ icv: GCMICVLength) throws {
        let vector = Self.vectors[2]  // Test Case 4, with AAD
        let aead = try Self.cipher(vector, icv: icv)
        let iv = Array(vector.nonce[4...])
        let sealed = vector.ciphertext + vector.tag[0..<icv.rawValue]
        var badTag = sealed
        badTag[badTag.count - 1] ^= 0x01
        #expect(throws: CryptoError(.authenticationFailed, "")) { try aead.open(badTag, iv: iv, aad: vector.aad) }
        var badCiphertext = sealed
        badCiphertext[0] ^= 0x01
        #expect(throws: CryptoError(.authenticationFailed, "")) { try aead.open(badCiphertext, iv: iv, aad: vector.aad) }
        var badAAD = vector.aad
        badAAD[0] ^= 0x01
        #expect(throws: CryptoError(.authenticationFailed, "")) { try aead.open(sealed, iv: iv, aad: badAAD) }
        var badIV = iv
        badIV[7] ^= 0x01
        #expect(throws: CryptoError(.authenticationFailed, "")) { try aead.open(sealed, iv: badIV, aad: vector.aad) }
        #expect(throws: CryptoError(.malformedCiphertext, "")) { try aead.open(Array(sealed[0..<(icv.rawValue - 1)]), iv: iv, aad: vector.aad) }
        // A failure leaves the cipher usable.
        #expect(try aead.open(sealed, iv: iv, aad: vector.aad) == vector.plaintext)
    }

    @Test func failedOpenWipesTheBuffer() throws {
        let vector = Self.vectors[2]
        let aead = try Self.cipher(vector, icv: .bytes16)
        var buffer = vector.ciphertext
        var badTag = vector.tag
        badTag[0] ^= 0xff
        #expect(throws: CryptoError(.authenticationFailed, "")) {
            try buffer.withUnsafeMutableBytes { bytes in
                try Array(vector.nonce[4...]).withUnsafeBytes { ivBytes in
                    try vector.aad.withUnsafeBytes { aadBytes in
                        try badTag.withUnsafeBytes { try aead.open(bytes, iv: ivBytes, aad: aadBytes, tag: $0) }
                    }
                }
            }
        }
        #expect(buffer == [UInt8](repeating: 0, count: buffer.count))
    }

    @Test func wrongKeyIVOrTagLengthIsRejected() throws {
        for length in AESKeyLength.allCases {
            let algorithm = EncryptionAlgorithm.aesGCM(length, icv: .bytes16)
            // The cipher key alone, without the 4-byte salt, is too short.
            #expect(throws: CryptoError(.invalidLength, "")) { try AEADCipher(algorithm, key: SecretBytes([UInt8](repeating: 1, count: length.byteCount))) }
            #expect(throws: CryptoError(.invalidLength, "")) { try AEADCipher(algorithm, key: SecretBytes([UInt8](repeating: 1, count: length.byteCount + 5))) }
        }
        let aead = try AEADCipher(.aesGCM(.bits128, icv: .bytes16), key: SecretBytes([UInt8](repeating: 1, count: 20)))
        #expect(throws: CryptoError(.invalidLength, "")) { try aead.seal(ascii("data"), iv: [UInt8](repeating: 0, count: 12), aad: []) }
        var tag = [UInt8](repeating: 0, count: 8)
        var data = ascii("data")
        #expect(throws: CryptoError(.invalidLength, "")) {
            try data.withUnsafeMutableBytes { bytes in
                try [UInt8](repeating: 0, count: 8).withUnsafeBytes { iv in
                    try tag.withUnsafeMutableBytes { try aead.seal(bytes, iv: iv, aad: UnsafeRawBufferPointer(start: nil, count: 0), tag: $0) }
                }
            }
        }
    }

    /// ESP keys each SA direction for one way only (one OpenSSL context):
    /// such ciphers interoperate with one keyed both ways, for every AEAD,
    /// and refuse the other way with an error rather than a trap.
    @Test func ciphersKeyedForOneDirectionWorkThatWayOnly() throws {
        for algorithm in [EncryptionAlgorithm.aesGCM(.bits128, icv: .bytes16), .aesGCM(.bits256, icv: .bytes8), .chaCha20Poly1305] {
            let key = SecretBytes((0..<algorithm.keySize).map { UInt8($0) })
            let sealer = try AEADCipher(algorithm, key: key, directions: .encryptOnly)
            let opener = try AEADCipher(algorithm, key: key, directions: .decryptOnly)
            let both = try AEADCipher(algorithm, key: key)
            let iv = [UInt8](repeating: 9, count: 8), aad = ascii("aad")
            let sealed = try sealer.seal(ascii("payload"), iv: iv, aad: aad)
            #expect(sealed == (try both.seal(ascii("payload"), iv: iv, aad: aad)))
            #expect(try opener.open(sealed, iv: iv, aad: aad) == ascii("payload"))
            #expect(throws: CryptoError(.unsupportedAlgorithm, "")) { try sealer.open(sealed, iv: iv, aad: aad) }
            #expect(throws: CryptoError(.unsupportedAlgorithm, "")) { try opener.seal(ascii("payload"), iv: iv, aad: aad) }
        }
    }

    @Test func cbcTransformIsRefused() {
        #expect(throws: CryptoError(.unsupportedAlgorithm, "")) {
            try AEADCipher(.aesCBC(.bits128), key: SecretBytes([UInt8](repeating: 1, count: 16)))
        }
    }
}
