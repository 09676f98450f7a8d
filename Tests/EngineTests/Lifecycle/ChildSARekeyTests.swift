import IKECrypto
import IKEWire
import Testing
import TestSupport
@testable import IKEEngine

/// CHILD_SA rekeying (RFC 7296 §1.3.3, §2.8) between the gateway and the
/// engine's client, either side first, with and without PFS, the Windows
/// refusal (private notify 12345), and simultaneous rekeys (§2.8.1).
@Suite struct ChildSARekeyTests {
    @Test func theGatewayRekeysWithoutPFSAndTheOldCHILDSAGoes() throws {
        let fixture = try LifecycleFixture()
        let oldGateway = try #require(fixture.live(at: TestNetwork.gateway).first)
        let oldClient = try #require(fixture.live(at: TestNetwork.client).first)
        fixture.network.run(fixture.gateway.rekeyChildSA(spi: fixture.gatewaySession, inboundSPI: oldGateway.inboundSPI, now: fixture.network.now),
                            from: fixture.gateway)
        #expect(fixture.sidesAgreeOnOneChildSA())
        #expect(Set(fixture.network.deletedChildren) == [oldGateway.inboundSPI, oldClient.inboundSPI])
        let new = try #require(fixture.live(at: TestNetwork.gateway).first)
        #expect(new.inboundSPI != oldGateway.inboundSPI && new.rekeys == oldGateway.inboundSPI && !new.deferOutbound)
        // The client answered: its new SA waits for the old one's removal
        // before it sends on it.
        let clientNew = try #require(fixture.live(at: TestNetwork.client).first)
        #expect(clientNew.deferOutbound && clientNew.rekeys == oldClient.inboundSPI)
        #expect(fixture.state(of: fixture.gateway, session: fixture.gatewaySession)?.children.first?.pfsGroup == nil)
        #expect(new.localSelectors == oldGateway.localSelectors && new.remoteSelectors == oldGateway.remoteSelectors)
        #expect(new.encryption == oldGateway.encryption && new.outboundEncryptionKey != oldGateway.outboundEncryptionKey)
    }

    @Test(arguments: [KeyExchangeGroup.ecp256, .modp2048])
    func theClientRekeysWithPFSAndTheGatewayKeepsIt(group: KeyExchangeGroup) throws {
        let fixture = try LifecycleFixture(client: { $0.lifecycle.rekeyPFSGroup = group })
        let old = try #require(fixture.live(at: TestNetwork.client).first)
        fixture.network.run(fixture.client.rekeyChildSA(spi: fixture.clientSession, inboundSPI: old.inboundSPI, now: fixture.network.now),
                            from: fixture.client)
        #expect(fixture.sidesAgreeOnOneChildSA())
        #expect(fixture.state(of: fixture.gateway, session: fixture.gatewaySession)?.children.first?.pfsGroup == group)
        // The gateway's own next rekey keeps the PFS the client chose.
        let current = try #require(fixture.live(at: TestNetwork.gateway).first)
        fixture.network.run(fixture.gateway.rekeyChildSA(spi: fixture.gatewaySession, inboundSPI: current.inboundSPI, now: fixture.network.now),
                            from: fixture.gateway)
        #expect(fixture.sidesAgreeOnOneChildSA())
        #expect(fixture.state(of: fixture.client, session: fixture.clientSession)?.children.first?.pfsGroup == group)
    }

    @Test func aRekeyWithoutKEIsAcceptedEvenWhenTheGatewayOffersPFSGroups() throws {
        let esp = try ESPProposalPolicy(parsing: "aes256-sha256-modp2048"), plain = try ESPProposalPolicy(parsing: "aes256-sha256")
        let fixture = try LifecycleFixture(gateway: { $0.espProposals = [esp] }, client: { $0.espProposals = [plain] })
        let old = try #require(fixture.live(at: TestNetwork.client).first)
        fixture.network.run(fixture.client.rekeyChildSA(spi: fixture.clientSession, inboundSPI: old.inboundSPI, now: fixture.network.now),
                            from: fixture.client)
        #expect(fixture.sidesAgreeOnOneChildSA(), "PFS is never demanded from a client that does not use it")
    }

