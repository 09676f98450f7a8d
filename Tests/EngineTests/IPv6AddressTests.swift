import IKEWire
import Testing
import TestSupport
@testable import IKEEngine

/// INTERNAL_IP6_ADDRESS and IPv6 traffic selectors next to IPv4.
extension AuthExchangeTests {
    /// Connects asking for what Windows asks for: both families, NBNS and
    /// Microsoft's private server attributes.
    @discardableResult
    func connectAskingForIPv6(_ client: IKEEngine) throws -> UInt64 {
        var credentials = Self.credentials("alice", "secret")
        credentials.configurationRequest = ClientCredentials.windowsConfigurationRequest
        let (spi, actions) = try client.initiate(from: TestNetwork.client, to: TestNetwork.gateway, credentials: credentials, now: network.now)
        network.run(actions, from: client)
        return spi
    }

    /// The CP replies the gateway sent to `client`'s SA `spi`, decrypted
    /// with the client's keys.
    func configurationReplies(to client: IKEEngine, spi: UInt64) throws -> [ConfigurationPayload] {
        guard case .established(let established)? = client.sas[spi]?.state else { throw TestFailure("client SA not established") }
        return try network.sent.filter { $0.local == TestNetwork.gateway }.compactMap { datagram in
            let message = try ReceivedIKEMessage(decoding: datagram.message)
            guard message.message.header.exchangeType == .ikeAuth else { return nil }
            return try established.ike.protection.unprotect(message).configuration
        }
    }

    func dualStackGateway(_ configure: (inout EngineConfiguration) -> Void = { _ in }) throws -> AddressPool<IPv6Address> {
        let pool6 = AddressPool(subnet: try #require(IPv6Subnet("2001:db8:ffff::/64")))
        _ = try gateway(pool: VirtualAddressPools(ipv4: pool, ipv6: pool6)) { configuration in
            configuration.network.dns6Servers = [IPv6Address("2001:db8::53")!]
            configuration.network.nbnsServers = [IPv4Address(203, 0, 113, 54)]
            configure(&configuration)
        }
        return pool6
    }

    @Test func dualStackClientGetsBothAddressesAndBothFullTunnels() throws {
        try network.addUser("alice", password: "secret")
        let pool6 = try dualStackGateway()
        let client = try client()
        let spi = try connectAskingForIPv6(client)
        let v4 = IPv4Address(198, 18, 0, 2), v6 = IPv6Address("2001:db8:ffff::2")!
        let addresses = network.events.compactMap { if case .established(_, _, _, let addresses) = $0 { addresses } else { nil } }
        #expect(addresses == [[.v4(v4), .v6(v6)], [.v4(v4), .v6(v6)]])
        let child = try #require(network.installed.first { $0.0 == TestNetwork.gateway }?.1)
        #expect(child.remoteSelectors == [.ipv4(AddressRangeSelector(start: v4, end: v4)), .ipv6(AddressRangeSelector(start: v6, end: v6))])
        #expect(child.localSelectors == [.allIPv4, .allIPv6])
        #expect(pool6.leasedCount == 1)

        // The CP reply as sent: the IPv6 address with a /64 prefix, the
        // servers, and nothing for Microsoft's private attributes.
        let reply = try #require(try configurationReplies(to: client, spi: spi).last)
        #expect(reply.type == .reply)
        #expect(reply.attributes == [
            .ipv4(.internalIP4Address, v4), .internalIP6Address(v6, prefixLength: 64), .ipv4(.internalIP4DNS, IPv4Address(203, 0, 113, 53)),
            .internalIP6DNS(IPv6Address("2001:db8::53")!), .ipv4(.internalIP4NBNS, IPv4Address(203, 0, 113, 54)),
        ])
    }

    @Test func ipv4OnlyClientGetsNoIPv6() throws {
        try network.addUser("alice", password: "secret")
        let pool6 = try dualStackGateway()
        try connect(try client())
        let child = try #require(network.installed.first { $0.0 == TestNetwork.gateway }?.1)
        #expect(child.localSelectors == [.allIPv4] && pool6.leasedCount == 0)
    }

    @Test func splitTunnelNarrowsEachFamily() throws {
        try network.addUser("alice", password: "secret")
        _ = try dualStackGateway {
            $0.network.protectedSubnets = [IPv4Subnet("203.0.113.0/24")!]
            $0.network.protectedSubnets6 = [IPv6Subnet("2001:db8:1::/48")!]
        }
        try connectAskingForIPv6(try client())
        let child = try #require(network.installed.first { $0.0 == TestNetwork.gateway }?.1)
        #expect(child.localSelectors == [
            .ipv4(AddressRangeSelector(start: IPv4Address(203, 0, 113, 0), end: IPv4Address(203, 0, 113, 255))),
            .ipv6(AddressRangeSelector(start: IPv6Address("2001:db8:1::")!, end: IPv6Address("2001:db8:1:ffff:ffff:ffff:ffff:ffff")!)),
        ])
    }

    /// IPv6 without a pool is left out of the reply, and the client still
    /// gets its IPv4 tunnel.
    @Test func ipv6RequestWithoutAPoolIsLeftOut() throws {
        try network.addUser("alice", password: "secret")
        _ = try gateway()
        let client = try client()
        let spi = try connectAskingForIPv6(client)
        let child = try #require(network.installed.first { $0.0 == TestNetwork.gateway }?.1)
        #expect(child.localSelectors == [.allIPv4])
        #expect(try configurationReplies(to: client, spi: spi).last?.attributes.contains { $0.type == .internalIP6Address } == false)
    }

    /// Leak protection with an IPv4 split tunnel: the client still gets an
    /// IPv6 address and all of IPv6 through the tunnel, to be refused there.
    @Test func blockedIPv6TakesAllOfIPv6IntoTheTunnel() throws {
        try network.addUser("alice", password: "secret")
        let pool6 = try dualStackGateway {
            $0.network.protectedSubnets = [IPv4Subnet("203.0.113.0/24")!]
            $0.network.blockIPv6 = true
        }
        try connectAskingForIPv6(try client())
        let child = try #require(network.installed.first { $0.0 == TestNetwork.gateway }?.1)
        #expect(child.localSelectors == [
            .ipv4(AddressRangeSelector(start: IPv4Address(203, 0, 113, 0), end: IPv4Address(203, 0, 113, 255))), .allIPv6,
        ])
        #expect(pool6.leasedCount == 1)
    }

    /// A client that asks for no address does not choose its selectors: it
    /// proposes 0.0.0.0/0 (which would let it send as anyone) and gets its
    /// own outer address.
    @Test func withoutAVirtualAddressTSiIsThePeersOwnAddress() throws {
        try network.addUser("alice", password: "secret")
        _ = try gateway()
        var credentials = Self.credentials("alice", "secret")
        credentials.configurationRequest = []
        let client = try client()
        let (_, actions) = try client.initiate(from: TestNetwork.client, to: TestNetwork.gateway, credentials: credentials, now: network.now)
        network.run(actions, from: client)
        let child = try #require(network.installed.first { $0.0 == TestNetwork.gateway }?.1)
        #expect(child.remoteSelectors == [.ipv4(AddressRangeSelector(start: IPv4Address(192, 0, 2, 2), end: IPv4Address(192, 0, 2, 2)))])
        #expect(pool.leasedCount == 0)
    }
}
