import IKECrypto
import IKEWire
import Testing
import TestSupport
@testable import IKEEngine

/// A peer that does not finish what it starts, or a gateway whose own work
/// crosses it: nothing piles up, and nothing outlives the session.
@Suite struct LifecycleHardeningTests {
    /// The client's CREATE_CHILD_SA that rekeys the gateway's CHILD_SA whose
    /// outbound SPI is `named`, offering `spi` for the new one.
    static func rekey(named: UInt32, offering spi: UInt32, selectors: ChildSAParameters) throws -> [IKEPayload] {
        let offer = try ESPProposalPolicy(parsing: "aes256-sha256").proposal(number: 1, spi: spi, includeGroups: false)
        return [
            .notify(NotifyPayload(type: .rekeySA, protocolID: .esp, spi: ArraySlice((0..<4).map { UInt8(truncatingIfNeeded: named >> (24 - 8 * $0)) }))),
            .securityAssociation(SecurityAssociationPayload(proposals: [offer])), .nonce(NoncePayload(data: ArraySlice(repeating: 3, count: 32))),
            .trafficSelectorInitiator(TrafficSelectorPayload(selectors: selectors.remoteSelectors)),
            .trafficSelectorResponder(TrafficSelectorPayload(selectors: selectors.localSelectors)),
        ]
    }

    /// A peer that rekeys again and again without deleting is held at a
    /// few CHILD_SAs, and those it left are deleted after the grace time.
    @Test func aPeerThatNeverDeletesCannotPileUpCHILDSAs() throws {
        let fixture = try LifecycleFixture(gateway: { $0.lifecycle.livenessInterval = nil; $0.lifecycle.ikeRekeyTime = nil },
                                           client: LivenessTests.quietClient)
        let first = try #require(fixture.live(at: TestNetwork.gateway).first)
        var named = first.outboundSPI
        var answers: [[NotifyType]] = []
        for index in 1...4 {
            let spi = 0x1000_0000 + UInt32(index)
            answers.append(try fixture.askAsClient(.createChildSA, try Self.rekey(named: named, offering: spi, selectors: first)).notifies.map(\.type))
            named = spi
        }
        #expect(answers.prefix(3).allSatisfy { $0.isEmpty }, "\(answers)")
        #expect(answers.last == [.temporaryFailure], "\(answers)")
        #expect(fixture.gateway.childSAs(ofSession: fixture.gatewaySession).count == IKEEngine.maximumChildSAs)
        fixture.advance(by: .seconds(61))
        #expect(fixture.gateway.childSAs(ofSession: fixture.gatewaySession).count == 1, "the rekeyed ones were deleted")
        #expect(fixture.live(at: TestNetwork.gateway).count == 1 && fixture.gateway.count == 1)
    }

    /// The IKE SA a peer's rekey made while ours was out is removed when
    /// ours never gets an answer: no IKE SA outlives its session.
    @Test func aCollisionThatIsNeverDecidedLeavesNothingBehind() throws {
        let fixture = try LifecycleFixture(gateway: { $0.lifecycle.livenessInterval = nil; $0.lifecycle.ikeRekeyTime = nil },
                                           client: LivenessTests.quietClient)
        fixture.hold()
        fixture.network.run(fixture.gateway.rekeyIKESA(spi: fixture.gatewaySession, now: fixture.network.now), from: fixture.gateway)
        let ke = try KeyExchangePrivateKey(group: .curve25519)
        let ike = try IKEProposalPolicy(parsing: "aes256-sha256-x25519").proposal(number: 1)
        var proposal = ike
        proposal.spi = [1, 2, 3, 4, 5, 6, 7, 8]
        let answer = try fixture.askAsClient(.createChildSA, [
            .securityAssociation(SecurityAssociationPayload(proposals: [proposal])), .nonce(NoncePayload(data: ArraySlice(repeating: 5, count: 32))),
            .keyExchange(KeyExchangePayload(group: KeyExchangeMethodID(rawValue: KeyExchangeGroup.curve25519.rawValue),
                                            data: ArraySlice(ke.publicValue))),
        ])
        #expect(answer.securityAssociation != nil, "the gateway answered the peer's rekey")
        #expect(fixture.gateway.count == 2)
        // Our request is never answered: the peer is gone.
        fixture.network.detach(at: TestNetwork.client)
        fixture.network.path = { _ in nil }
        fixture.advance(by: .seconds(300))
        #expect(fixture.gateway.count == 0 && fixture.pool.leasedCount == 0)
        #expect(fixture.network.events.filter { if case .deleted = $0 { true } else { false } }.count == 1)
    }

    /// A session deleted while its IKE SA rekey is under way ends on the new
    /// IKE SA, which the client uses from then on: nothing is left on
    /// either side, and the deletion is reported once, as the admin's.
    @Test func aTerminateDuringAnIKESARekeyEndsTheSessionOnTheNewSA() throws {
        let fixture = try LifecycleFixture()
        fixture.hold()
        fixture.network.run(fixture.gateway.rekeyIKESA(spi: fixture.gatewaySession, now: fixture.network.now), from: fixture.gateway)
        fixture.network.run(fixture.gateway.terminate(spi: fixture.gatewaySession, now: fixture.network.now), from: fixture.gateway)
        fixture.flow()
        #expect(fixture.gateway.count == 0 && fixture.client.count == 0 && fixture.pool.leasedCount == 0)
        let deletions = fixture.network.events.compactMap { if case .deleted(let spi, _, _, _, let cause) = $0, spi == fixture.gatewaySession { cause } else { nil } }
        #expect(deletions == [.terminated])
    }
}
