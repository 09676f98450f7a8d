import EAP
import IKECrypto
import IKEWire
import Testing
import TestSupport
@testable import IKEEngine

/// What an authorisation from RADIUS (or any source) changes in the
/// engine: the session's end, the subnets the tunnel reaches, a static
/// IPv6 address.
@Suite struct UserAuthorizationTests {
    let base = AuthExchangeTests()
    var network: TestNetwork { base.network }

    /// Adds alice with `authorization` in place of the loopback default.
    func addAlice(_ configure: (inout Authorization) -> Void) throws {
        try network.addUser("alice", password: "secret")
        configure(&network.authentication.users["alice"]!.authorization)
    }

    var deletions: [(user: String, cause: SAEndCause)] {
        network.events.compactMap { if case .deleted(_, _, let user, _, let cause) = $0 { (user, cause) } else { nil } }
    }

    @Test func sessionTimeoutDeletesTheSAWhenItRunsOut() throws {
        try addAlice { $0.sessionTimeout = .seconds(20) }
        let gateway = try base.gateway()
        let client = try base.client()
        try base.connect(client)
        #expect(base.established.count == 2)
        network.advance(by: .seconds(19))
        #expect(deletions.isEmpty, "still within the session time")
        network.advance(by: .seconds(2))
        let gatewaySide = deletions.filter { $0.user == "alice" && $0.cause == .sessionTimeout }
        #expect(gatewaySide.count == 1, "the gateway deleted it for the session timeout: \(deletions)")
        #expect(gateway.count == 0 && client.count == 0, "both sides are gone")
        #expect(network.deletedChildren.count == 2)
    }

    @Test func withoutSessionTimeoutTheSAStays() throws {
        try addAlice { _ in }
        let gateway = try base.gateway()
        try base.connect(try base.client())
        for _ in 0..<10 { network.advance(by: .seconds(600)) }
        #expect(deletions.isEmpty && gateway.count == 1)
    }

    @Test func userPolicyReplacesTheProtectedSubnetsInTSr() throws {
        try addAlice { $0.policy = "contractors" }
        _ = try base.gateway {
            $0.network.protectedSubnets = [IPv4Subnet("203.0.113.0/24")!]
            $0.userPolicies["contractors"] = UserPolicy(allowedSubnets: [IPv4Subnet("203.0.113.0/25")!])
        }
        try base.connect(try base.client())
        let child = try #require(network.installed.first { $0.0 == TestNetwork.gateway }?.1)
        #expect(child.localSelectors == [.ipv4(AddressRangeSelector(start: IPv4Address(203, 0, 113, 0), end: IPv4Address(203, 0, 113, 127)))])
    }

    @Test func unknownUserPolicyGivesNoChildSA() throws {
        try addAlice { $0.policy = "removed-by-reload" }
        _ = try base.gateway()
        try base.connect(try base.client())
        #expect(network.installed.isEmpty, "fails closed: the user was meant to reach less")
        #expect(base.established.count == 2, "the IKE SA itself was established (RFC 7296 §1.2); our client then deletes it")
    }

    @Test func staticIPv6AddressIsLeasedExactly() throws {
        let wanted = IPv6Address("2001:db8:ffff::77")!
        try addAlice { $0.staticAddress6 = wanted }
        let pools = VirtualAddressPools(ipv4: base.pool, ipv6: AddressPool(subnet: IPv6Subnet("2001:db8:ffff::/64")!))
        _ = try base.gateway(pool: pools)
        let client = try base.client()
        var credentials = AuthExchangeTests.credentials("alice", "secret")
        credentials.configurationRequest = ClientCredentials.windowsConfigurationRequest
        let (_, actions) = try client.initiate(from: TestNetwork.client, to: TestNetwork.gateway, credentials: credentials, now: network.now)
        network.run(actions, from: client)
        let addresses = network.events.compactMap { if case .established(_, _, _, let addresses) = $0 { addresses } else { nil } }
        #expect(addresses.first?.contains(.v6(wanted)) == true, "\(addresses)")
    }
}

extension UserAuthorizationTests {
    /// The client's Delete crossing ours keeps our reason for the record
    /// (accounting says Session-Timeout, not User-Request).
    @Test func aDeleteCrossingOurSessionTimeoutKeepsTheCause() throws {
        try addAlice { $0.sessionTimeout = .seconds(20) }
        let gateway = try base.gateway()
        let client = try base.client()
        let clientSPI = try base.connect(client)
        // Our Delete gets lost; the client deletes on its own meanwhile.
        network.path = { _ in nil }
        network.advance(by: .seconds(21))
        network.path = { InboundDatagram(local: $0.remote, remote: $0.local, message: $0.message) }
        network.run(client.terminate(spi: clientSPI, now: network.now), from: client)
        let gatewaySide = deletions.filter { $0.user == "alice" }
        #expect(gateway.count == 0)
        #expect(gatewaySide.contains { $0.cause == .sessionTimeout } && !gatewaySide.contains { $0.cause == .peerDeleted },
                "\(deletions)")
    }
}
