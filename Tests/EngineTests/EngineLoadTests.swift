import IKEWire
import Testing
import TestSupport
@testable import IKEEngine

/// The load accounting of the IKE_SA_INIT defences (RFC 7296 §2.6): what
/// ``IKEEngine/load(now:)`` counts, and when it calls the engine under load.
@Suite struct EngineLoadTests {
    func engine(_ configure: (inout DenialOfServicePolicy) -> Void = { _ in }) throws -> IKEEngine {
        var configuration = EngineConfiguration()
        configure(&configuration.denialOfService)
        return try IKEEngine(configuration: configuration, now: .zero)
    }

    /// Windows' IKE_SA_INIT request from 198.51.100.`host` with its own
    /// initiator SPI: a new exchange for every (host, spi).
    func request(from host: UInt8, spi: UInt8 = 1) -> InboundDatagram {
        var message = WindowsFixture.classicRequest()
        message[0] = host
        message[7] = spi
        return InboundDatagram(local: TestNetwork.gateway, remote: Endpoint(address: .v4(IPv4Address(198, 51, 100, host)), port: 500),
                               message: message)
    }

    /// Delivers the requests at `now` and returns the notify types answered
    /// (nil for an SA or no answer).
    @discardableResult
    func deliver(_ requests: [InboundDatagram], to gateway: IKEEngine, now: EngineInstant = .zero) throws -> [NotifyType?] {
        try requests.flatMap { request in
            try gateway.receive(request, now: now).compactMap { action -> NotifyType?? in
                guard case .send(let datagram) = action else { return nil }
                let payloads = try ReceivedIKEMessage(decoding: datagram.message).message.payloads
                if case .notify(let notify)? = payloads.first, payloads.count == 1 { return .some(notify.type) }
                return .some(nil)
            }
        }
    }

    @Test func anIdleEngineIsNotUnderLoad() throws {
        #expect(try engine().load(now: .zero) == EngineLoad())
    }

    /// Once half-open SAs reach the threshold, requests without a cookie
    /// are answered with one and counted; the engine is under load while it
    /// demands cookies and no longer once the half-open SAs time out.
    @Test func cookieDemandsAreCountedAndCookieModeIsLoad() throws {
        let gateway = try engine { $0.cookieThreshold = 2 }
        try deliver([request(from: 1), request(from: 2)], to: gateway)
        #expect(gateway.load(now: .zero) == EngineLoad(underLoad: true, demandingCookies: true, halfOpen: 2))

        let answers = try deliver([request(from: 3), request(from: 4), request(from: 5)], to: gateway)
        #expect(answers == [.cookie, .cookie, .cookie] && gateway.count == 2)
        #expect(gateway.load(now: .zero) == EngineLoad(underLoad: true, demandingCookies: true, halfOpen: 2, cookiesDemanded: 3))

        let later = EngineInstant.zero.advanced(by: .seconds(31))
        _ = gateway.wake(now: later)
        #expect(gateway.load(now: later) == EngineLoad(halfOpen: 0, cookiesDemanded: 3), "the counts stay, the load is over")
    }

    /// A threshold of zero demands cookies of every request: the
    /// administrator's choice, not a sign of load.
    @Test func cookiesAlwaysAreNotLoad() throws {
        let gateway = try engine { $0.cookieThreshold = 0 }
        #expect(try deliver([request(from: 1)], to: gateway) == [.cookie])
        #expect(gateway.load(now: .zero) == EngineLoad(underLoad: false, demandingCookies: true, cookiesDemanded: 1))
    }

    /// A drop at the per-source limit is counted, and keeps the engine under
    /// load for `underLoadAfterDrop` although it does not demand cookies.
    @Test func perSourceDropsAreCountedAndRememberedForAWhile() throws {
        let gateway = try engine {
            $0.halfOpenPerSource = 1
            $0.underLoadAfterDrop = .seconds(5)
        }
        let dropAt = EngineInstant.zero.advanced(by: .seconds(1))
        try deliver([request(from: 1, spi: 1)], to: gateway)
        #expect(try deliver([request(from: 1, spi: 2)], to: gateway, now: dropAt).isEmpty, "dropped without an answer")
        let expected = EngineLoad(underLoad: true, halfOpen: 1, droppedBySourceLimit: 1)
        #expect(gateway.load(now: dropAt) == expected)
        #expect(gateway.load(now: dropAt.advanced(by: .milliseconds(4_999))) == expected)
        var over = expected
        over.underLoad = false
        #expect(gateway.load(now: dropAt.advanced(by: .seconds(5))) == over)
        #expect(over.dropped == 1)
    }

    @Test func dropsAtTheTotalLimitAreCounted() throws {
        let gateway = try engine { $0.maximumHalfOpen = 1 }
        try deliver([request(from: 1), request(from: 2), request(from: 3)], to: gateway)
        let load = gateway.load(now: .zero)
        #expect(load == EngineLoad(underLoad: true, halfOpen: 1, droppedByTotalLimit: 2) && load.dropped == 2)
    }

    /// A retransmitted request gets its cached answer before any limit is
    /// looked at: it is neither a drop nor a cookie demand.
    @Test func retransmissionsAreNotCounted() throws {
        let gateway = try engine {
            $0.halfOpenPerSource = 1
            $0.cookieThreshold = 1
        }
        let answers = try deliver([request(from: 1), request(from: 1), request(from: 1)], to: gateway)
        #expect(answers == [nil, nil, nil] && gateway.count == 1)
        #expect(gateway.load(now: .zero) == EngineLoad(underLoad: true, demandingCookies: true, halfOpen: 1))
    }

    /// Shards add up; the sum is under load when any shard is.
    @Test func shardLoadsAddUp() {
        let busy = EngineLoad(underLoad: true, demandingCookies: true, halfOpen: 30, cookiesDemanded: 100, droppedBySourceLimit: 2)
        let quiet = EngineLoad(halfOpen: 3, cookiesDemanded: 7, droppedByTotalLimit: 1)
        #expect(busy.adding(quiet) == EngineLoad(underLoad: true, demandingCookies: true, halfOpen: 33, cookiesDemanded: 107,
                                                 droppedBySourceLimit: 2, droppedByTotalLimit: 1))
        #expect(quiet.adding(quiet) == EngineLoad(halfOpen: 6, cookiesDemanded: 14, droppedByTotalLimit: 2))
    }
}
