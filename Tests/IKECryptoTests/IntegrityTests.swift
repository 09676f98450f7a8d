import Testing
import TestSupport
@testable import IKECrypto

/// Truncated-HMAC integrity transforms. HMAC-SHA-1-96 (RFC 2404) uses the
/// RFC 2202 §3 cases with 20-byte keys; the SHA-2 transforms use RFC 4868
/// §2.7.2 authenticator cases AUTH256-1, AUTH384-1 and AUTH512-1 (key = hash
/// size, data "Hi There"). Full HMAC values cross-checked with Python's hmac.
@Suite struct IntegrityTests {
    struct Vector: Sendable, CustomTestStringConvertible {
        let name: String
        let algorithm: IntegrityAlgorithm
        let key: [UInt8]
        let data: [UInt8]
        let icv: [UInt8]
        var testDescription: String { name }
    }

    static let vectors: [Vector] = [
        // RFC 2202 §3 test_case 1, truncated to 96 bits.
        Vector(name: "RFC 2202 TC1 SHA1-96", algorithm: .hmacSHA1_96, key: [UInt8](repeating: 0x0b, count: 20),
               data: ascii("Hi There"), icv: hex("b617318655057264e28bc0b6")),
        // RFC 2202 §3 test_case 5, whose digest-96 is given in the RFC.
        Vector(name: "RFC 2202 TC5 SHA1-96", algorithm: .hmacSHA1_96, key: [UInt8](repeating: 0x0c, count: 20),
               data: ascii("Test With Truncation"), icv: hex("4c1a03424b55e07fe7f27be1")),
        // RFC 4868 §2.7.2.1 Test Case AUTH256-1: HMAC-SHA-256-128.
        Vector(name: "RFC 4868 AUTH256-1", algorithm: .hmacSHA256_128, key: [UInt8](repeating: 0x0b, count: 32),
               data: ascii("Hi There"), icv: hex("198a607eb44bfbc69903a0f1cf2bbdc5")),
        // RFC 4868 §2.7.2.1 Test Case AUTH256-2.
        Vector(name: "RFC 4868 AUTH256-2", algorithm: .hmacSHA256_128, key: ascii(String(repeating: "Jefe", count: 8)),
               data: ascii("what do ya want for nothing?"), icv: hex("167f928588c5cc2eef8e3093caa0e87c")),
        // RFC 4868 §2.7.2.2 Test Case AUTH384-1: HMAC-SHA-384-192.
        Vector(name: "RFC 4868 AUTH384-1", algorithm: .hmacSHA384_192, key: [UInt8](repeating: 0x0b, count: 48),
               data: ascii("Hi There"), icv: hex("b6a8d5636f5c6a7224f9977dcf7ee6c7fb6d0c48cbdee973")),
        // RFC 4868 §2.7.2.3 Test Case AUTH512-1: HMAC-SHA-512-256.
        Vector(name: "RFC 4868 AUTH512-1", algorithm: .hmacSHA512_256, key: [UInt8](repeating: 0x0b, count: 64),
               data: ascii("Hi There"), icv: hex("637edc6e01dce7e6742a99451aae82df23da3e92439e590e43e761b33e910fb8")),
        // RFC 4868 §2.7.2.3 Test Case AUTH512-2.
        Vector(name: "RFC 4868 AUTH512-2", algorithm: .hmacSHA512_256, key: ascii(String(repeating: "Jefe", count: 16)),
               data: ascii("what do ya want for nothing?"), icv: hex("cb370917ae8a7ce28cfd1d8f4705d6141c173b2a9362c15df235dfb251b15454")),
    ]

    @Test(arguments: vectors) func publishedVector(_ vector: Vector) throws {
        let integrity = try Integrity(vector.algorithm, key: SecretBytes(vector.key))
        #expect(try integrity.computeICV(vector.data) == vector.icv)
        try integrity.verifyICV(vector.icv, over: vector.data)
    }

    @Test(arguments: vectors) func tamperedMessageOrICVFails(_ vector: Vector) throws {
        let integrity = try Integrity(vector.algorithm, key: SecretBytes(vector.key))
        var badICV = vector.icv
        badICV[badICV.count - 1] ^= 0x01
        #expect(throws: CryptoError(.authenticationFailed, "")) { try integrity.verifyICV(badICV, over: vector.data) }
        var badData = vector.data
        badData[0] ^= 0x80
        #expect(throws: CryptoError(.authenticationFailed, "")) { try integrity.verifyICV(vector.icv, over: badData) }
        #expect(throws: CryptoError(.authenticationFailed, "")) { try integrity.verifyICV(Array(vector.icv.dropLast()), over: vector.data) }
        // The vector still verifies afterwards: failures leave no state behind.
        try integrity.verifyICV(vector.icv, over: vector.data)
    }

    @Test func bufferAPIWithSuffixEqualsConcatenation() throws {
        // AUTH256-1 with "Hi There" split into packet and ESN-style suffix.
        let integrity = try Integrity(.hmacSHA256_128, key: SecretBytes([UInt8](repeating: 0x0b, count: 32)))
        let packet = ascii("Hi Th")
        let suffix = ascii("ere")
        var icv = [UInt8](repeating: 0, count: 16)
        try packet.withUnsafeBytes { packetBytes in
            try suffix.withUnsafeBytes { suffixBytes in
                try icv.withUnsafeMutableBytes { try integrity.computeICV(over: packetBytes, appending: suffixBytes, into: $0) }
                try icv.withUnsafeBytes { try integrity.verifyICV($0, over: packetBytes, appending: suffixBytes) }
            }
        }
        #expect(icv == hex("198a607eb44bfbc69903a0f1cf2bbdc5"))
    }

    @Test func wrongKeyOrICVBufferSizeIsRejected() throws {
        for algorithm in IntegrityAlgorithm.allCases {
            #expect(throws: CryptoError(.invalidLength, "")) {
                try Integrity(algorithm, key: SecretBytes([UInt8](repeating: 1, count: algorithm.keySize - 1)))
            }
            #expect(throws: CryptoError(.invalidLength, "")) {
                try Integrity(algorithm, key: SecretBytes([UInt8](repeating: 1, count: algorithm.keySize + 1)))
            }
        }
        let integrity = try Integrity(.hmacSHA1_96, key: SecretBytes([UInt8](repeating: 1, count: 20)))
        var wrong = [UInt8](repeating: 0, count: 20)
        #expect(throws: CryptoError(.invalidLength, "")) {
            try ascii("data").withUnsafeBytes { data in
                try wrong.withUnsafeMutableBytes { try integrity.computeICV(over: data, into: $0) }
            }
        }
    }

    @Test func transformIDsAndSizes() {
        #expect(IntegrityAlgorithm(rawValue: 2) == .hmacSHA1_96)
        #expect(IntegrityAlgorithm(rawValue: 12) == .hmacSHA256_128)
        #expect(IntegrityAlgorithm(rawValue: 13) == .hmacSHA384_192)
        #expect(IntegrityAlgorithm(rawValue: 14) == .hmacSHA512_256)
        #expect(IntegrityAlgorithm.allCases.map(\.keySize) == [20, 32, 48, 64])
        #expect(IntegrityAlgorithm.allCases.map(\.icvSize) == [12, 16, 24, 32])
    }
}
