import IKECrypto
import Testing
@testable import ESP

/// Published ESP packets decrypted by `ESPInbound`.
@Suite struct ESPVectorTests {
    static func hex(_ text: String) -> [UInt8] {
        let digits = text.filter(\.isHexDigit)
        return stride(from: 0, to: digits.count, by: 2).map { offset in
            let start = digits.index(digits.startIndex, offsetBy: offset)
            return UInt8(digits[start...digits.index(after: start)], radix: 16)!
        }
    }

    /// RFC 3602 §4 Case #5: AES-128-CBC, SPI 0x4321, sequence 1, an ICMP
    /// echo request with 14 octets of padding. The RFC's SA has no integrity
    /// transform, which RFC 8221 forbids; the test appends an HMAC-SHA1-96
    /// ICV over the RFC's octets, so the ciphertext, IV and trailer are the
    /// RFC's own.
    @Test func rfc3602Case5() throws {
        let key = SecretBytes(Self.hex("90d382b4 10eeba7a d938c46c ec1a82bf"))
        let macKey = SecretBytes([UInt8](repeating: 0x0B, count: 20))
        var packet = Self.hex("""
            00004321 00000001 e96e8c08 ab465763 fd098d45 dd3ff893
            f663c25d 325c18c6 a9453e19 4e120849 a4870b66 cc6b9965 330013b4 898dc856
            a4699e52 3a55db08 0b59ec3a 8e4b7e52 775b07d1 db34ed9c 538ab50c 551b874a
            a269add0 47ad2d59 13ac19b7 cfbad4a6
            """)
        packet += try Integrity(.hmacSHA1_96, key: macKey).computeICV(packet)
        let payload = Self.hex("""
            08000ebd a70a0000 8e9c083d b95b0700 08090a0b 0c0d0e0f 10111213 14151617
            18191a1b 1c1d1e1f 20212223 24252627 28292a2b 2c2d2e2f 30313233 34353637
            """)
        let inbound = try ESPInbound(spi: 0x4321, encryption: .aesCBC(.bits128), encryptionKey: key, integrity: .hmacSHA1_96,
                                     integrityKey: macKey, extendedSequenceNumbers: false)
        let opened = try packet.withUnsafeMutableBytes { try inbound.open($0) }
        #expect(opened.nextHeader == 1 && opened.sequence == 1)
        #expect(Array(packet[opened.payload]) == payload)
        #expect(inbound.counters.packets == 1 && inbound.counters.bytes == 64)
    }

    /// draft-mcgrew-gcm-test-01 §4: AES-128-GCM-16 ESP, SPI 0xa5f8, sequence
    /// 10, a DNS query.
    @Test func gcm128Vector() throws {
        var packet = Self.hex("""
            0000a5f8 0000000a facedbad decaf888 deb22cd9 b07c72c1 6e3a65be eb8df304
            a5a5897d 33ae530f 1ba76d5d 114d2a5c 3de81827 c10e9a4f 51330d0e ec416642
            cfbb85a5 b47e48a4 ec3b9ba9 5d918bd1 83b70d3a a8bc6ee4 c309e9d8 5a41ad4a
            """)
        let plaintext = Self.hex("""
            4500003e 698f0000 80114dcc c0a80102 c0a80101 0a980035 002a2343 b2d00100
            00010000 00000000 03736970 09637962 65726369 74790264 6b000001 00010001
            """)
        let inbound = try ESPInbound(spi: 0xa5f8, encryption: .aesGCM(.bits128, icv: .bytes16),
                                     encryptionKey: SecretBytes(Self.hex("feffe992 8665731c 6d6a8f94 67308308 cafebabe")),
                                     integrity: nil, integrityKey: SecretBytes([]), extendedSequenceNumbers: false)
        let opened = try packet.withUnsafeMutableBytes { try inbound.open($0) }
        #expect(opened.sequence == 10)
        // The plaintext ends with Pad Length 0 and Next Header 1.
        #expect(Array(packet[opened.payload]) == Array(plaintext.dropLast(2)) && opened.nextHeader == plaintext.last)
    }

    /// draft-mcgrew-gcm-test-01 §4: AES-256-GCM-16 ESP, SPI 0x4a2cbfe3,
    /// sequence 2, a TCP SYN padded with 1, 2.
    @Test func gcm256Vector() throws {
        var packet = Self.hex("""
            4a2cbfe3 00000002 01020304 05060708 ff425c9b 724599df 7a3bcd51 0194e00d
            6a78107f 1b0b1cbf 06efae9d 65a5d763 748a6379 85771d34 7f054565 9f14e99d
            ef842d8e b335f4ee cfdbf831 824b4c49 15956c96
            """)
        let plaintext = Self.hex("""
            45000030 69a64000 80062690 c0a80102 9389155e 0a9e008b 2dc57ee0 00000000
            70024000 20bf0000 020405b4 01010402 01020201
            """)
        let key = Self.hex("abbccdde f0011223 34455667 78899aab abbccdde f0011223 34455667 78899aab 11223344")
        let inbound = try ESPInbound(spi: 0x4a2c_bfe3, encryption: .aesGCM(.bits256, icv: .bytes16), encryptionKey: SecretBytes(key),
                                     integrity: nil, integrityKey: SecretBytes([]), extendedSequenceNumbers: false)
        let opened = try packet.withUnsafeMutableBytes { try inbound.open($0) }
        #expect(opened.sequence == 2 && opened.nextHeader == 1)
        #expect(Array(packet[opened.payload]) == Array(plaintext.prefix(48)))
    }
}
