import EAP
import IKECrypto
import IKEWire
import Testing
import TestSupport
@testable import IKEEngine

/// IKE_AUTH with EAP-MSCHAPv2 between the engine's client and gateway, with
/// the local EAP service, and against hand-made hostile requests.
@Suite struct AuthExchangeTests {
    let network = TestNetwork()
    let pool = AddressPool(subnet: IPv4Subnet("198.18.0.0/24")!)

    static let gatewayKey: PrivateKey = {
        guard let key = try? PrivateKey(pemEncoded: GatewayFixture.privateKeyPEM) else { preconditionFailure("fixture key") }
        return key
    }()

    /// The fixture gateway: its certificate and key, a DNS server, a short
    /// failure delay.
    static var gatewayConfiguration: EngineConfiguration {
        var configuration = EngineConfiguration()
        configuration.gateway = GatewayCredentials(identity: .fqdn(GatewayFixture.name), certificateChain: [GatewayFixture.certificateDER],
                                                   privateKey: Self.gatewayKey)
        configuration.network.dnsServers = [IPv4Address(203, 0, 113, 53)]
        configuration.authenticationFailureDelay = .milliseconds(500)
        return configuration
    }

    func gateway(pool: (any AddressAllocator)? = nil, _ configure: (inout EngineConfiguration) -> Void = { _ in }) throws -> IKEEngine {
        var configuration = Self.gatewayConfiguration
        configure(&configuration)
        let engine = try IKEEngine(configuration: configuration, addresses: pool ?? VirtualAddressPools(ipv4: self.pool), now: network.now)
        network.attach(engine, at: TestNetwork.gateway)
        return engine
    }

    func client(_ configure: (inout EngineConfiguration) -> Void = { _ in }) throws -> IKEEngine {
        var configuration = EngineConfiguration()
        configure(&configuration)
        let engine = try IKEEngine(configuration: configuration, now: network.now)
        network.attach(engine, at: TestNetwork.client)
        return engine
    }

    static func credentials(_ user: String, _ password: String) -> ClientCredentials {
        ClientCredentials(identity: .ipv4(IPv4Address(192, 0, 2, 2)), userName: user, password: password, verifyResponder: verifyGateway)
    }

    /// The test client trusts exactly the fixture certificate.
    @Sendable static func verifyGateway(_ certificates: [CertificatePayload], _ identity: IdentificationPayload?) throws -> PublicKey {
        guard certificates.first?.data.elementsEqual(GatewayFixture.certificateDER) == true,
              identity == .fqdn(GatewayFixture.name) else { throw CryptoError(.authenticationFailed, "untrusted gateway") }
        return gatewayKey.publicKey
    }

    @discardableResult
    func connect(_ client: IKEEngine, _ user: String = "alice", _ password: String = "secret") throws -> UInt64 {
        let (spi, actions) = try client.initiate(from: TestNetwork.client, to: TestNetwork.gateway,
                                                 credentials: Self.credentials(user, password), now: network.now)
        network.run(actions, from: client)
        return spi
    }

    var established: [(user: String, address: IPv4Address?)] {
        network.events.compactMap { event in
            guard case .established(_, _, let authorization, let addresses) = event else { return nil }
            let user = authorization.userName
            return (user, addresses.lazy.compactMap { IPv4Address($0) }.first)
        }
    }

    // MARK: - Success

