import IKECrypto
import IKEWire
import Synchronization
import Testing
import TestSupport
@testable import IKEEngine

/// Dead peer detection (RFC 7296 §2.4): an empty INFORMATIONAL after the
/// idle time, unless ESP shows the peer alive; when retransmissions give
/// up, the SA, its lease and its CHILD_SA go, reported as unresponsive.
@Suite struct LivenessTests {
    static func quietClient(_ configuration: inout EngineConfiguration) {
        configuration.lifecycle.livenessInterval = nil
        configuration.lifecycle.ikeRekeyTime = nil
    }

    @Test func anIdlePeerIsAskedAndAnswers() throws {
        let fixture = try LifecycleFixture(gateway: { $0.lifecycle.livenessInterval = .seconds(30) }, client: Self.quietClient)
        let sent = fixture.network.sent.count
        fixture.advance(by: .seconds(29))
        #expect(fixture.network.sent.count == sent)
        fixture.advance(by: .seconds(2))
        #expect(fixture.network.sent.count == sent + 2, "one check, one answer")
        #expect(fixture.gateway.count == 1)
        fixture.advance(by: .seconds(31))
        #expect(fixture.network.sent.count == sent + 4)
    }

    @Test func trafficFromThePeerMakesChecksUnnecessary() throws {
        let fixture = try LifecycleFixture(gateway: { $0.lifecycle.livenessInterval = .seconds(30) }, client: Self.quietClient)
        let packets = Atomic<UInt64>(0)
        fixture.gateway.inboundPackets = { _ in packets.load(ordering: .relaxed) }
        let sent = fixture.network.sent.count
        for _ in 0..<5 {
            packets.add(10, ordering: .relaxed)
            fixture.advance(by: .seconds(31))
        }
        #expect(fixture.network.sent.count == sent)
        fixture.advance(by: .seconds(45))
        #expect(fixture.network.sent.count == sent + 2, "checked once the traffic stopped")
    }

    @Test func aDeadPeerIsDeletedWithItsLeaseAndCHILDSA() throws {
        let fixture = try LifecycleFixture(gateway: { $0.lifecycle.livenessInterval = .seconds(30) }, client: Self.quietClient)
        let child = try #require(fixture.gateway.childSAs(ofSession: fixture.gatewaySession).first)
        fixture.network.detach(at: TestNetwork.client)
        fixture.advance(by: .seconds(31))
        #expect(fixture.gateway.count == 1)
        // 2 s, then × 1.8 for six transmissions: about 60 s in all.
        fixture.advance(by: .seconds(90))
        #expect(fixture.gateway.count == 0 && fixture.pool.leasedCount == 0)
        #expect(fixture.network.deletedChildren.contains(child))
        #expect(fixture.network.events.contains {
            if case .deleted(fixture.gatewaySession, _, "alice", _, .peerUnresponsive) = $0 { true } else { false }
        })
    }

    @Test func retransmissionsBackOffAndGiveUpAsConfigured() throws {
        let fixture = try LifecycleFixture(gateway: {
            $0.lifecycle.livenessInterval = .seconds(10)
            $0.retransmission.initialTimeout = .seconds(1)
            $0.retransmission.backoff = 2
            $0.retransmission.maximumTransmissions = 4
        }, client: Self.quietClient)
        fixture.network.detach(at: TestNetwork.client)
        let start = fixture.network.sent.count
        fixture.advance(by: .seconds(10))
        var times: [Duration] = []
        let origin = fixture.network.now
        while fixture.gateway.count == 1, let next = fixture.gateway.nextWakeUp {
            fixture.network.now = next
            let before = fixture.network.sent.count
            fixture.network.run(fixture.gateway.wake(now: next), from: fixture.gateway)
            if fixture.network.sent.count > before { times.append(next.duration(since: origin)) }
        }
        #expect(times == [.seconds(1), .seconds(3), .seconds(7)], "1 s, 2 s, 4 s apart")
        #expect(fixture.network.sent.count - start == 4)
        #expect(fixture.network.now.duration(since: origin) == .seconds(15), "gave up 8 s after the fourth")
    }
}
