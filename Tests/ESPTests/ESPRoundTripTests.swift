import IKECrypto
import Testing
@testable import ESP

/// Both directions of one SA built from the same keys, as two peers hold
/// them, for every transform the responder negotiates.
struct ESPPair {
    let outbound: ESPOutbound
    let inbound: ESPInbound

    static let transforms: [(EncryptionAlgorithm, IntegrityAlgorithm?)] = [
        (.aesCBC(.bits128), .hmacSHA1_96), (.aesCBC(.bits256), .hmacSHA1_96), (.aesCBC(.bits128), .hmacSHA256_128),
        (.aesCBC(.bits256), .hmacSHA384_192), (.aesCBC(.bits192), .hmacSHA512_256), (.tripleDESCBC, .hmacSHA1_96),
        (.aesGCM(.bits128, icv: .bytes16), nil), (.aesGCM(.bits256, icv: .bytes16), nil), (.chaCha20Poly1305, nil),
    ]

    init(_ encryption: EncryptionAlgorithm, _ integrity: IntegrityAlgorithm?, esn: Bool = false, window: Int = ReplayWindow.defaultSize,
         lifetime: ESPLifetime = .unlimited) throws {
        let key = SecretBytes((0..<encryption.keySize).map { UInt8(truncatingIfNeeded: $0 * 7 + 1) })
        let macKey = SecretBytes((0..<(integrity?.keySize ?? 0)).map { UInt8(truncatingIfNeeded: $0 * 3 + 2) })
        outbound = try ESPOutbound(spi: 0xC0FF_EE01, encryption: encryption, encryptionKey: key, integrity: integrity, integrityKey: macKey,
                                   extendedSequenceNumbers: esn, lifetime: lifetime)
        inbound = try ESPInbound(spi: 0xC0FF_EE01, encryption: encryption, encryptionKey: key, integrity: integrity, integrityKey: macKey,
                                 extendedSequenceNumbers: esn, replayWindow: window, lifetime: lifetime)
    }

    /// An ESP packet carrying `payload`.
    func seal(_ payload: [UInt8], nextHeader: UInt8 = 4) throws -> [UInt8] {
        var output = [UInt8](repeating: 0, count: payload.count + 128)
        let (length, _) = try output.withUnsafeMutableBytes { buffer in
            try payload.withUnsafeBytes { try outbound.seal($0, nextHeader: nextHeader, into: buffer) }
        }
        return Array(output.prefix(length))
    }

    /// The payload and next header of `packet`, opened in a copy.
    func open(_ packet: [UInt8]) throws -> (payload: [UInt8], nextHeader: UInt8, sequence: UInt64) {
        var copy = packet
        let opened = try copy.withUnsafeMutableBytes { try inbound.open($0) }
        return (Array(copy[opened.payload]), opened.nextHeader, opened.sequence)
    }
}