    /// Windows answers a rekey it does not do with its private error notify
    /// 12345 (MS_NOTIFY_STATUS): nothing is torn down, the code is logged.
    @Test func notify12345AbandonsTheRekeyAndKeepsTheCHILDSA() throws {
        let fixture = try LifecycleFixture()
        let old = try #require(fixture.live(at: TestNetwork.gateway).first)
        fixture.hold()
        fixture.network.run(fixture.gateway.rekeyChildSA(spi: fixture.gatewaySession, inboundSPI: old.inboundSPI, now: fixture.network.now),
                            from: fixture.gateway)
        try fixture.answerAsClient([.notify(NotifyPayload(type: .microsoftStatus, data: [0x00, 0x00, 0x36, 0x1C]))])
        fixture.flow()
        #expect(fixture.live(at: TestNetwork.gateway).map(\.inboundSPI) == [old.inboundSPI])
        #expect(fixture.network.deletedChildren.isEmpty)
        #expect(fixture.state(of: fixture.gateway, session: fixture.gatewaySession)?.children.map(\.state) == [.installed])
        #expect(fixture.logs.all.contains { $0.level == .notice && $0.text.contains("refused our CHILD_SA rekey") && $0.text.contains("Windows error 13852") })
        // The client's own rekey still works afterwards.
        let clientOld = try #require(fixture.live(at: TestNetwork.client).first)
        fixture.network.run(fixture.client.rekeyChildSA(spi: fixture.clientSession, inboundSPI: clientOld.inboundSPI, now: fixture.network.now),
                            from: fixture.client)
        #expect(fixture.sidesAgreeOnOneChildSA())
    }

    @Test func aRekeyAnsweredWithTemporaryFailureIsTriedAgainLater() throws {
        let fixture = try LifecycleFixture(gateway: { $0.lifecycle.rekeyJitter = 0; $0.lifecycle.livenessInterval = nil })
        let old = try #require(fixture.live(at: TestNetwork.gateway).first)
        fixture.hold()
        fixture.network.run(fixture.gateway.rekeyChildSA(spi: fixture.gatewaySession, inboundSPI: old.inboundSPI, now: fixture.network.now),
                            from: fixture.gateway)
        try fixture.answerAsClient([.notify(NotifyPayload(type: .temporaryFailure))])
        fixture.flow()
        #expect(fixture.live(at: TestNetwork.gateway).map(\.inboundSPI) == [old.inboundSPI])
        fixture.advance(by: .seconds(31))
        #expect(fixture.sidesAgreeOnOneChildSA())
        #expect(fixture.live(at: TestNetwork.gateway).first?.inboundSPI != old.inboundSPI)
    }

    @Test func additionalCHILDSAsAndRekeysOfUnknownOnesAreRefused() throws {
        let fixture = try LifecycleFixture()
        let old = try #require(fixture.live(at: TestNetwork.client).first)
        let offer = try ESPProposalPolicy(parsing: "aes256-sha256").proposal(number: 1, spi: 0x1234_5678, includeGroups: false)
        let child: [IKEPayload] = [
            .securityAssociation(SecurityAssociationPayload(proposals: [offer])), .nonce(NoncePayload(data: ArraySlice(repeating: 7, count: 32))),
            .trafficSelectorInitiator(TrafficSelectorPayload(selectors: old.localSelectors)),
            .trafficSelectorResponder(TrafficSelectorPayload(selectors: old.remoteSelectors)),
        ]
        #expect(try fixture.askAsClient(.createChildSA, child).notifies.map(\.type) == [.noAdditionalSAs])
        let unknown = NotifyPayload(type: .rekeySA, protocolID: .esp, spi: [0xDE, 0xAD, 0xBE, 0xEF])
        let answer = try fixture.askAsClient(.createChildSA, [.notify(unknown)] + child)
        #expect(answer.notifies.map(\.type) == [.childSANotFound] && answer.notifies.first?.spi == [0xDE, 0xAD, 0xBE, 0xEF])
        let malformed = try fixture.askAsClient(.createChildSA, [.notify(NotifyPayload(type: .rekeySA, protocolID: .esp, spi: [1, 2]))])
        #expect(malformed.notifies.map(\.type) == [.invalidSyntax])
        #expect(fixture.sidesAgreeOnOneChildSA() && fixture.network.installed.count == 2, "nothing was created")
    }

