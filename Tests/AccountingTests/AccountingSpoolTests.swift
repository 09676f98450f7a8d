import Foundation
import IKEWire
import RADIUS
import SQLiteStore
import Testing
@testable import Accounting

/// What the spool keeps across restarts and crashes.
@Suite struct AccountingSpoolTests {
    let fixture: AccountingFixture
    init() throws { fixture = try AccountingFixture() }

    /// Records not acknowledged before stop() are sent by the next run,
    /// first and in order; the sessions left open get NAS-Reboot Stops,
    /// then the new run's Accounting-On.
    @Test func unsentRecordsSurviveAReopenAndGoFirst() async throws {
        do {
            let silent = FakeAccountingServer(answering: false)
            let service = try fixture.service(transport: silent)
            await service.start()
            for id in ["a", "b", "c"] { await service.sessionStarted(fixture.session(id)) }
            await service.stop(drainTimeout: .milliseconds(50))
            #expect(await service.pendingRecords == 5, "On, three Starts, Off")
            #expect(await silent.acknowledged.isEmpty)
        }
        #expect(try fixture.rows("records") == 5)
        #expect(try fixture.rows("open_sessions") == 3)
        let server = FakeAccountingServer()
        let service = try fixture.service(transport: server)
        #expect(await service.pendingRecords == 5)
        await service.start()
        #expect(await eventually { await service.pendingRecords == 0 })
        let acknowledged = await server.acknowledged
        let sent = acknowledged.map { "\($0.status!) \($0.status!.isBarrier ? "" : $0.sessionID)" }
        #expect(sent.count == 9)
        guard sent.count == 9 else { return }
        #expect(sent[0] == "Accounting-On ")
        #expect(Set(sent[1...3]) == ["Start a", "Start b", "Start c"])
        #expect(sent[4] == "Accounting-Off ")
        #expect(Set(sent[5...7]) == ["Stop a", "Stop b", "Stop c"])
        #expect(acknowledged[5...7].allSatisfy { $0.integer(.acctTerminateCause) == AccountingTerminateCause.nasReboot.rawValue })
        #expect(sent[8] == "Accounting-On ")
        await service.stop(drainTimeout: .seconds(5))
        #expect(try fixture.rows("records") == 0)
        #expect(try fixture.rows("open_sessions") == 0)
    }

    /// A crash after a record was spooled but before any server answered:
    /// the next run sends it, then closes the session it opened.
    @Test func aRecordWrittenButNotSentIsSentAfterACrash() async throws {
        let silent = FakeAccountingServer(answering: false)
        let crashed = try fixture.service(transport: silent)
        await crashed.start()
        await crashed.sessionStarted(fixture.session("s1"))
        #expect(try await eventually { try fixture.rows("records") == 2 && fixture.rows("open_sessions") == 1 })
        let image = try fixture.crashImage()

        let server = FakeAccountingServer()
        let service = try fixture.service(path: image, transport: server)
        await service.start()
        #expect(await eventually { await service.pendingRecords == 0 })
        let sent = await server.acknowledged
        #expect(sent.map(\.status) == [.accountingOn, .start, .stop, .accountingOn])
        #expect(sent[1].sessionID == "s1" && sent[2].sessionID == "s1")
        // The Stop is built from the spooled session: its attributes came
        // back from the file.
        let stop = sent[2]
        #expect(stop.integer(.acctTerminateCause) == 11)
        #expect(try stop.first(.userName)?.text() == "user-s1")
        #expect(try stop.first(.framedIPv6Address)?.ipv6Address() == IPv6Address("2001:db8:ffff::9"))
        #expect(stop.attributes(ofType: .class).map(\.value) == [Array("class-s1".utf8), [0, 1, 2]])
        await service.stop(drainTimeout: .seconds(5))
        await crashed.stop(drainTimeout: .zero)
    }

    /// A crash after the Accounting-Response and the delete: the record is
    /// not sent again.
    @Test func anAcknowledgedRecordIsNotSentAgainAfterACrash() async throws {
        let first = FakeAccountingServer()
        let crashed = try fixture.service(transport: first)
        await crashed.start()
        await crashed.sessionStarted(fixture.session("s1"))
        #expect(try await eventually { try fixture.rows("records") == 0 && fixture.rows("open_sessions") == 1 })
        #expect(await first.acknowledged.map(\.status) == [.accountingOn, .start])
        let image = try fixture.crashImage()

        let server = FakeAccountingServer()
        let service = try fixture.service(path: image, transport: server)
        #expect(await service.pendingRecords == 0)
        await service.start()
        #expect(await eventually { await server.acknowledged.count == 2 })
        #expect(await eventually { await service.pendingRecords == 0 })
        #expect(await server.attempts.map(\.status) == [.stop, .accountingOn])
        await service.stop(drainTimeout: .seconds(5))
        await crashed.stop(drainTimeout: .zero)
    }

