import Testing
@testable import IKECrypto

/// SecretBytes keeps its bytes in one allocation with their count and
/// never prints them.
@Suite struct SecretBytesTests {
    @Test func holdsCopiesSlicesAndComparesItsBytes() {
        let secret = SecretBytes((0..<40).map { UInt8($0) })
        #expect(secret.count == 40)
        #expect(secret.bytes == (0..<40).map { UInt8($0) })
        #expect(secret.slice(8..<12).bytes == [8, 9, 10, 11])
        #expect(secret.slice(40..<40).count == 0)
        #expect(SecretBytes(copying: [UInt8](repeating: 7, count: 3)[1...]).bytes == [7, 7])
        // A collection without contiguous storage is copied too.
        #expect(SecretBytes(copying: repeatElement(UInt8(5), count: 4)).bytes == [5, 5, 5, 5])
        #expect(SecretBytes([]).count == 0)
        #expect(SecretBytes([]).withUnsafeBytes { $0.count } == 0)
        #expect(secret == SecretBytes((0..<40).map { UInt8($0) }))
        #expect(secret != SecretBytes((1..<41).map { UInt8($0) }))
        #expect(secret != secret.slice(0..<39))
    }

    @Test func neverPrintsItsBytes() {
        let secret = SecretBytes([0x41, 0x42, 0x43])
        #expect("\(secret)" == "SecretBytes(3 bytes, redacted)")
        #expect(String(reflecting: secret) == "SecretBytes(3 bytes, redacted)")
    }
}
