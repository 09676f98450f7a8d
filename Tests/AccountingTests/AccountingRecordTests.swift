import Foundation
import IKEWire
import RADIUS
import Testing
@testable import Accounting

/// The attributes of each record kind (RFC 2866 §5, RFC 2869 §5), as the
/// transport receives them.
@Suite struct AccountingRecordTests {
    let fixture: AccountingFixture
    init() throws { fixture = try AccountingFixture() }

    @Test func accountingOnAndStartCarryTheNASAndSessionAttributes() async throws {
        let server = FakeAccountingServer()
        let service = try fixture.service(transport: server)
        await service.start()
        await service.sessionStarted(fixture.session("s1"))
        #expect(await eventually { await server.acknowledged.count == 2 })
        let sent = await server.acknowledged
        let timestamp = UInt32(fixture.clock.now.timeIntervalSince1970)

        let on = sent[0]
        #expect(on.code == .accountingRequest)
        #expect(on.attributes.map(\.type) == [.acctStatusType, .acctSessionID, .nasIdentifier, .nasIPAddress, .nasIPv6Address,
                                              .eventTimestamp, .acctDelayTime])
        #expect(on.integer(.acctStatusType) == 7)
        #expect(!on.sessionID.isEmpty, "RFC 2866 §5.13: every Accounting-Request has an Acct-Session-Id")

        let start = sent[1]
        #expect(start.attributes.map(\.type) == [
            .acctStatusType, .acctSessionID, .userName, .nasIdentifier, .nasIPAddress, .nasIPv6Address, .nasPortType,
            .serviceType, .calledStationID, .callingStationID, .framedIPAddress, .framedIPv6Address, .class, .class,
            .eventTimestamp, .acctDelayTime,
        ])
        #expect(start.integer(.acctStatusType) == 1)
        #expect(start.sessionID == "s1")
        #expect(try start.first(.userName)?.text() == "user-s1")
        #expect(try start.first(.nasIdentifier)?.text() == "gatehouse-test")
        #expect(try start.first(.nasIPAddress)?.ipv4Address() == IPv4Address(203, 0, 113, 1))
        #expect(try start.first(.nasIPv6Address)?.ipv6Address() == IPv6Address("2001:db8::1"))
        #expect(start.integer(.nasPortType) == 5, "Virtual")
        #expect(start.integer(.serviceType) == 2, "Framed")
        #expect(try start.first(.calledStationID)?.text() == "203.0.113.1")
        #expect(try start.first(.callingStationID)?.text() == "198.51.100.7[4500]")
        #expect(try start.first(.framedIPAddress)?.ipv4Address() == IPv4Address(198, 18, 0, 9))
        #expect(try start.first(.framedIPv6Address)?.ipv6Address() == IPv6Address("2001:db8:ffff::9"))
        #expect(start.attributes(ofType: .class).map(\.value) == [Array("class-s1".utf8), [0, 1, 2]])
        #expect(start.integer(.eventTimestamp) == timestamp)
        #expect(start.integer(.acctDelayTime) == 0)
        await service.stop(drainTimeout: .seconds(5))
    }

    /// Octet counts over 2^32 go out as the low 32 bits and Gigawords (RFC
    /// 2869 §5.1, §5.2); the Stop has the session time and the cause.
    @Test func stopSplitsOctetsIntoGigawordsAndCarriesTimeAndCause() async throws {
        let server = FakeAccountingServer()
        let service = try fixture.service(transport: server)
        await service.start()
        await service.sessionStarted(fixture.session("s1"))
        fixture.clock.advance(by: 125.7)
        let counters = AccountingCounters(inputOctets: 5 << 32 | 7, outputOctets: 0xFFFF_FFFF, inputPackets: 1 << 32 | 3, outputPackets: 42)
        await service.sessionStopped(sessionID: "s1", counters: counters, cause: .sessionTimeout)
        #expect(await eventually { await server.acknowledged.count == 3 })
        let stop = try #require(await server.acknowledged.last)
        #expect(stop.status == .stop)
        #expect(stop.integer(.acctSessionTime) == 125)
        #expect(stop.integer(.acctInputOctets) == 7)
        #expect(stop.integer(.acctInputGigawords) == 5)
        #expect(stop.integer(.acctOutputOctets) == 0xFFFF_FFFF)
        #expect(stop.integer(.acctOutputGigawords) == 0)
        #expect(stop.integer(.acctInputPackets) == 3)
        #expect(stop.integer(.acctOutputPackets) == 42)
        #expect(stop.integer(.acctTerminateCause) == 5)
        #expect(stop.integer(.eventTimestamp) == UInt32(fixture.clock.now.timeIntervalSince1970))
        #expect(stop.attributes(ofType: .class).count == 2)
        #expect(try stop.first(.framedIPAddress)?.ipv4Address() == IPv4Address(198, 18, 0, 9))
        await service.stop(drainTimeout: .seconds(5))
    }

    @Test func counterAttributesSplitAtThirtyTwoBits() throws {
        let attributes = AccountingRecordBuilder.counterAttributes(
            AccountingCounters(inputOctets: 0x1_2345_6789, outputOctets: UInt64.max, inputPackets: 0, outputPackets: 1))
        let values = try attributes.map { ($0.type, try $0.integer()) }
        #expect(values.map(\.0) == [.acctInputOctets, .acctInputGigawords, .acctOutputOctets, .acctOutputGigawords,
                                    .acctInputPackets, .acctOutputPackets])
        #expect(values.map(\.1) == [0x2345_6789, 1, 0xFFFF_FFFF, 0xFFFF_FFFF, 0, 1])
    }

    /// RFC 2866 §5.2: Acct-Delay-Time is how long the gateway has been
    /// trying; each attempt is built again with the current delay, and the
    /// Event-Timestamp stays the event's.
    @Test func acctDelayTimeGrowsWithEachAttempt() async throws {
        let clock = fixture.clock
        let server = FakeAccountingServer { clock.advance(by: 5) }
        await server.setFailures(3)
        let service = try fixture.service(transport: server)
        let eventTime = UInt32(clock.now.timeIntervalSince1970)
        await service.start()
        #expect(await eventually { await server.acknowledged.count == 1 })
        let attempts = await server.attempts
        #expect(attempts.map { $0.integer(.acctDelayTime) } == [0, 5, 10, 15])
        #expect(attempts.allSatisfy { $0.integer(.eventTimestamp) == eventTime && $0.status == .accountingOn })
        #expect(Set(attempts.map(\.sessionID)).count == 1)
        await service.stop(drainTimeout: .seconds(5))
    }

    /// A record that could never be encoded is refused when it is made,
    /// not spooled to block its session.
    @Test func anUnencodableRecordIsDroppedBeforeTheSpool() async throws {
        let server = FakeAccountingServer()
        let service = try fixture.service(transport: server)
        var session = fixture.session("s1")
        session.userName = String(repeating: "x", count: 300)
        await service.sessionStarted(session)
        #expect(await service.pendingRecords == 0)
        await service.sessionStopped(sessionID: "s1", counters: .zero, cause: .userRequest)
        #expect(await service.pendingRecords == 0)
    }
}
