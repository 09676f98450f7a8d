import IKECrypto
import IKEWire
import Testing
import TestSupport
@testable import IKEEngine

/// IKE_SA_INIT between the engine's initiator and responder roles, and
/// against hand-built and hostile requests.
@Suite struct InitExchangeTests {
    let network = TestNetwork()

    func engine(_ configure: (inout EngineConfiguration) throws -> Void = { _ in }) throws -> IKEEngine {
        var configuration = EngineConfiguration()
        try configure(&configuration)
        return try IKEEngine(configuration: configuration, now: network.now)
    }

    func initDone(_ engine: IKEEngine, _ spi: UInt64) -> InitDoneState? {
        if case .initDone(let state)? = engine.sas[spi]?.state { state } else { nil }
    }

    /// Connects a client and a gateway and returns both SAs' states.
    func connect(client: IKEEngine, gateway: IKEEngine) throws -> (client: InitDoneState?, gateway: InitDoneState?, clientSPI: UInt64) {
        network.attach(client, at: TestNetwork.client)
        network.attach(gateway, at: TestNetwork.gateway)
        let (spi, actions) = try client.initiate(from: TestNetwork.client, to: TestNetwork.gateway, now: network.now)
        network.run(actions, from: client)
        let gatewaySPI = gateway.sas.keys.first ?? 0
        return (initDone(client, spi), initDone(gateway, gatewaySPI), spi)
    }

    private func sameKeys(_ a: IKESAKeys, _ b: IKESAKeys) -> Bool {
        [a.d, a.ai, a.ar, a.ei, a.er, a.pi, a.pr] == [b.d, b.ai, b.ar, b.ei, b.er, b.pi, b.pr]
    }

    @Test func defaultPeersAgreeOnKeysWithTheStrongestSuite() throws {
        let (client, gateway, _) = try connect(client: engine(), gateway: engine())
        let c = try #require(client), g = try #require(gateway)
        #expect(sameKeys(c.keys, g.keys))
        #expect(c.suite == g.suite && c.group == g.group)
        #expect(c.suite == (try IKECipherSuite(encryption: .aesGCM(.bits256, icv: .bytes16), integrity: nil, prf: .hmacSHA384)))
        #expect(c.group == .curve25519)
        #expect(c.initiatorMessage == g.initiatorMessage && c.responderMessage == g.responderMessage)
        #expect(c.nat == NATDetection.Result(peerBehindNAT: false, localBehindNAT: false))
        #expect(c.peerSupportsFragmentation && g.peerSupportsFragmentation)
        #expect(c.peerSignatureHashes == [.sha256, .sha384, .sha512])
        #expect(network.events.count == 2)
        // SK protection works across the pair.
        let header = IKEHeader(initiatorSPI: 1, responderSPI: 2, exchangeType: .informational, flags: .initiator, messageID: 1)
        let bytes = try c.protection.protect(header: header, payloads: [])
        #expect(try g.protection.unprotect(ReceivedIKEMessage(decoding: bytes)) == [])
    }

    @Test func responderSPIsCarryTheShard() throws {
        let gateway = try IKEEngine(configuration: EngineConfiguration(), shard: 7, now: network.now)
        _ = try connect(client: engine(), gateway: gateway)
        let spi = try #require(gateway.sas.keys.first)
        #expect(IKEEngine.shard(ofOurSPI: spi) == 7)
    }

    @Test func invalidKERoundTripUsesTheGroupTheResponderNames() throws {
        let client = try engine { $0.ikeProposals = [try IKEProposalPolicy(parsing: "aes256-sha256-modp1024-ecp256")] }
        let gateway = try engine { $0.ikeProposals = [try IKEProposalPolicy(parsing: "aes256-sha256-ecp256")] }
        let (c, g, spi) = try connect(client: client, gateway: gateway)
        #expect(try #require(c).group == .ecp256 && g?.group == .ecp256)
        let answers = try network.sent.filter { $0.local == TestNetwork.gateway }.map { try ReceivedIKEMessage(decoding: $0.message).message }
        #expect(answers.first?.payloads.notify(.invalidKEPayload)?.data == [0, 19])
        #expect(answers.first?.header.responderSPI == 0, "no state for the refused attempt")
        #expect(client.sas[spi] != nil && gateway.sas.count == 1)
    }

