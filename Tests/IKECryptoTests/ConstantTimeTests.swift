import Testing
@testable import IKECrypto
@Test func constantTime() { #expect(constantTimeEquals([1,2,3] as [UInt8], [1,2,3] as [UInt8])); #expect(!constantTimeEquals([1,2,3] as [UInt8], [1,2,4] as [UInt8])) }
