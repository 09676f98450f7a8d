import IKECrypto
import IKEWire
import Testing
import TestSupport
@testable import IKEEngine

/// IKE SA rekeying (RFC 7296 §1.3.2, §2.18): the session and its CHILD_SAs
/// move to the new IKE SA, the rekey's initiator deletes the old one, and
/// simultaneous rekeys leave one (§2.8.2).
@Suite struct IKESARekeyTests {
    /// After a rekey the session carries on: one IKE SA each side, paired,
    /// the same CHILD_SA, the lease kept, no deletion reported, and new
    /// exchanges (a CHILD_SA rekey) work on the new IKE SA.
    static func sessionCarriesOn(_ fixture: LifecycleFixture, oldGatewaySPI: UInt64, child: UInt32) throws {
        #expect(fixture.gateway.count == 1 && fixture.client.count == 1)
        let gatewaySA = try #require(fixture.gateway.sa(for: fixture.gatewaySession))
        let clientSA = try #require(fixture.client.sa(for: fixture.clientSession))
        #expect(gatewaySA.ourSPI != oldGatewaySPI)
        #expect(gatewaySA.ourSPI == clientSA.peerSPI && gatewaySA.peerSPI == clientSA.ourSPI)
        #expect(fixture.gateway.childSAs(ofSession: fixture.gatewaySession) == [child])
        #expect(fixture.pool.leasedCount == 1 && fixture.pool.holder(of: IPv4Address(198, 18, 0, 2)) == "alice")
        #expect(!fixture.network.events.contains { if case .deleted = $0 { true } else { false } })
        #expect(fixture.gateway.identities.sas(of: "alice") == [fixture.gatewaySession])
        fixture.network.run(fixture.gateway.rekeyChildSA(spi: fixture.gatewaySession, inboundSPI: child, now: fixture.network.now),
                            from: fixture.gateway)
        #expect(fixture.sidesAgreeOnOneChildSA())
    }

    @Test func theGatewayRekeysProposingTheNegotiatedGroupFirst() throws {
        // A default Windows 7 client: AES-256, SHA-1, MODP-1024.
        let windows = try IKEProposalPolicy(parsing: "aes256-sha1-modp1024")
        let fixture = try LifecycleFixture(client: { $0.ikeProposals = [windows, DefaultProposals.ike[0]] })
        let old = try #require(fixture.gateway.sa(for: fixture.gatewaySession)?.ourSPI)
        let child = try #require(fixture.gateway.childSAs(ofSession: fixture.gatewaySession).first)
        fixture.network.run(fixture.gateway.rekeyIKESA(spi: fixture.gatewaySession, now: fixture.network.now), from: fixture.gateway)
        let state = try #require(fixture.state(of: fixture.gateway, session: fixture.gatewaySession))
        #expect(state.ike.group == .modp1024 && "\(state.ike.suite)".contains("SHA1"))
        #expect(fixture.network.events.contains { if case .rekeyed(fixture.gatewaySession, _, old, _) = $0 { true } else { false } })
        try Self.sessionCarriesOn(fixture, oldGatewaySPI: old, child: child)
    }

    @Test func theClientRekeysAndTheGatewayFollows() throws {
        let fixture = try LifecycleFixture()
        let old = try #require(fixture.gateway.sa(for: fixture.gatewaySession)?.ourSPI)
        let child = try #require(fixture.gateway.childSAs(ofSession: fixture.gatewaySession).first)
        fixture.network.run(fixture.client.rekeyIKESA(spi: fixture.clientSession, now: fixture.network.now), from: fixture.client)
        try Self.sessionCarriesOn(fixture, oldGatewaySPI: old, child: child)
        // Terminating the session by its name reaches the new IKE SA.
        fixture.network.run(fixture.gateway.terminate(spi: fixture.gatewaySession, now: fixture.network.now), from: fixture.gateway)
        #expect(fixture.gateway.count == 0 && fixture.client.count == 0 && fixture.pool.leasedCount == 0)
        #expect(fixture.network.events.contains { if case .deleted(fixture.gatewaySession, _, "alice", _, .terminated) = $0 { true } else { false } })
    }

    @Test func theGatewayRekeysOnItsOwnScheduleWithJitter() throws {
        let fixture = try LifecycleFixture(gateway: {
            $0.lifecycle.ikeRekeyTime = .seconds(600)
            $0.lifecycle.rekeyJitter = 0.2
            $0.lifecycle.livenessInterval = nil
        }, client: { $0.lifecycle.ikeRekeyTime = nil; $0.lifecycle.livenessInterval = nil })
        let old = try #require(fixture.gateway.sa(for: fixture.gatewaySession)?.ourSPI)
        let rekeyAt = try #require(fixture.state(of: fixture.gateway, session: fixture.gatewaySession)?.rekeyAt)
        let delay = rekeyAt.duration(since: fixture.network.now)
        #expect(delay >= .seconds(480) && delay <= .seconds(600))
        fixture.advance(by: .seconds(601))
        #expect(fixture.gateway.sa(for: fixture.gatewaySession)?.ourSPI != old)
        #expect(fixture.gateway.count == 1 && fixture.client.count == 1)
    }