    /// After a crash the NAS-Reboot Stop has the counters of the last
    /// Interim-Update and the session time up to it.
    @Test func theNASRebootStopHasTheLastInterimCounters() async throws {
        let counters = AccountingCounters(inputOctets: 3 << 32 | 1000, outputOctets: 2000, inputPackets: 30, outputPackets: 40)
        let server = FakeAccountingServer()
        let session = fixture.session("s1")
        let crashed = try fixture.service(transport: server, interimInterval: .milliseconds(30), counters: { _ in counters })
        await crashed.start()
        await crashed.sessionStarted(session)
        fixture.clock.advance(by: 42)
        #expect(try await eventually {
            let database = try SQLiteDatabase(path: fixture.path)
            var octets: Int64 = 0
            try database.query("SELECT input_octets FROM open_sessions") { octets = $0.integer(0) }
            return octets == Int64(counters.inputOctets)
        })
        let image = try fixture.crashImage()

        fixture.clock.advance(by: 600)
        let next = FakeAccountingServer()
        let service = try fixture.service(path: image, transport: next)
        await service.start()
        #expect(await eventually { await service.pendingRecords == 0 })
        let stop = try #require(await next.acknowledged.first { $0.status == .stop })
        #expect(stop.integer(.acctTerminateCause) == 11)
        #expect(stop.integer(.acctSessionTime) == 42, "up to the last interim, not the restart")
        #expect(stop.integer(.acctInputOctets) == 1000 && stop.integer(.acctInputGigawords) == 3)
        #expect(stop.integer(.acctOutputOctets) == 2000 && stop.integer(.acctOutputGigawords) == 0)
        #expect(stop.integer(.acctInputPackets) == 30 && stop.integer(.acctOutputPackets) == 40)
        #expect(stop.integer(.eventTimestamp) == UInt32(fixture.clock.now.timeIntervalSince1970))
        await service.stop(drainTimeout: .seconds(5))
        await crashed.stop(drainTimeout: .zero)
    }

    /// One fsync per batch: hundreds of records and their deletions in a
    /// few transactions, not one each.
    @Test func recordsAreWrittenInBatches() async throws {
        let server = FakeAccountingServer()
        let service = try fixture.service(transport: server)
        await service.start()
        for index in 0..<300 { await service.sessionStarted(fixture.session("s\(index)")) }
        #expect(await eventually { await service.pendingRecords == 0 })
        #expect(try await eventually { try fixture.rows("records") == 0 })
        #expect(await server.acknowledged.count == 301)
        let transactions = await service.spoolTransactions
        #expect(transactions < 60, "\(transactions) transactions for 301 records, 300 sessions and 301 deletions")
        await service.stop(drainTimeout: .seconds(5))
    }

    @Test func anUnopenableSpoolIsAnErrorAtInit() throws {
        let error = #expect(throws: AccountingSpoolError.self) {
            try fixture.service(path: "/nonexistent-folder/spool.sqlite", transport: FakeAccountingServer())
        }
        guard case .cannotOpen = error else { Issue.record("\(String(describing: error))"); return }
    }

    /// A spool from a newer schema is left alone, not misread.
    @Test func aNewerSchemaIsRefused() throws {
        try SQLiteDatabase(path: fixture.path).execute("PRAGMA user_version = \(AccountingSpool.schemaVersion + 1)")
        let error = #expect(throws: AccountingSpoolError.self) {
            try fixture.service(transport: FakeAccountingServer())
        }
        guard case .newerSchema(_, let version) = error else { Issue.record("\(String(describing: error))"); return }
        #expect(version == AccountingSpool.schemaVersion + 1)
    }

    @Test func classValuesRoundTripThroughTheirEncoding() {
        let classes: [[UInt8]] = [[], [1], Array(repeating: 7, count: 253)]
        #expect(AccountingSpool.decodedClasses(AccountingSpool.encodedClasses(classes)) == classes)
        // A damaged tail is dropped, not read past.
        #expect(AccountingSpool.decodedClasses([0, 1, 9, 0, 5, 1]) == [[9]])
    }
}
