import Testing
@testable import IKEWire

@Suite struct AddressTests {
    @Test func ipv4ParsesAndPrints() {
        #expect(IPv4Address("192.0.2.1") == IPv4Address(192, 0, 2, 1))
        #expect(IPv4Address(198, 51, 100, 255).description == "198.51.100.255")
        #expect(IPv4Address(bytes: [203, 0, 113, 7])?.bytes == [203, 0, 113, 7])
        for bad in ["", "1.2.3", "1.2.3.4.5", "256.0.0.1", "01.2.3.4", "a.b.c.d", "1..2.3", " 1.2.3.4"] {
            #expect(IPv4Address(bad) == nil, "\(bad)")
        }
        #expect(IPv4Address(bytes: [1, 2, 3]) == nil)
    }

    @Test func ipv6ParsesAndPrintsPerRFC5952() {
        let cases: [(String, String)] = [
            ("2001:db8::1", "2001:db8::1"),
            ("2001:0db8:0000:0000:0000:0000:0000:0001", "2001:db8::1"),
            ("::", "::"),
            ("::1", "::1"),
            ("2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"),
            ("2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1"),
            ("::ffff:192.0.2.1", "::ffff:c000:201"),
            ("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"),
        ]
        for (input, output) in cases {
            #expect(IPv6Address(input)?.description == output, "\(input)")
        }
        for bad in ["", ":", "1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8:9", "1::2::3", "12345::", "g::", "1:2:3:4:5:6:7::8"] {
            #expect(IPv6Address(bad) == nil, "\(bad)")
        }
        let address = IPv6Address("2001:db8::ff00:42:8329")!
        #expect(IPv6Address(bytes: address.bytes) == address)
    }

    @Test(arguments: [("fe80::1", true), ("febf:ffff::1", true), ("fec0::1", false), ("fe7f::1", false), ("2001:db8::1", false), ("::1", false)])
    func linkLocal(text: String, isLinkLocal: Bool) throws {
        #expect(try #require(IPv6Address(text)).isLinkLocal == isLinkLocal)
    }
}
