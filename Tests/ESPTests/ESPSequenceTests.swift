import IKECrypto
import Testing
@testable import ESP

/// Sequence numbers at the 32-bit boundary, with and without ESN, and
/// lifetimes.
@Suite struct ESPSequenceTests {
    /// Without ESN the sender must stop before the counter wraps (RFC 4303
    /// §3.3.3); the SA has to be rekeyed.
    @Test func thirtyTwoBitSequenceIsExhausted() throws {
        let pair = try ESPPair(.aesCBC(.bits128), .hmacSHA1_96)
        pair.outbound.continueSequence(from: UInt64(UInt32.max))
        pair.inbound.markReceived(UInt64(UInt32.max) - 1)
        #expect(try pair.open(try pair.seal([1])).sequence == UInt64(UInt32.max))
        #expect(throws: ESPError.sequenceExhausted) { try pair.seal([2]) }
    }

    /// With ESN the low half wraps on the wire, the receiver infers the high
    /// half (RFC 4303 Appendix A2) and the ICV covers it: packets on both
    /// sides of the boundary, in and out of order, open.
    @Test(arguments: [ESPPair.transforms[0], ESPPair.transforms[6]])
    func extendedSequenceNumbersRollOver(_ transform: (EncryptionAlgorithm, IntegrityAlgorithm?)) throws {
        let pair = try ESPPair(transform.0, transform.1, esn: true, window: 128)
        let start = UInt64(UInt32.max) - 3
        pair.outbound.continueSequence(from: start)
        pair.inbound.markReceived(start - 1)
        let packets = try (0..<8).map { try pair.seal([UInt8($0)]) }
        #expect(packets[6][4..<8] == [0, 0, 0, 2], "the low half on the wire")
        #expect(try pair.open(packets[6]).sequence == (1 << 32) + 2)   // past the boundary first
        #expect(try pair.open(packets[1]).sequence == start + 1)       // then one from before it
        for index in [0, 2, 3, 4, 5, 7] { #expect(try pair.open(packets[index]).payload == [UInt8(index)]) }
        #expect(throws: ESPError.self) { try pair.open(packets[4]) }
    }

    /// The same high half guessed wrong must fail the ICV, not be accepted:
    /// a packet sealed at 2^32 + 5 presented to a receiver whose window sits
    /// far past it is outside the window.
    @Test func extendedSequenceFarBehindIsRejected() throws {
        let pair = try ESPPair(.aesCBC(.bits128), .hmacSHA256_128, esn: true, window: 64)
        pair.outbound.continueSequence(from: (1 << 32) + 5)
        let packet = try pair.seal([1])
        pair.inbound.markReceived((2 << 32) + 100)
        #expect(throws: ESPError.self) { try pair.open(packet) }
    }

    @Test func lifetimesAreReportedOnceAndTheHardLimitStopsTheSA() throws {
        let lifetime = ESPLifetime(softBytes: 250, hardBytes: nil, softPackets: nil, hardPackets: 5)
        let pair = try ESPPair(.aesGCM(.bits128, icv: .bytes16), nil, lifetime: lifetime)
        var expiries: [ESPExpiry?] = []
        var output = [UInt8](repeating: 0, count: 256)
        let payload = [UInt8](repeating: 7, count: 100)
        for _ in 0..<5 {
            let result = try output.withUnsafeMutableBytes { buffer in
                try payload.withUnsafeBytes { try pair.outbound.seal($0, nextHeader: 4, into: buffer) }
            }
            expiries.append(result.expiry)
        }
        #expect(expiries == [nil, nil, .soft, nil, .hard])
        #expect(throws: ESPError.expired) { try pair.seal(payload) }
    }
}
