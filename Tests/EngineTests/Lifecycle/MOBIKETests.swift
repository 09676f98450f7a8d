import IKECrypto
import IKEWire
import Testing
import TestSupport
@testable import IKEEngine

/// MOBIKE (RFC 4555) and NAT mapping changes (RFC 7296 §2.23): the client
/// moves, with or without a NAT on its new path; the gateway, single-homed,
/// follows UPDATE_SA_ADDRESSES and nothing else once MOBIKE is in use.
@Suite struct MOBIKETests {
    static let moved = Endpoint(address: .v4(IPv4Address(192, 0, 2, 3)), port: 4500)
    static let natOutside = Endpoint(address: .v4(IPv4Address(198, 51, 100, 9)), port: 40_000)

    static func nat(_ fixture: LifecycleFixture, inside: Endpoint, outside: Endpoint) {
        fixture.network.path = LifecycleFixture.nat(inside: inside, outside: outside)
    }

    func gatewayMoves(_ fixture: LifecycleFixture) -> [(inboundSPI: UInt32, local: Endpoint, remote: Endpoint, udpEncapsulation: Bool)] {
        let gatewayChildren = Set(fixture.network.installed.filter { $0.0 == TestNetwork.gateway }.map(\.1.inboundSPI))
        return fixture.network.movedChildren.filter { gatewayChildren.contains($0.inboundSPI) }
    }

    @Test func bothSidesAnnounceMOBIKEAndTheGatewayHasNoOtherAddress() throws {
        let fixture = try LifecycleFixture()
        #expect(fixture.state(of: fixture.gateway, session: fixture.gatewaySession)?.mobike == true)
        #expect(fixture.state(of: fixture.client, session: fixture.clientSession)?.mobike == true)
        let off = try LifecycleFixture(gateway: { $0.lifecycle.mobike = false })
        #expect(off.state(of: off.gateway, session: off.gatewaySession)?.mobike == false)
        #expect(off.state(of: off.client, session: off.clientSession)?.mobike == false)
    }

    @Test func anUpdateWithoutNATMovesTheSAAndItsCHILDSA() throws {
        let fixture = try LifecycleFixture()
        fixture.network.attach(fixture.client, at: Self.moved)
        fixture.network.run(fixture.client.move(session: fixture.clientSession, to: Self.moved, now: fixture.network.now), from: fixture.client)
        #expect(fixture.gateway.sa(for: fixture.gatewaySession)?.remote == Self.moved)
        let moves = gatewayMoves(fixture)
        #expect(moves.count == 1 && moves.first?.remote == Self.moved && moves.first?.udpEncapsulation == false)
        #expect(fixture.state(of: fixture.gateway, session: fixture.gatewaySession)?.nat?.any == false)
        // The client saw its COOKIE2 come back and moved its own CHILD_SA.
        #expect(fixture.network.movedChildren.count == 2)
        // Later exchanges use the new path.
        fixture.network.detach(at: TestNetwork.client)
        let child = try #require(fixture.gateway.childSAs(ofSession: fixture.gatewaySession).first)
        fixture.network.run(fixture.gateway.rekeyChildSA(spi: fixture.gatewaySession, inboundSPI: child, now: fixture.network.now), from: fixture.gateway)
        #expect(fixture.gateway.childSAs(ofSession: fixture.gatewaySession).count == 1)
        #expect(fixture.gateway.childSAs(ofSession: fixture.gatewaySession) != [child])
    }

    @Test func anUpdateFromBehindANATTurnsOnUDPEncapsulation() throws {
        let fixture = try LifecycleFixture()
        fixture.network.attach(fixture.client, at: Self.moved)
        Self.nat(fixture, inside: Self.moved, outside: Self.natOutside)
        fixture.network.run(fixture.client.move(session: fixture.clientSession, to: Self.moved, now: fixture.network.now), from: fixture.client)
        #expect(fixture.gateway.sa(for: fixture.gatewaySession)?.remote == Self.natOutside)
        let moves = gatewayMoves(fixture)
        #expect(moves.count == 1 && moves.first?.remote == Self.natOutside && moves.first?.udpEncapsulation == true)
        #expect(fixture.state(of: fixture.gateway, session: fixture.gatewaySession)?.nat?.peerBehindNAT == true)
    }

    /// RFC 4555 §3.8: with MOBIKE only UPDATE_SA_ADDRESSES moves the SA; a
    /// request from elsewhere is answered where it came from (RFC 7296
    /// §2.11) and changes nothing.
    @Test func withMOBIKEAChangedSourceAddressIsNotFollowed() throws {
        let fixture = try LifecycleFixture()
        let rebound = Endpoint(address: .v4(IPv4Address(192, 0, 2, 2)), port: 61_000)
        Self.nat(fixture, inside: TestNetwork.client, outside: rebound)
        let sent = fixture.network.sent.count
        let child = try #require(fixture.client.childSAs(ofSession: fixture.clientSession).first)
        fixture.network.run(fixture.client.rekeyChildSA(spi: fixture.clientSession, inboundSPI: child, now: fixture.network.now), from: fixture.client)
        #expect(fixture.network.sent[sent...].contains { $0.remote == rebound }, "answered where the request came from")
        #expect(fixture.gateway.sa(for: fixture.gatewaySession)?.remote == TestNetwork.client)
        #expect(gatewayMoves(fixture).isEmpty)
    }

    /// Without MOBIKE, behind a NAT, a new mapping is followed (RFC 7296
    /// §2.23), ESP included.
    @Test func withoutMOBIKEANewNATMappingIsFollowed() throws {
        let first = Endpoint(address: .v4(IPv4Address(198, 51, 100, 9)), port: 40_000)
        let second = Endpoint(address: .v4(IPv4Address(198, 51, 100, 9)), port: 40_001)
        let fixture = try LifecycleFixture(gateway: { $0.lifecycle.mobike = false }, natOutside: first)
        #expect(fixture.gateway.sa(for: fixture.gatewaySession)?.remote == first)
        #expect(fixture.state(of: fixture.gateway, session: fixture.gatewaySession)?.nat?.peerBehindNAT == true)
        Self.nat(fixture, inside: TestNetwork.client, outside: second)
        let child = try #require(fixture.client.childSAs(ofSession: fixture.clientSession).first)
        fixture.network.run(fixture.client.rekeyChildSA(spi: fixture.clientSession, inboundSPI: child, now: fixture.network.now), from: fixture.client)
        #expect(fixture.gateway.sa(for: fixture.gatewaySession)?.remote == second)
        let moves = gatewayMoves(fixture)
        #expect(!moves.isEmpty && moves.allSatisfy { $0.remote == second && $0.udpEncapsulation })
        #expect(fixture.sidesAgreeOnOneChildSA())
        #expect(fixture.live(at: TestNetwork.gateway).first?.remote == second, "the rekeyed CHILD_SA goes to the new mapping")
    }

    @Test func anUpdateWithoutMOBIKEIsIgnoredButCOOKIE2IsEchoed() throws {
        let fixture = try LifecycleFixture(gateway: { $0.lifecycle.mobike = false })
        let cookie: ArraySlice<UInt8> = [1, 2, 3, 4, 5, 6, 7, 8]
        let answer = try fixture.askAsClient(.informational, [.notify(NotifyPayload(type: .updateSAAddresses)),
                                                              .notify(NotifyPayload(type: .cookie2, data: cookie))])
        #expect(answer.notifies.map(\.type) == [.cookie2] && answer.notifies.first?.data == cookie)
        #expect(gatewayMoves(fixture).isEmpty)
    }
}
