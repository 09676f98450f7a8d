import NIOCore
import RADIUS
import Testing
@testable import RADIUSClient

/// Identifiers and sockets under load: 256 outstanding requests per socket
/// (RFC 2865 §3's one-octet Identifier), then another socket, and at the
/// socket limit a wait for a free identifier.
@Suite(.timeLimit(.minutes(1))) struct RADIUSClientSocketTests {
    @Test func moreThan256ConcurrentRequestsUseASecondSocket() async throws {
        let count = 300
        let server = try await FakeRADIUSServer.start()
        // Held until all are in, so all are outstanding at once.
        server.setBehaviour { [secret = server.secret] history in
            guard history.count == count else { return [] }
            return history.compactMap { datagram in
                FakeRADIUSServer.answer(to: datagram.octets, secret: secret, message: "genuine").map { ($0, datagram.source) }
            }
        }
        let client = try Fixture.client([server.radiusServer()], settings: Fixture.settings(timeout: .seconds(20)))
        let replies = try await sendConcurrently(count, through: client)
        #expect(replies.count == count)
        #expect(replies.allSatisfy { $0.message == "genuine" })
        let datagrams = server.datagrams
        #expect(datagrams.count == count)
        let bySocket = Dictionary(grouping: datagrams) { $0.source.port ?? 0 }
        #expect(bySocket.count == 2)
        #expect(bySocket.values.map(\.count).sorted() == [count - 256, 256])
        for datagrams in bySocket.values {
            #expect(Set(datagrams.map { $0.octets[1] }).count == datagrams.count)
        }
        await client.shutdown()
        await server.stop()
    }

    @Test func atTheSocketLimitRequestsWaitForAFreeIdentifier() async throws {
        let count = 300
        let server = try await FakeRADIUSServer.start()
        // Nothing is answered until 256 are outstanding; from then on every
        // request is answered at once, which frees identifiers for the rest.
        server.setBehaviour { [secret = server.secret] history in
            let answerable = history.count < 256 ? [] : history.count == 256 ? history : [history.last!]
            return answerable.compactMap { datagram in
                FakeRADIUSServer.answer(to: datagram.octets, secret: secret, message: "genuine").map { ($0, datagram.source) }
            }
        }
        let client = try Fixture.client([server.radiusServer()], settings: Fixture.settings(timeout: .seconds(20), maximumSockets: 1))
        let replies = try await sendConcurrently(count, through: client)
        #expect(replies.count == count)
        #expect(replies.allSatisfy { $0.message == "genuine" })
        let datagrams = server.datagrams
        #expect(datagrams.count == count)
        #expect(Set(datagrams.map { $0.source.port }).count == 1)
        // The first 256 were outstanding together, so they all differ.
        #expect(Set(datagrams.prefix(256).map { $0.octets[1] }).count == 256)
        await client.shutdown()
        await server.stop()
    }

    private func sendConcurrently(_ count: Int, through client: RADIUSClient) async throws -> [RADIUSReply] {
        try await withThrowingTaskGroup(of: RADIUSReply.self) { group in
            for index in 0..<count {
                group.addTask { try await client.send(Fixture.accessRequest(user: "user\(index)")) }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
    }
}
