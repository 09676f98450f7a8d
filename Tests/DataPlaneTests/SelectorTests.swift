import IKEWire
import Testing
@testable import DataPlane

@Suite struct SelectorTests {
    let vip = IPv4Address(198, 18, 0, 2)

    @Test func selectorsAdmitByAddressProtocolAndPort() {
        let host = TrafficSelector.ipv4(AddressRangeSelector(start: vip, end: vip))
        #expect(host.admits(.v4(vip), transport: 6, port: 80))
        #expect(!host.admits(.v4(IPv4Address(198, 18, 0, 3)), transport: 6, port: 80))
        #expect(!host.admits(.v6(IPv6Address("2001:db8::1")!), transport: 6, port: 80))
        let web = TrafficSelector.ipv4(AddressRangeSelector(ipProtocol: 6, startPort: 80, endPort: 80, start: vip, end: vip))
        #expect(web.admits(.v4(vip), transport: 6, port: 80))
        #expect(!web.admits(.v4(vip), transport: 17, port: 80) && !web.admits(.v4(vip), transport: 6, port: 443))
        #expect(!web.admits(.v4(vip), transport: 6, port: nil), "a narrowed port needs a port")
    }

    @Test func cidrBlocksCoverRangesExactly() {
        let blocks = XFRMChildSAPlan.cidrBlocks(IPv4Address(198, 18, 0, 1), IPv4Address(198, 18, 0, 6))
        #expect(blocks.map { "\($0.0)/\($0.1)" } == ["198.18.0.1/32", "198.18.0.2/31", "198.18.0.4/31", "198.18.0.6/32"])
        #expect(XFRMChildSAPlan.cidrBlocks(IPv4Address(0, 0, 0, 0), IPv4Address(255, 255, 255, 255)).map(\.1) == [0])
        #expect(XFRMChildSAPlan.cidrBlocks(IPv4Address(203, 0, 113, 0), IPv4Address(203, 0, 113, 255)).map { "\($0.0)/\($0.1)" } == ["203.0.113.0/24"])
        #expect(XFRMChildSAPlan.cidrBlocks(IPv4Address(255, 255, 255, 255), IPv4Address(255, 255, 255, 255)).map(\.1) == [32])
        #expect(XFRMChildSAPlan.cidrBlocks(IPv6Address("::")!, IPv6Address("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff")!).map(\.1) == [0])
        #expect(XFRMChildSAPlan.cidrBlocks(IPv6Address("2001:db8::")!, IPv6Address("2001:db8::ffff:ffff:ffff:ffff")!).map(\.1) == [64])
    }
}
