import Testing
@testable import IKEWire

@Suite struct TrafficSelectorDescriptionTests {
    @Test func rangesThatArePrefixesPrintAsPrefixes() {
        #expect(TrafficSelector.allIPv4.description == "0.0.0.0/0")
        #expect(TrafficSelector.allIPv6.description == "::/0")
        let host = IPv4Address(198, 18, 0, 2)
        #expect(TrafficSelector.ipv4(AddressRangeSelector(start: host, end: host)).description == "198.18.0.2/32")
        #expect(TrafficSelector.ipv4(AddressRangeSelector(start: IPv4Address(203, 0, 113, 0), end: IPv4Address(203, 0, 113, 255)))
            .description == "203.0.113.0/24")
        #expect(TrafficSelector.ipv6(AddressRangeSelector(start: IPv6Address("2001:db8::")!, end: IPv6Address("2001:db8::ffff")!))
            .description == "2001:db8::/112")
    }

    @Test func otherRangesAndPortsPrintInFull() {
        #expect(TrafficSelector.ipv4(AddressRangeSelector(start: IPv4Address(198, 18, 0, 1), end: IPv4Address(198, 18, 0, 2)))
            .description == "198.18.0.1-198.18.0.2")
        #expect(TrafficSelector.ipv4(AddressRangeSelector(start: IPv4Address(198, 18, 0, 0), end: IPv4Address(198, 18, 0, 2)))
            .description == "198.18.0.0-198.18.0.2")
        #expect(TrafficSelector.ipv4(AddressRangeSelector(ipProtocol: 17, startPort: 53, endPort: 53, start: .any, end: .broadcast))
            .description == "0.0.0.0/0 proto 17 port 53")
        #expect(TrafficSelector.ipv4(AddressRangeSelector(ipProtocol: 6, startPort: 1024, endPort: 2048, start: .any, end: .broadcast))
            .description == "0.0.0.0/0 proto 6 ports 1024-2048")
    }
}