    @Test func cookieRoundTrip() throws {
        let gateway = try engine { $0.denialOfService.cookieThreshold = 0 }
        let (c, g, _) = try connect(client: engine(), gateway: gateway)
        #expect(c != nil && g != nil)
        let answers = try network.sent.filter { $0.local == TestNetwork.gateway }.map { try ReceivedIKEMessage(decoding: $0.message).message }
        #expect(answers.count == 2)
        #expect(answers[0].payloads.count == 1 && answers[0].payloads.notify(.cookie)?.data.count == CookieGenerator.length)
        // The retried request carries the cookie as its first payload.
        let retried = try ReceivedIKEMessage(decoding: network.sent.filter { $0.local == TestNetwork.client }[1].message).message
        #expect(retried.payloads.first?.type == .notify && retried.payloads.notify(.cookie) != nil)
    }

    @Test func forgedCookiesAreRefusedWithoutState() throws {
        let gateway = try engine { $0.denialOfService.cookieThreshold = 0 }
        let request = withCookie(Array(repeating: 0xAB, count: CookieGenerator.length), WindowsFixture.classicRequest())
        let actions = gateway.receive(InboundDatagram(local: TestNetwork.gateway, remote: TestNetwork.client, message: request), now: .zero)
        #expect(gateway.count == 0)
        guard case .send(let reply)? = actions.first else {
            Issue.record("no reply")
            return
        }
        #expect(try ReceivedIKEMessage(decoding: reply.message).message.payloads.notify(.cookie) != nil)
    }

    @Test func noProposalChosenEndsTheInitiatorSA() throws {
        let client = try engine { $0.ikeProposals = [try IKEProposalPolicy(parsing: "3des-sha1-modp1024")] }
        let gateway = try engine { $0.ikeProposals = DefaultProposals.strictIKE }
        let (c, _, spi) = try connect(client: client, gateway: gateway)
        #expect(c == nil && client.sas[spi] == nil && gateway.count == 0)
        #expect(network.events.contains { if case .failed(_, _, let reason) = $0 { reason.contains("NO_PROPOSAL_CHOSEN") } else { false } })
    }

    /// A reloaded configuration applies to the next exchange: the strict
    /// profile refuses Windows' default proposal that the default accepted.
    @Test func reconfigureAppliesToNewExchanges() throws {
        let gateway = try engine()
        let request = InboundDatagram(local: TestNetwork.gateway, remote: TestNetwork.client, message: WindowsFixture.classicRequest())
        #expect(gateway.receive(request, now: .zero).contains { if case .event(.keysEstablished) = $0 { true } else { false } })
        var strict = gateway.configuration
        strict.ikeProposals = DefaultProposals.strictIKE
        gateway.reconfigure(strict)
        var second = WindowsFixture.classicRequest()
        second[7] ^= 1  // another initiator SPI: a new exchange
        let actions = gateway.receive(InboundDatagram(local: TestNetwork.gateway, remote: TestNetwork.client, message: second), now: .zero)
        guard case .send(let reply)? = actions.first else { throw TestFailure("no reply") }
        #expect(try ReceivedIKEMessage(decoding: reply.message).message.payloads.notify(.noProposalChosen) != nil)
        #expect(gateway.count == 1, "the first SA stays")
    }

