import IKECrypto
import RADIUS
import Testing
@testable import RADIUSClient
import TestSupport

/// One server: answers, retransmissions, and replies that must not end a
/// request (forged, wrong identifier, wrong source, wrong kind).
@Suite(.timeLimit(.minutes(1))) struct RADIUSClientExchangeTests {
    @Test func accessRequestIsSignedAndItsVerifiedAnswerReturned() async throws {
        let server = try await FakeRADIUSServer.start(behaviour: FakeRADIUSServer.answering())
        let client = try Fixture.client([server.radiusServer()], settings: Fixture.settings(timeout: .seconds(2)))
        let reply = try await client.send(Fixture.accessRequest())
        let sent = try #require(server.datagrams.first)
        // The fake answers only requests whose Message-Authenticator verifies.
        let request = try RADIUSPacket.verifiedRequest(sent.octets, secret: server.secret)
        #expect(try request.first(.userName)?.text() == "ralph")
        #expect(request.authenticator != [UInt8](repeating: 0xAA, count: 16))
        #expect(reply.packet.code == .accessAccept)
        #expect(reply.packet.identifier == request.identifier)
        #expect(reply.message == "genuine")
        #expect(reply.server == server.radiusServer())
        #expect(reply.requestAuthenticator == request.authenticator)
        await client.shutdown()
        await server.stop()
    }

    @Test func unansweredRequestIsRetransmittedAsIdenticalOctets() async throws {
        let server = try await FakeRADIUSServer.start(behaviour: FakeRADIUSServer.answering(ignoring: 2))
        let client = try Fixture.client([server.radiusServer()], settings: Fixture.settings(timeout: .milliseconds(50), attempts: 6))
        let started = ContinuousClock.now
        let reply = try await client.send(Fixture.accessRequest())
        #expect(reply.message == "genuine")
        let datagrams = server.datagrams
        try #require(datagrams.count >= 3)
        // RFC 5080 §2.2.1: same identifier, same authenticator, same octets.
        #expect(datagrams.allSatisfy { $0.octets == datagrams[0].octets })
        #expect(reply.requestAuthenticator == Array(datagrams[0].octets[4..<20]))
        // Timers never fire early, so the backoff shows as lower bounds from
        // the start (gaps between arrivals shrink when one is delayed): the
        // third send follows waits of 50 and 100 ms.
        #expect(datagrams[1].received - started >= .milliseconds(50))
        #expect(datagrams[2].received - started >= .milliseconds(150))
        await client.shutdown()
        await server.stop()
    }

    @Test func forgedRepliesAreDroppedAndTheRequestKeepsWaiting() async throws {
        let wrongSecret = SecretBytes(Array("not-the-secret".utf8))
        let server = try await FakeRADIUSServer.start()
        server.setBehaviour { [secret = server.secret] history in
            guard history.count == 1, let request = history.last,
                  let forged = FakeRADIUSServer.answer(to: request.octets, secret: secret, message: "forged", signingSecret: wrongSecret),
                  var tampered = FakeRADIUSServer.answer(to: request.octets, secret: secret, message: "tampered"),
                  let genuine = FakeRADIUSServer.answer(to: request.octets, secret: secret, message: "genuine") else { return [] }
            tampered[tampered.count - 1] ^= 1
            return [(forged, request.source), (tampered, request.source), (genuine, request.source)]
        }
        let (logger, logs) = RecordingLogHandler.logger()
        let client = try Fixture.client([server.radiusServer()], settings: Fixture.settings(timeout: .seconds(5)), logger: logger)
        let reply = try await client.send(Fixture.accessRequest())
        #expect(reply.message == "genuine")
        #expect(server.datagrams.count == 1)
        // Logged once (the second is within the rate limit), without secrets.
        let warnings = logs.all.filter { $0.level == .warning }
        #expect(warnings.count == 1)
        #expect(warnings.first?.message.contains("failed verification") == true)
        #expect(!logs.all.contains { $0.text.contains("fake-radius-secret") || $0.text.contains("not-the-secret") })
        await client.shutdown()
        await server.stop()
    }

    @Test func replyWithAnotherIdentifierIsIgnored() async throws {
        let server = try await FakeRADIUSServer.start()
        server.setBehaviour { [secret = server.secret] history in
            guard history.count == 1, let request = history.last,
                  let wrong = FakeRADIUSServer.answer(to: request.octets, secret: secret, message: "wrong-identifier",
                                                      identifier: request.octets[1] &+ 1),
                  let genuine = FakeRADIUSServer.answer(to: request.octets, secret: secret, message: "genuine") else { return [] }
            return [(wrong, request.source), (genuine, request.source)]
        }
        let client = try Fixture.client([server.radiusServer()], settings: Fixture.settings(timeout: .seconds(5)))
        let reply = try await client.send(Fixture.accessRequest())
        #expect(reply.message == "genuine")
        #expect(server.datagrams.count == 1)
        await client.shutdown()
        await server.stop()
    }

    @Test func validReplyFromAnotherPortIsIgnored() async throws {
        let server = try await FakeRADIUSServer.start()
        let spoofer = try await FakeRADIUSServer.start()
        let client = try Fixture.client([server.radiusServer()], settings: Fixture.settings(timeout: .seconds(5)))
        async let reply = client.send(Fixture.accessRequest())
        try #require(await server.waitForDatagrams(1))
        let request = server.datagrams[0]
        // Signed with the right secret and authenticator, but not from the
        // server the request went to (RFC 5080 §2.2.2).
        spoofer.send(try #require(FakeRADIUSServer.answer(to: request.octets, secret: server.secret, message: "spoofed")), to: request.source)
        try await Task.sleep(for: .milliseconds(50))
        server.send(try #require(FakeRADIUSServer.answer(to: request.octets, secret: server.secret, message: "genuine")), to: request.source)
        #expect(try await reply.message == "genuine")
        #expect(server.datagrams.count == 1)
        await client.shutdown()
        await server.stop()
        await spoofer.stop()
    }

    @Test func accountingRequestIsSignedAndOnlyAVerifiedAccountingResponseAnswersIt() async throws {
        let wrongSecret = SecretBytes(Array("not-the-secret".utf8))
        let server = try await FakeRADIUSServer.start()
        server.setBehaviour { [secret = server.secret] history in
            guard history.count == 1, let request = history.last,
                  // Signed right, but an Access-Accept does not answer accounting.
                  let wrongKind = FakeRADIUSServer.answer(to: request.octets, secret: secret, message: "wrong-kind", code: .accessAccept),
                  let forged = FakeRADIUSServer.answer(to: request.octets, secret: secret, message: "forged", signingSecret: wrongSecret),
                  let genuine = FakeRADIUSServer.answer(to: request.octets, secret: secret, message: "genuine") else { return [] }
            return [(wrongKind, request.source), (forged, request.source), (genuine, request.source)]
        }
        let client = try Fixture.client([server.radiusServer()], settings: Fixture.settings(timeout: .seconds(5)))
        let reply = try await client.send(Fixture.accountingRequest())
        let sent = try #require(server.datagrams.first)
        let request = try RADIUSPacket.verifiedAccountingRequest(sent.octets, secret: server.secret)
        #expect(try request.first(.acctSessionID)?.text() == "session-1")
        #expect(reply.packet.code == .accountingResponse)
        #expect(reply.message == "genuine")
        #expect(reply.requestAuthenticator == Array(sent.octets[4..<20]))
        #expect(server.datagrams.count == 1)
        await client.shutdown()
        await server.stop()
    }

    @Test func onlyRequestCodesAreSent() async throws {
        let server = try await FakeRADIUSServer.start()
        let client = try Fixture.client([server.radiusServer()])
        var accept = Fixture.accessRequest()
        accept.code = .accessAccept
        await #expect(throws: RADIUSClientError.unsupportedCode(.accessAccept)) { try await client.send(accept) }
        #expect(server.datagrams.isEmpty)
        await client.shutdown()
        await server.stop()
    }

    @Test func shutdownFailsWaitingRequestsAndLaterOnes() async throws {
        let server = try await FakeRADIUSServer.start()
        // One socket, so the 257th request waits for an identifier: both
        // kinds of waiting must end.
        let client = try Fixture.client([server.radiusServer()], settings: Fixture.settings(timeout: .seconds(20), maximumSockets: 1))
        let started = ContinuousClock.now
        let results = Task {
            await withTaskGroup(of: Result<RADIUSReply, RADIUSClientError>.self) { group in
                for index in 0..<257 {
                    group.addTask {
                        do throws(RADIUSClientError) { return .success(try await client.send(Fixture.accessRequest(user: "u\(index)"))) }
                        catch { return .failure(error) }
                    }
                }
                return await group.reduce(into: []) { $0.append($1) }
            }
        }
        try #require(await server.waitForDatagrams(256))
        await client.shutdown()
        let outcomes = await results.value
        #expect(outcomes.count == 257)
        #expect(outcomes.allSatisfy { if case .failure(.shutDown) = $0 { true } else { false } })
        #expect(ContinuousClock.now - started < .seconds(10))
        #expect(server.datagrams.count == 256)
        await #expect(throws: RADIUSClientError.shutDown) { try await client.send(Fixture.accessRequest()) }
        await server.stop()
    }
}
