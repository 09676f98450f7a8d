import Testing
import IKEWire
@Test func placeholder() { #expect(Bool(true)) }