    /// An error type nobody registered, in a response, still means the
    /// request failed (RFC 7296 §3.10.1); Windows' code is in the reason.
    @Test func unknownErrorInAResponseFailsTheRequest() throws {
        let client = try engine()
        let gateway = try engine()
        network.path = { datagram in
            guard datagram.local == TestNetwork.gateway, var message = try? ReceivedIKEMessage(decoding: datagram.message).message else {
                return InboundDatagram(local: datagram.remote, remote: datagram.local, message: datagram.message)
            }
            message.payloads = [.notify(NotifyPayload(type: .microsoftStatus, data: [0x00, 0x00, 0x35, 0xE9]))]
            return InboundDatagram(local: datagram.remote, remote: datagram.local, message: message.encode())
        }
        let (c, _, spi) = try connect(client: client, gateway: gateway)
        #expect(c == nil && client.sas[spi] == nil)
        #expect(network.events.contains {
            if case .failed(_, _, let reason) = $0 { reason == "IKE_SA_INIT refused with MS_NOTIFY_STATUS(Windows error 13801)" } else { false }
        })
    }

    // MARK: - Windows requests

    @Test(arguments: [(WindowsFixture.classicRequest(), false), (WindowsFixture.windows11MultiTransformRequest(), true)])
    func windowsRequestsGetACompleteAnswer(_ request: [UInt8], _ fragmentation: Bool) throws {
        let gateway = try engine()
        let actions = gateway.receive(InboundDatagram(local: TestNetwork.gateway, remote: TestNetwork.client, message: request), now: .zero)
        guard case .send(let reply)? = actions.first else {
            Issue.record("no reply")
            return
        }
        let response = try ReceivedIKEMessage(decoding: reply.message).message
        #expect(response.header.flags == .response && response.header.responderSPI != 0)
        #expect(response.payloads.map(\.type) == [.securityAssociation, .keyExchange, .nonce, .notify, .notify] + (fragmentation ? [.notify] : []))
        let chosen = try #require(response.payloads.securityAssociation?.proposals.first)
        #expect(chosen.transforms == [.encryption(.aesCBC, keyLength: 256), .integrity(.hmacSHA256_128), .prf(.hmacSHA256), .keyExchange(.modp1024)])
        #expect(response.payloads.keyExchange?.data.count == 128 && response.payloads.nonce?.data.count == 32)
        #expect((response.payloads.notify(.fragmentationSupported) != nil) == fragmentation)
        #expect(!response.payloads.contains { $0.type == .vendorID }, "Windows needs no vendor IDs from us")
        // The fixture's NAT-D hashes are placeholders: both sides look NATed.
        let state = try #require(initDone(gateway, response.header.responderSPI))
        #expect(state.nat == NATDetection.Result(peerBehindNAT: true, localBehindNAT: true))
    }

    @Test func retransmittedRequestsGetTheSameAnswerAndNoNewSA() throws {
        let gateway = try engine()
        let inbound = InboundDatagram(local: TestNetwork.gateway, remote: TestNetwork.client, message: WindowsFixture.classicRequest())
        let sent = { (actions: [EngineAction]) in actions.compactMap { if case .send(let datagram) = $0 { datagram } else { nil } } }
        let first = sent(gateway.receive(inbound, now: .zero))
        let second = sent(gateway.receive(inbound, now: .zero))
        #expect(first.count == 1 && first == second && gateway.count == 1)
    }

    // MARK: - Limits and timers

    @Test func perSourceHalfOpenLimitDropsFurtherRequests() throws {
        let gateway = try engine { $0.denialOfService.halfOpenPerSource = 2 }
        network.attach(gateway, at: TestNetwork.gateway)
        let clients = try (0..<3).map { _ in try engine() }
        for client in clients {
            network.attach(client, at: TestNetwork.client)
            let (_, actions) = try client.initiate(from: TestNetwork.client, to: TestNetwork.gateway, now: network.now)
            network.run(actions, from: client)
        }
        #expect(gateway.count == 2 && gateway.halfOpenCount == 2)
    }

    @Test func halfOpenSAsTimeOutAndInitiatorsGiveUp() throws {
        let gateway = try engine()
        let client = try engine()
        network.attach(client, at: TestNetwork.client)
        network.attach(gateway, at: TestNetwork.gateway)
        let (_, actions) = try client.initiate(from: TestNetwork.client, to: TestNetwork.gateway, now: network.now)
        network.run(actions, from: client)
        #expect(gateway.count == 1 && client.count == 1)
        network.advance(by: .seconds(31))
        #expect(gateway.count == 0 && client.count == 0 && gateway.halfOpenCount == 0)
        #expect(network.events.filter { if case .failed = $0 { true } else { false } }.count == 2)
    }

    @Test func unansweredRequestsAreRetransmittedWithBackoffThenAbandoned() throws {
        let client = try engine { $0.denialOfService.halfOpenTimeout = .seconds(600) }
        network.attach(client, at: TestNetwork.client)
        let (_, actions) = try client.initiate(from: TestNetwork.client, to: TestNetwork.gateway, now: network.now)
        network.run(actions, from: client)
        var times: [EngineInstant] = [network.now]
        while client.count > 0, let next = client.nextWakeUp {
            network.advance(by: next.duration(since: network.now))
            if network.sent.count > times.count { times.append(network.now) }
        }
        #expect(network.sent.count == EngineConfiguration().retransmission.maximumTransmissions)
        #expect(Set(network.sent.map(\.message)).count == 1, "retransmissions repeat the request byte for byte")
        let gaps = zip(times.dropFirst(), times).map { $0.duration(since: $1) }
        #expect(gaps.first == .seconds(2) && zip(gaps.dropFirst(), gaps).allSatisfy { $0 > $1 })
    }

    // MARK: - Hostile requests

    private func withCookie(_ cookie: [UInt8], _ request: [UInt8]) -> [UInt8] {
        // COOKIE first (next payload SA = 33), then the original chain.
        let notify = Wire.payload(next: 33, Wire.notify(type: 16390, data: cookie))
        let body = notify + request[28...]
        return Wire.header(spiI: WindowsFixture.initiatorSPI, spiR: 0, next: 41, exchange: 34, flags: 0x08, messageID: 0,
                           bodyLength: body.count) + body
    }

    /// A one-proposal request with the given KE group and data.
    private func request(keGroup: Int, keData: [UInt8], extra: [UInt8] = [], extraType: UInt8 = 0, critical: Bool = false) -> [UInt8] {
        let proposal = Wire.proposal(last: true, number: 1, protocolID: 1, transforms: [
            Wire.transform(last: false, type: 1, id: 12, keyLength: 128), Wire.transform(last: false, type: 3, id: 12),
            Wire.transform(last: false, type: 2, id: 5), Wire.transform(last: false, type: 4, id: 19),
            Wire.transform(last: true, type: 4, id: 14),
        ])
        var body = Wire.payload(next: 34, proposal) + Wire.payload(next: 40, be16(keGroup) + [0, 0] + keData)
        body += Wire.payload(next: extra.isEmpty ? 0 : extraType, Array(repeating: 7, count: 32))
        if !extra.isEmpty { body += Wire.payload(next: 0, critical: critical, extra) }
        return Wire.header(spiI: 0x1111, spiR: 0, next: 33, exchange: 34, flags: 0x08, messageID: 0, bodyLength: body.count) + body
    }

    private func reply(_ gateway: IKEEngine, _ message: [UInt8]) throws -> IKEMessage? {
        let actions = gateway.receive(InboundDatagram(local: TestNetwork.gateway, remote: TestNetwork.client, message: message), now: .zero)
        guard case .send(let reply)? = actions.first else { return nil }
        return try ReceivedIKEMessage(decoding: reply.message).message
    }

    @Test func keGroup1025GetsINVALIDKE() throws {
        let gateway = try engine()
        let answer = try reply(gateway, request(keGroup: 1025, keData: Array(repeating: 1, count: 64)))
        #expect(answer?.payloads.notify(.invalidKEPayload)?.data == [0, 19])
        #expect(gateway.count == 0)
    }

    @Test(arguments: [[UInt8](repeating: 0, count: 64), [UInt8](repeating: 1, count: 63), [UInt8](repeating: 0xFF, count: 64)])
    func invalidPublicValuesCreateNoSA(_ keData: [UInt8]) throws {
        let gateway = try engine()
        #expect(try reply(gateway, request(keGroup: 19, keData: keData)) == nil)
        #expect(gateway.count == 0 && gateway.halfOpenCount == 0)
    }

    @Test func unknownCriticalPayloadIsAnsweredWithItsType() throws {
        let gateway = try engine()
        let valid = try KeyExchangePrivateKey(group: .ecp256).publicValue
        let answer = try reply(gateway, request(keGroup: 19, keData: valid, extra: [1, 2, 3], extraType: 200, critical: true))
        #expect(answer?.payloads.notify(.unsupportedCriticalPayload)?.data == [200])
        // Without the critical bit the payload is skipped and the SA is made.
        let accepted = try reply(gateway, request(keGroup: 19, keData: valid, extra: [1, 2, 3], extraType: 200))
        #expect(accepted?.payloads.securityAssociation != nil && gateway.count == 1)
    }

    @Test func newerMajorVersionIsAnswered() throws {
        var message = WindowsFixture.classicRequest()
        message[17] = 0x30
        let gateway = try engine()
        let actions = gateway.receive(InboundDatagram(local: TestNetwork.gateway, remote: TestNetwork.client, message: message), now: .zero)
        guard case .send(let reply)? = actions.first else {
            Issue.record("no reply")
            return
        }
        #expect(try ReceivedIKEMessage(decoding: reply.message).message.payloads.notify(.invalidMajorVersion) != nil)
        message[17] = 0x10  // IKEv1: silence
        #expect(gateway.receive(InboundDatagram(local: TestNetwork.gateway, remote: TestNetwork.client, message: message), now: .zero).isEmpty)
    }

    @Test func natIsDetectedWhenTheClientsAddressIsRewritten() throws {
        let translated = Endpoint(address: .v4(IPv4Address(198, 51, 100, 7)), port: 4_500)
        network.path = { datagram in
            // A NAT between client and gateway rewrites the client's address both ways.
            if datagram.remote == TestNetwork.gateway {
                return InboundDatagram(local: datagram.remote, remote: translated, message: datagram.message)
            }
            return InboundDatagram(local: TestNetwork.client, remote: datagram.local, message: datagram.message)
        }
        let (c, g, _) = try connect(client: engine(), gateway: engine())
        #expect(g?.nat == NATDetection.Result(peerBehindNAT: true, localBehindNAT: false))
        #expect(c?.nat == NATDetection.Result(peerBehindNAT: false, localBehindNAT: true))
    }
}
