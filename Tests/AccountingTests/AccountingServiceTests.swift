import Foundation
import RADIUS
import Synchronization
import Testing
@testable import Accounting

/// Ordering while the transport is down, and interim cadence.
@Suite struct AccountingServiceTests {
    let fixture: AccountingFixture
    init() throws { fixture = try AccountingFixture() }

    /// While no server answers the spool grows; when one does, it drains:
    /// every record once, Accounting-On first, each session's Start before
    /// its Stop, never two records of one session in flight.
    @Test func orderIsKeptWhileTheTransportIsDownThenBack() async throws {
        let server = FakeAccountingServer(answering: false)
        await server.setLatency(.milliseconds(2))
        let service = try fixture.service(transport: server)
        await service.start()
        for index in 0..<10 { await service.sessionStarted(fixture.session("s\(index)")) }
        for index in stride(from: 0, to: 10, by: 2) {
            await service.sessionStopped(sessionID: "s\(index)", counters: .zero, cause: .userRequest)
        }
        #expect(await eventually { await server.attempts.count >= 3 })
        #expect(await service.pendingRecords == 16)
        #expect(await server.attempts.allSatisfy { $0.status == .accountingOn }, "nothing passes the Accounting-On barrier")
        await server.setAnswering(true)
        #expect(await eventually { await service.pendingRecords == 0 })

        let sent = await server.acknowledged
        #expect(sent.count == 16)
        #expect(sent.first?.status == .accountingOn)
        let keys = sent.map { "\($0.status!) \($0.sessionID)" }
        #expect(Set(keys).count == keys.count, "no record acknowledged twice")
        for index in stride(from: 0, to: 10, by: 2) {
            let start = try #require(keys.firstIndex(of: "Start s\(index)"))
            let stop = try #require(keys.firstIndex(of: "Stop s\(index)"))
            #expect(start < stop)
        }
        #expect(await server.overlaps == 0)
        await service.stop(drainTimeout: .seconds(5))
    }

    /// A second outage after records went through: the backlog waits and
    /// then goes, nothing lost or repeated.
    @Test func aLaterOutageSpoolsAndDrains() async throws {
        let server = FakeAccountingServer()
        let service = try fixture.service(transport: server)
        await service.start()
        await service.sessionStarted(fixture.session("a"))
        #expect(await eventually { await server.acknowledged.count == 2 })
        await server.setAnswering(false)
        await service.sessionStopped(sessionID: "a", counters: .zero, cause: .lostCarrier)
        await service.sessionStarted(fixture.session("b"))
        #expect(await eventually { await server.attempts.count >= 4 })
        #expect(await service.pendingRecords == 2)
        await server.setAnswering(true)
        #expect(await eventually { await service.pendingRecords == 0 })
        #expect(await server.acknowledged.map { "\($0.status!) \($0.status == .accountingOn ? "" : $0.sessionID)" }.dropFirst(2).sorted()
            == ["Start b", "Stop a"])
        await service.stop(drainTimeout: .seconds(5))
    }

    /// The server's Acct-Interim-Interval overrides the configured one;
    /// updates carry the counters read then and the session time.
    @Test func interimUpdatesFollowTheSessionsInterval() async throws {
        let reads = Atomic<UInt64>(0)
        let server = FakeAccountingServer()
        let service = try fixture.service(transport: server, interimInterval: .seconds(3600), counters: { _ in
            let read = reads.add(1, ordering: .relaxed).newValue
            return AccountingCounters(inputOctets: read * 100, outputOctets: read * 200, inputPackets: read, outputPackets: read)
        })
        await service.start()
        let begin = ContinuousClock.now
        await service.sessionStarted(fixture.session("fast", interim: .milliseconds(100)))
        await service.sessionStarted(fixture.session("configured"))
        // Counted against the time that really passed, not a fixed sleep,
        // so a busy machine that delays the timers cannot fail the test.
        #expect(await eventually { await server.acknowledged.filter { $0.status == .interimUpdate }.count >= 3 })
        await service.sessionStopped(sessionID: "fast", counters: .zero, cause: .userRequest)
        await service.sessionStopped(sessionID: "configured", counters: .zero, cause: .userRequest)
        let elapsed = ContinuousClock.now - begin
        #expect(await eventually { await service.pendingRecords == 0 })

        let interims = await server.acknowledged.filter { $0.status == .interimUpdate }
        let most = Int(elapsed / .milliseconds(100)) + 1
        #expect((3...most).contains(interims.count), "\(interims.count) updates in \(elapsed) at 100 ms")
        #expect(interims.allSatisfy { $0.sessionID == "fast" })
        let octets = interims.compactMap { $0.integer(.acctInputOctets) }
        #expect(octets.count == interims.count && octets == octets.sorted() && octets.allSatisfy { $0 > 0 && $0 % 100 == 0 })
        #expect(interims.allSatisfy { $0.integer(.acctSessionTime) == 0 && $0.integer(.acctOutputGigawords) == 0 })
        // None after the Stop.
        let count = interims.count
        try await Task.sleep(for: .milliseconds(250))
        #expect(await server.acknowledged.filter { $0.status == .interimUpdate }.count == count)
        await service.stop(drainTimeout: .seconds(5))
    }

    @Test func noInterimUpdatesWhenNoIntervalIsSet() async throws {
        let server = FakeAccountingServer()
        let service = try fixture.service(transport: server, interimInterval: nil)
        await service.start()
        await service.sessionStarted(fixture.session("s1"))
        try await Task.sleep(for: .milliseconds(200))
        await service.sessionStopped(sessionID: "s1", counters: .zero, cause: .userRequest)
        #expect(await eventually { await service.pendingRecords == 0 })
        #expect(await server.acknowledged.map(\.status) == [.accountingOn, .start, .stop])
        await service.stop(drainTimeout: .seconds(5))
    }

    /// stop() sends Accounting-Off after everything before it, and returns
    /// by its deadline when no server answers.
    @Test func stopSendsAccountingOffLastAndKeepsItsDeadline() async throws {
        let server = FakeAccountingServer()
        let service = try fixture.service(transport: server)
        await service.start()
        await service.sessionStarted(fixture.session("s1"))
        await service.sessionStopped(sessionID: "s1", counters: .zero, cause: .adminReboot)
        await service.stop(drainTimeout: .seconds(5))
        #expect(await server.acknowledged.map(\.status) == [.accountingOn, .start, .stop, .accountingOff])
        #expect(try fixture.rows("records") == 0)

        let silent = FakeAccountingServer(answering: false)
        let stuck = try fixture.service(path: fixture.folder.appendingPathComponent("other.sqlite").path, transport: silent)
        await stuck.start()
        let began = ContinuousClock.now
        await stuck.stop(drainTimeout: .milliseconds(100))
        // A silent server is retried forever, so a stop that ignored its
        // deadline would never return. The bound is loose because the test
        // shares two pool threads with every other test of the run and can
        // wait seconds for one of them (a CI run measured 15 s).
        #expect(ContinuousClock.now - began < .seconds(60))
        #expect(await stuck.pendingRecords == 2, "On and Off stay spooled")
    }
}
