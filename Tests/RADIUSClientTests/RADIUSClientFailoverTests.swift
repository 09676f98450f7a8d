import RADIUS
import Testing
@testable import RADIUSClient

/// Several servers: priority order, failover, dead servers skipped and
/// probed again, and pinning to the server that holds a conversation.
@Suite(.timeLimit(.minutes(1))) struct RADIUSClientFailoverTests {
    @Test func silentFirstServerFailsOverToTheSecond() async throws {
        let first = try await FakeRADIUSServer.start()
        let second = try await FakeRADIUSServer.start(behaviour: FakeRADIUSServer.answering())
        // Listed in the wrong order: priority decides.
        let client = try Fixture.client([second.radiusServer(priority: 2), first.radiusServer(priority: 1)],
                                        settings: Fixture.settings(timeout: .milliseconds(50), attempts: 2))
        let reply = try await client.send(Fixture.accessRequest())
        #expect(reply.server == second.radiusServer(priority: 2))
        #expect(reply.message == "genuine")
        #expect(first.datagrams.count == 2)
        let firstOctets = try #require(first.datagrams.first?.octets)
        let secondOctets = try #require(second.datagrams.first?.octets)
        // A fresh Request Authenticator for each server (RFC 2865 §3).
        #expect(firstOctets[4..<20] != secondOctets[4..<20])
        #expect(reply.requestAuthenticator == Array(secondOctets[4..<20]))
        #expect(client.serverStates.map(\.alive) == [false, true])
        #expect(client.serverStates.map(\.server) == [first.radiusServer(priority: 1), second.radiusServer(priority: 2)])
        await client.shutdown()
        await first.stop()
        await second.stop()
    }

    @Test func deadServerIsSkippedThenProbedAfterDeadTime() async throws {
        let first = try await FakeRADIUSServer.start()
        let second = try await FakeRADIUSServer.start(behaviour: FakeRADIUSServer.answering())
        let client = try Fixture.client([first.radiusServer(priority: 1), second.radiusServer(priority: 2)],
                                        settings: Fixture.settings(timeout: .milliseconds(50), attempts: 2, deadTime: .seconds(1)))
        _ = try await client.send(Fixture.accessRequest())
        #expect(first.datagrams.count == 2)
        // Dead: the next request goes straight to the second server.
        let skipping = try await client.send(Fixture.accessRequest())
        #expect(skipping.server == second.radiusServer(priority: 2))
        #expect(first.datagrams.count == 2)
        // After the dead time it is tried again, and its answer revives it.
        first.setBehaviour(FakeRADIUSServer.answering(ignoring: 2, message: "first"))
        try await Task.sleep(for: .milliseconds(1100))
        let probing = try await client.send(Fixture.accessRequest())
        #expect(probing.server == first.radiusServer(priority: 1))
        #expect(probing.message == "first")
        #expect(first.datagrams.count >= 3)
        #expect(client.serverStates.map(\.alive) == [true, true])
        await client.shutdown()
        await first.stop()
        await second.stop()
    }

    @Test func onlyOneRequestProbesAServerWhoseDeadTimeIsOver() async throws {
        let first = try await FakeRADIUSServer.start()
        let second = try await FakeRADIUSServer.start(behaviour: FakeRADIUSServer.answering())
        let client = try Fixture.client([first.radiusServer(priority: 1), second.radiusServer(priority: 2)],
                                        settings: Fixture.settings(timeout: .milliseconds(50), attempts: 2, deadTime: .seconds(1)))
        _ = try await client.send(Fixture.accessRequest())
        #expect(first.datagrams.count == 2)
        try await Task.sleep(for: .milliseconds(1100))
        // Still down: of four requests starting together one probes it, the
        // others go straight to the second server.
        let replies = try await withThrowingTaskGroup(of: RADIUSReply.self) { group in
            for index in 0..<4 { group.addTask { try await client.send(Fixture.accessRequest(user: "u\(index)")) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(replies.allSatisfy { $0.server == second.radiusServer(priority: 2) })
        #expect(first.datagrams.count == 4)
        #expect(client.serverStates.map(\.alive) == [false, true])
        await client.shutdown()
        await first.stop()
        await second.stop()
    }

    @Test func whenEveryServerIsDeadEveryServerIsStillTried() async throws {
        let first = try await FakeRADIUSServer.start()
        let second = try await FakeRADIUSServer.start()
        let servers = [first.radiusServer(priority: 1), second.radiusServer(priority: 2)]
        let client = try Fixture.client(servers, settings: Fixture.settings(timeout: .milliseconds(30), attempts: 1))
        await #expect(throws: RADIUSClientError.noServerAnswered(servers)) { try await client.send(Fixture.accessRequest()) }
        #expect(client.serverStates.map(\.alive) == [false, false])
        await #expect(throws: RADIUSClientError.noServerAnswered(servers)) { try await client.send(Fixture.accessRequest()) }
        // The last send was 30 ms ago: the fake may not have read it yet.
        #expect(await first.waitForDatagrams(2) && first.datagrams.count == 2)
        #expect(await second.waitForDatagrams(2) && second.datagrams.count == 2)
        await client.shutdown()
        await first.stop()
        await second.stop()
    }

    @Test func pinnedRequestGoesOnlyToItsServerAndFailsWhenItIsLost() async throws {
        let first = try await FakeRADIUSServer.start()
        let second = try await FakeRADIUSServer.start(behaviour: FakeRADIUSServer.answering())
        let client = try Fixture.client([first.radiusServer(priority: 1), second.radiusServer(priority: 2)],
                                        settings: Fixture.settings(timeout: .milliseconds(50), attempts: 2))
        // Pinned to the second, the preferred first one is not contacted.
        let reply = try await client.send(Fixture.accessRequest(), pinnedTo: second.radiusServer(priority: 2))
        #expect(reply.server == second.radiusServer(priority: 2))
        #expect(first.datagrams.isEmpty)
        // Pinned to the silent one: lost, and no failover.
        await #expect(throws: RADIUSClientError.pinnedServerLost(first.radiusServer(priority: 1))) {
            try await client.send(Fixture.accessRequest(), pinnedTo: first.radiusServer(priority: 1))
        }
        #expect(await first.waitForDatagrams(2) && first.datagrams.count == 2)
        // The second server saw the first request only (a retransmission of
        // it, on a loaded machine, is fine), never the second one.
        let firstRequest = second.datagrams.first.map { Array($0.octets[4..<20]) }
        #expect(second.datagrams.allSatisfy { Array($0.octets[4..<20]) == firstRequest })
        await client.shutdown()
        await first.stop()
        await second.stop()
    }

    @Test func pinningToAnUnconfiguredServerIsRefused() async throws {
        let server = try await FakeRADIUSServer.start(behaviour: FakeRADIUSServer.answering())
        let client = try Fixture.client([server.radiusServer(priority: 1)])
        // Same address and port, other priority: not the configured server.
        let stranger = server.radiusServer(priority: 7)
        await #expect(throws: RADIUSClientError.unknownServer(stranger)) { try await client.send(Fixture.accessRequest(), pinnedTo: stranger) }
        #expect(server.datagrams.isEmpty)
        await client.shutdown()
        await server.stop()
    }
}