    @Test func aRekeyAnsweredWithTheOtherGroupIsRetried() throws {
        let modp2048 = try IKEProposalPolicy(parsing: "aes256-sha256-modp2048")
        let ecp = try IKEProposalPolicy(parsing: "aes256-sha256-ecp256")
        // The client starts with ECP-256; the gateway prefers MODP-2048 for rekeys it answers.
        let fixture = try LifecycleFixture(gateway: { $0.ikeProposals = [modp2048, ecp] }, client: { $0.ikeProposals = [ecp, modp2048] })
        #expect(fixture.state(of: fixture.gateway, session: fixture.gatewaySession)?.ike.group == .ecp256)
        fixture.network.run(fixture.client.rekeyIKESA(spi: fixture.clientSession, now: fixture.network.now), from: fixture.client)
        #expect(fixture.gateway.count == 1 && fixture.client.count == 1)
        #expect(fixture.state(of: fixture.client, session: fixture.clientSession)?.ike.group == .ecp256)
    }

    @Test func aCHILDSARekeyDuringTheIKESARekeyIsToldToWait() throws {
        let fixture = try LifecycleFixture()
        let child = try #require(fixture.client.childSAs(ofSession: fixture.clientSession).first)
        fixture.hold()
        fixture.network.run(fixture.gateway.rekeyIKESA(spi: fixture.gatewaySession, now: fixture.network.now), from: fixture.gateway)
        fixture.network.run(fixture.client.rekeyChildSA(spi: fixture.clientSession, inboundSPI: child, now: fixture.network.now), from: fixture.client)
        try fixture.deliver(to: TestNetwork.gateway, response: false)  // the CHILD_SA rekey: TEMPORARY_FAILURE
        try fixture.deliver(to: TestNetwork.client, response: true)
        fixture.flow()
        #expect(fixture.gateway.count == 1 && fixture.client.count == 1)
        #expect(fixture.sidesAgreeOnOneChildSA())
        #expect(fixture.state(of: fixture.client, session: fixture.clientSession)?.retryChildRekeys[child] != nil
            || fixture.client.childSAs(ofSession: fixture.clientSession) != [child])
    }

    @Test(arguments: ChildSARekeyTests.Ordering.allCases)
    func simultaneousRekeysLeaveOneIKESAThatBothSidesAgreeOn(ordering: ChildSARekeyTests.Ordering) throws {
        let fixture = try LifecycleFixture()
        let old = try #require(fixture.gateway.sa(for: fixture.gatewaySession)?.ourSPI)
        let child = try #require(fixture.gateway.childSAs(ofSession: fixture.gatewaySession).first)
        fixture.hold()
        fixture.network.run(fixture.gateway.rekeyIKESA(spi: fixture.gatewaySession, now: fixture.network.now), from: fixture.gateway)
        fixture.network.run(fixture.client.rekeyIKESA(spi: fixture.clientSession, now: fixture.network.now), from: fixture.client)
        try ChildSARekeyTests.deliver(ordering, fixture)
        fixture.flow()
        try Self.sessionCarriesOn(fixture, oldGatewaySPI: old, child: child)
        let collided = fixture.logs.all.contains { $0.message.contains("simultaneous IKE SA rekey") }
        #expect(collided == (ordering != .gatewayFirst))
    }
}

extension IKESARekeyTests {
    /// The peer that did not initiate a rekey waits for the Delete of the
    /// old IKE SA; if it never comes, it deletes the old SA itself, and the
    /// session, which started on that SA, carries on.
    @Test func anOldIKESAThePeerNeverDeletesIsDeletedAfterAGracePeriod() throws {
        let fixture = try LifecycleFixture(gateway: { $0.lifecycle.livenessInterval = nil; $0.lifecycle.ikeRekeyTime = nil },
                                           client: LivenessTests.quietClient)
        fixture.hold()
        fixture.network.run(fixture.client.rekeyIKESA(spi: fixture.clientSession, now: fixture.network.now), from: fixture.client)
        try fixture.deliver(to: TestNetwork.gateway, response: false)
        try fixture.deliver(to: TestNetwork.client, response: true)
        // The client's Delete of the old IKE SA is lost.
        #expect(fixture.held.count == 1)
        fixture.network.path = { _ in nil }
        #expect(fixture.gateway.count == 2)
        fixture.flow()
        fixture.advance(by: .seconds(61))
        #expect(fixture.gateway.count == 1 && fixture.gateway.sa(for: fixture.gatewaySession) != nil)
        #expect(fixture.pool.leasedCount == 1)
        #expect(!fixture.network.events.contains { if case .deleted = $0 { true } else { false } })
    }
}
