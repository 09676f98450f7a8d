import Testing
@testable import IKECrypto

/// constantTimeEquals over every kind of byte collection its callers pass.
@Suite struct ConstantTimeTests {
    @Test func equalAndUnequalBytes() {
        #expect(constantTimeEquals([1, 2, 3] as [UInt8], [1, 2, 3] as [UInt8]))
        #expect(!constantTimeEquals([1, 2, 3] as [UInt8], [1, 2, 4] as [UInt8]))
        #expect(!constantTimeEquals([0x80, 2, 3] as [UInt8], [0, 2, 3] as [UInt8]), "a difference in the first byte")
        #expect(constantTimeEquals([] as [UInt8], [] as [UInt8]))
    }

    @Test func lengthsMustMatch() {
        #expect(!constantTimeEquals([1, 2, 3] as [UInt8], [1, 2] as [UInt8]))
        #expect(!constantTimeEquals([] as [UInt8], [0] as [UInt8]))
    }

    /// Slices at an offset, strings' UTF-8 views, raw buffers, and
    /// collections without contiguous storage all compare by content.
    @Test func everyCollectionKind() {
        let bytes: [UInt8] = [9, 9, 1, 2, 3, 9]
        #expect(constantTimeEquals(bytes[2..<5], [1, 2, 3] as [UInt8]))
        #expect(!constantTimeEquals(bytes[1..<4], [1, 2, 3] as [UInt8]))
        #expect(constantTimeEquals("S=abc".utf8, Array("S=abc".utf8)))
        #expect(constantTimeEquals(repeatElement(UInt8(7), count: 4), [7, 7, 7, 7] as [UInt8]))
        #expect(!constantTimeEquals([1, 2, 3].reversed() as ReversedCollection<[UInt8]>, [1, 2, 3] as [UInt8]))
        #expect(constantTimeEquals([3, 2, 1].reversed() as ReversedCollection<[UInt8]>, bytes[2..<5]))
        bytes.withUnsafeBytes { raw in
            #expect(constantTimeEquals(UnsafeRawBufferPointer(rebasing: raw[2..<5]), [1, 2, 3] as [UInt8]))
        }
    }
}