@Suite struct ESPRoundTripTests {
    @Test(arguments: ESPPair.transforms.indices)
    func everyTransformRoundTrips(_ index: Int) throws {
        let (encryption, integrity) = ESPPair.transforms[index]
        for esn in [false, true] {
            let pair = try ESPPair(encryption, integrity, esn: esn)
            for length in [0, 1, 13, 14, 15, 16, 17, 40, 1400] {
                let payload = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 31) }
                let packet = try pair.seal(payload, nextHeader: 41)
                // Header, IV, ciphertext aligned to the block (or 4), ICV.
                let ciphertext = packet.count - 8 - encryption.ivSize - (integrity?.icvSize ?? encryption.icvSize)
                #expect(ciphertext % max(4, encryption.blockSize) == 0 && ciphertext >= length + 2)
                let opened = try pair.open(packet)
                #expect(opened.payload == payload && opened.nextHeader == 41)
            }
            #expect(pair.outbound.counters.packets == 9 && pair.inbound.counters.packets == 9)
            #expect(pair.inbound.counters.bytes == pair.outbound.counters.bytes)
        }
    }

    /// The outbound side writes SPI and sequence in network order, starts
    /// at 1 and counts up (RFC 4303 §3.3.3); AEAD IVs are the sequence.
    @Test func headerAndSequence() throws {
        let pair = try ESPPair(.aesGCM(.bits128, icv: .bytes16), nil)
        let first = try pair.seal([1, 2, 3])
        let second = try pair.seal([1, 2, 3])
        #expect(first.prefix(8) == [0xC0, 0xFF, 0xEE, 0x01, 0, 0, 0, 1])
        #expect(second[4..<8] == [0, 0, 0, 2] && second[8..<16] == [0, 0, 0, 0, 0, 0, 0, 2])
        #expect(first[16...] != second[16...], "same plaintext, different ciphertext")
    }

    /// CBC IVs are random: two packets with the same payload and
    /// sequence-adjacent positions share no IV.
    @Test func cbcIVsDiffer() throws {
        let pair = try ESPPair(.aesCBC(.bits128), .hmacSHA1_96)
        let ivs = try (0..<64).map { _ in Array(try pair.seal([0xAB])[8..<24]) }
        #expect(Set(ivs.map { $0.description }).count == 64)
    }

    @Test func wrongKeyAndEveryFlippedBitAreRejected() throws {
        for (encryption, integrity) in [ESPPair.transforms[0], ESPPair.transforms[6]] {
            let pair = try ESPPair(encryption, integrity)
            let packet = try pair.seal(Array(repeating: 0x42, count: 20))
            // Every octet after the SPI (the SPI picks the SA, so it is not
            // this SA's concern), with one bit flipped.
            for index in 4..<packet.count {
                var tampered = packet
                tampered[index] ^= 0x10
                #expect(throws: ESPError.self) { try pair.open(tampered) }
            }
            #expect(pair.inbound.counters.packets == 0)
            #expect(pair.inbound.counters.authenticationFailures + pair.inbound.counters.replayed == UInt64(packet.count - 4))
            // The untouched packet still opens: failures changed nothing.
            #expect(try pair.open(packet).payload == Array(repeating: 0x42, count: 20))
        }
    }

    @Test func replayIsDroppedAndCounted() throws {
        let pair = try ESPPair(.aesCBC(.bits256), .hmacSHA256_128)
        let packet = try pair.seal([9, 9, 9])
        _ = try pair.open(packet)
        #expect(throws: ESPError.replayed(sequence: 1)) { try pair.open(packet) }
        #expect(pair.inbound.counters.replayed == 1 && pair.inbound.counters.packets == 1)
    }

    @Test func reorderedPacketsWithinTheWindowOpenOnce() throws {
        let pair = try ESPPair(.aesGCM(.bits128, icv: .bytes16), nil, window: 64)
        let packets = try (0..<200).map { try pair.seal([UInt8($0)]) }
        _ = try pair.open(packets[150])                                    // top 151
        #expect(try pair.open(packets[100]).sequence == 101)               // 50 behind: inside
        #expect(throws: ESPError.replayed(sequence: 87)) { try pair.open(packets[86]) } // 64 behind: outside
        #expect(try pair.open(packets[87]).sequence == 88)                 // 63 behind: the window's last slot
        #expect(throws: ESPError.replayed(sequence: 88)) { try pair.open(packets[87]) }
        _ = try pair.open(packets[199])
        #expect(throws: ESPError.replayed(sequence: 101)) { try pair.open(packets[100]) }
    }

    @Test func malformedPacketsAreTypedErrors() throws {
        let pair = try ESPPair(.aesCBC(.bits128), .hmacSHA1_96)
        let packet = try pair.seal([1, 2, 3, 4])
        for length in 0..<(8 + 16 + 16 + 12) {
            #expect(throws: ESPError.truncated(length: length)) { try pair.open(Array(packet.prefix(length))) }
        }
        #expect(pair.inbound.counters.malformed == 52)
    }

    /// A packet whose ICV is valid but whose padding is not 1, 2, 3, … (a
    /// sender that ignores RFC 4303 §2.4, or a pad length beyond the data).
    @Test(arguments: [[0x01, 0x02, 0x03, 0x05], [0x00, 0x00, 0x00, 0x00], [0x01, 0x02, 0x03, 0x04]])
    func malformedPaddingWithAValidICV(_ padding: [UInt8]) throws {
        let key = SecretBytes([UInt8](repeating: 1, count: 16))
        let macKey = SecretBytes([UInt8](repeating: 2, count: 20))
        let inbound = try ESPInbound(spi: 7, encryption: .aesCBC(.bits128), encryptionKey: key, integrity: .hmacSHA1_96,
                                     integrityKey: macKey, extendedSequenceNumbers: false)
        let iv = [UInt8](repeating: 0x33, count: 16)
        // 10 octets of payload, the padding under test, pad length 4 (or a
        // pad length larger than the plaintext), next header 4.
        let padLength: UInt8 = padding == [0x01, 0x02, 0x03, 0x04] ? 200 : 4
        let plaintext = [UInt8](repeating: 0xEE, count: 10) + padding + [padLength, 4]
        let ciphertext = try CBCCipher(.aesCBC(.bits128), key: key).encrypt(plaintext, iv: iv)
        var packet: [UInt8] = [0, 0, 0, 7, 0, 0, 0, 1] + iv + ciphertext
        packet += try Integrity(.hmacSHA1_96, key: macKey).computeICV(packet)
        #expect(throws: ESPError.malformedPadding) { try packet.withUnsafeMutableBytes { try inbound.open($0) } }
        #expect(inbound.counters.malformed == 1)
    }

    @Test func dummyPacketsCarryNextHeader59() throws {
        let pair = try ESPPair(.aesGCM(.bits256, icv: .bytes16), nil)
        #expect(try pair.open(try pair.seal([], nextHeader: 59)).nextHeader == 59)
    }

    @Test func outputBufferTooSmall() throws {
        let pair = try ESPPair(.aesCBC(.bits128), .hmacSHA1_96)
        var output = [UInt8](repeating: 0, count: 40)
        let payload = [UInt8](repeating: 0, count: 20)
        #expect(throws: ESPError.bufferTooSmall(needed: 8 + 16 + 32 + 12)) {
            try output.withUnsafeMutableBytes { buffer in try payload.withUnsafeBytes { try pair.outbound.seal($0, nextHeader: 4, into: buffer) } }
        }
        #expect(pair.outbound.overhead(forPayload: 20) == 8 + 16 + 12 + 12)
    }
}