    // MARK: - Simultaneous rekeys (RFC 7296 §2.8.1)

    /// Who hears what first. `crossing`: both requests arrive before either
    /// response, and the response to the gateway's arrives first (or
    /// last); `gatewayFirst`: the gateway's exchange completes before the
    /// client's request arrives, so the client's gets TEMPORARY_FAILURE
    /// (§2.25.1); `clientFirst`: the other way round.
    enum Ordering: String, CaseIterable, CustomStringConvertible {
        case crossingGatewayAnsweredFirst, crossingClientAnsweredFirst, gatewayFirst, clientFirst
        var description: String { rawValue }
    }

    @Test(arguments: Ordering.allCases)
    func simultaneousRekeysLeaveOneCHILDSAThatBothSidesAgreeOn(ordering: Ordering) throws {
        let fixture = try LifecycleFixture()
        let gatewayOld = try #require(fixture.live(at: TestNetwork.gateway).first)
        let clientOld = try #require(fixture.live(at: TestNetwork.client).first)
        fixture.hold()
        fixture.network.run(fixture.gateway.rekeyChildSA(spi: fixture.gatewaySession, inboundSPI: gatewayOld.inboundSPI, now: fixture.network.now),
                            from: fixture.gateway)
        fixture.network.run(fixture.client.rekeyChildSA(spi: fixture.clientSession, inboundSPI: clientOld.inboundSPI, now: fixture.network.now),
                            from: fixture.client)
        try Self.deliver(ordering, fixture)
        fixture.flow()
        #expect(fixture.sidesAgreeOnOneChildSA())
        #expect(fixture.live(at: TestNetwork.gateway).first?.inboundSPI != gatewayOld.inboundSPI)
        #expect(Set(fixture.network.deletedChildren).isSuperset(of: [gatewayOld.inboundSPI, clientOld.inboundSPI]))
        #expect(fixture.gateway.count == 1 && fixture.client.count == 1)
        let collided = fixture.logs.all.contains { $0.message.contains("simultaneous CHILD_SA rekey") }
        #expect(collided == (ordering != .gatewayFirst), "the gateway saw the client's rekey while its own was out")
    }

    static func deliver(_ ordering: Ordering, _ fixture: LifecycleFixture) throws {
        let gateway = TestNetwork.gateway, client = TestNetwork.client
        switch ordering {
        case .crossingGatewayAnsweredFirst, .crossingClientAnsweredFirst:
            try fixture.deliver(to: client, response: false)
            try fixture.deliver(to: gateway, response: false)
            if ordering == .crossingGatewayAnsweredFirst {
                try fixture.deliver(to: gateway, response: true)
                try fixture.deliver(to: client, response: true)
            } else {
                try fixture.deliver(to: client, response: true)
                try fixture.deliver(to: gateway, response: true)
            }
        case .gatewayFirst:
            try fixture.deliver(to: client, response: false)
            try fixture.deliver(to: gateway, response: true)
            try fixture.deliver(to: gateway, response: false)
            try fixture.deliver(to: client, response: true)
        case .clientFirst:
            try fixture.deliver(to: gateway, response: false)
            try fixture.deliver(to: client, response: true)
            try fixture.deliver(to: client, response: false)
            try fixture.deliver(to: gateway, response: true)
        }
    }
}