    @Test func eapMSCHAPv2HandshakeEstablishesBothSidesWithMatchingChildSAs() throws {
        try network.addUser("alice", password: "secret")
        let gateway = try gateway()
        let client = try client()
        let spi = try connect(client)

        #expect(established.map(\.user) == ["alice", "alice"])
        #expect(established.map(\.address) == [IPv4Address(198, 18, 0, 2), IPv4Address(198, 18, 0, 2)])
        guard case .established? = client.sas[spi]?.state else { throw TestFailure("client SA not established") }
        #expect(gateway.halfOpenCount == 0 && client.halfOpenCount == 0)
        // The gateway asked for the identity, then ran the method.
        #expect(network.authenticationSteps.count == 3)
        if case .start(let identity, _) = network.authenticationSteps.first { #expect(identity == Array("alice".utf8)) }

        let children = network.installed
        #expect(children.count == 2)
        let (gatewayChild, clientChild) = (try #require(children.first { $0.0 == TestNetwork.gateway }?.1),
                                           try #require(children.first { $0.0 == TestNetwork.client }?.1))
        #expect(gatewayChild.inboundSPI == clientChild.outboundSPI && gatewayChild.outboundSPI == clientChild.inboundSPI)
        #expect(gatewayChild.inboundEncryptionKey == clientChild.outboundEncryptionKey)
        #expect(gatewayChild.outboundIntegrityKey == clientChild.inboundIntegrityKey)
        #expect(gatewayChild.encryption == .aesGCM(.bits256, icv: .bytes16))
        #expect(gatewayChild.remoteSelectors == [.ipv4(AddressRangeSelector(start: IPv4Address(198, 18, 0, 2), end: IPv4Address(198, 18, 0, 2)))])
        #expect(gatewayChild.localSelectors == [.allIPv4], "full tunnel by default")
        #expect(pool.leasedCount == 1)
    }

    @Test func domainUsersAuthenticateAndAreLeasedUnderTheirShortName() throws {
        try network.addUser(#"CORP\alice"#, password: "secret")
        _ = try gateway()
        try connect(try client(), #"CORP\alice"#)
        #expect(established.map(\.user) == ["alice", #"CORP\alice"#])
    }

    @Test func splitTunnelNarrowsTSr() throws {
        try network.addUser("alice", password: "secret")
        _ = try gateway { $0.network.protectedSubnets = [IPv4Subnet("203.0.113.0/24")!] }
        try connect(try client())
        let gatewayChild = try #require(network.installed.first { $0.0 == TestNetwork.gateway }?.1)
        #expect(gatewayChild.localSelectors == [.ipv4(AddressRangeSelector(start: IPv4Address(203, 0, 113, 0), end: IPv4Address(203, 0, 113, 255)))])
    }

    @Test func reconnectGetsTheSameAddressAndUsersGetDistinctOnes() throws {
        try network.addUser("alice", password: "secret")
        try network.addUser("bob", password: "hunter2")
        let gateway = try gateway()
        let client = try client()
        let first = try connect(client, "alice")
        try connect(client, "bob", "hunter2")
        network.run(client.terminate(spi: first, now: network.now), from: client)
        #expect(pool.leasedCount == 1)
        try connect(client, "alice")
        #expect(established.map(\.address) == [198, 198, 198, 198, 198, 198].enumerated().map { index, _ in
            IPv4Address(198, 18, 0, index / 2 == 1 ? 3 : 2)
        })
        #expect(gateway.count == 2)
    }

    @Test func terminateDeletesTheSAOnBothSidesAndReleasesTheAddress() throws {
        try network.addUser("alice", password: "secret")
        let gateway = try gateway()
        let client = try client()
        try connect(client)
        let gatewaySPI = try #require(gateway.sas.keys.first)
        network.run(gateway.terminate(spi: gatewaySPI, now: network.now), from: gateway)
        #expect(gateway.count == 0 && client.count == 0 && pool.leasedCount == 0)
        #expect(network.events.filter { if case .deleted = $0 { true } else { false } }.count == 2)
        #expect(network.deletedChildren.count == 2)
    }

    /// The CHILD_SA stops when the Delete leaves, once, even if the peer
    /// never answers; the IKE SA goes when retransmissions give up.
    @Test func terminateStopsTheChildSAAtOnceWhenThePeerIsSilent() throws {
        try network.addUser("alice", password: "secret")
        let gateway = try gateway()
        let client = try client()
        try connect(client)
        let gatewaySPI = try #require(gateway.sas.keys.first)
        let gatewayChild = try #require(network.installed.first { $0.0 == TestNetwork.gateway }?.1.inboundSPI)
        network.path = { _ in nil }  // the client is gone
        network.run(gateway.terminate(spi: gatewaySPI, now: network.now), from: gateway)
        #expect(network.deletedChildren == [gatewayChild] && gateway.count == 1)
        for _ in 0..<20 { network.advance(by: .seconds(10)) }
        #expect(gateway.count == 0 && pool.leasedCount == 0)
        #expect(network.deletedChildren.filter { $0 == gatewayChild }.count == 1, "not stopped twice")
    }

    @Test func exhaustedPoolFailsOnlyThatClientWithInternalAddressFailure() throws {
        try network.addUser("alice", password: "secret")
        try network.addUser("bob", password: "hunter2")
        let tiny = AddressPool(first: IPv4Address(198, 18, 0, 10), last: IPv4Address(198, 18, 0, 10))
        let gateway = try gateway(pool: VirtualAddressPools(ipv4: tiny))
        let client = try client()
        try connect(client, "alice")
        try connect(client, "bob", "hunter2")
        // Bob's IKE SA comes up without a CHILD_SA (RFC 7296 §1.2); the client
        // then deletes it, so the gateway is left with Alice's alone.
        #expect(established.map(\.address) == [IPv4Address(198, 18, 0, 10), IPv4Address(198, 18, 0, 10), nil, nil])
        #expect(gateway.count == 1 && client.count == 1 && tiny.leasedCount == 1)
    }

    // MARK: - Failure

    @Test(arguments: [("alice", "wrong"), ("mallory", "secret")])
    func wrongPasswordsAndUnknownUsersFailAfterTheDelay(_ user: String, _ password: String) throws {
        try network.addUser("alice", password: "secret")
        let gateway = try gateway()
        let client = try client()
        try connect(client, user, password)
        #expect(established.isEmpty && gateway.count == 1, "the answer waits for the failure delay")
        network.advance(by: .milliseconds(600))
        #expect(gateway.count == 0 && client.count == 0 && pool.leasedCount == 0)
        #expect(network.events.contains { if case .authenticationFailed(_, _, let name, _) = $0 { name == user } else { false } })
        #expect(network.authentication.sessions.count == 0, "the EAP session is gone")
        #expect(network.authenticationSteps.last == .abandon, "the service is told, whatever the phase (a RADIUS relay holds state too)")
    }

    // MARK: - Fragmentation

    @Test func fragmentedRequestsAndResponsesReassembleBothWays() throws {
        try network.addUser("alice", password: "secret")
        let gateway = try gateway { $0.fragmentation.maximumMessageLength = 300 }
        let client = try client { $0.fragmentation.maximumMessageLength = 300 }
        try connect(client)
        #expect(established.count == 2)
        let fragments = try network.sent.filter {
            if case .encryptedFragment? = try ReceivedIKEMessage(decoding: $0.message).message.payloads.last { true } else { false }
        }
        #expect(fragments.contains { $0.local == TestNetwork.gateway } && fragments.contains { $0.local == TestNetwork.client })
        #expect(network.sent.allSatisfy { $0.message.count <= 300 || $0.message[17] == 0x20 && $0.message[18] == 34 })
        #expect(gateway.count == 1)
    }
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
