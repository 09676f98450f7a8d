import EAP
import IKECrypto
import IKEWire
import Testing
import TestSupport
@testable import IKEEngine

/// IKE_AUTH with EAP-GTC, a method without MSK: both sides key their AUTH
/// payloads with SK_pi/SK_pr (RFC 7296 §2.16), and Legacy Nak negotiation.
@Suite struct GTCAuthExchangeTests {
    let network = TestNetwork()
    let pool = AddressPool(subnet: IPv4Subnet("198.18.0.0/24")!)

    /// The gateway with the runtime's own EAP sessions (``EAPSessionTable``)
    /// offering `methods`, and one user, alice/secret.
    func gateway(allowing methods: [EAPMethodKind]) throws -> IKEEngine {
        network.authentication.sessions = EAPSessionTable(methods: methods)
        try network.authentication.addUser("alice", password: "secret")
        let engine = try IKEEngine(configuration: AuthExchangeTests.gatewayConfiguration, addresses: VirtualAddressPools(ipv4: pool),
                                   now: network.now)
        network.attach(engine, at: TestNetwork.gateway)
        return engine
    }

    /// The EAP Responses the gateway's service received, in order.
    var responses: [EAPMessage] {
        network.authenticationSteps.compactMap { if case .response(let message) = $0 { message } else { nil } }
    }

    func connect(methods: [EAPMethodKind], password: String = "secret") throws -> (IKEEngine, UInt64) {
        let client = try IKEEngine(configuration: EngineConfiguration(), now: network.now)
        network.attach(client, at: TestNetwork.client)
        var credentials = AuthExchangeTests.credentials("alice", password)
        credentials.eapMethods = methods
        let (spi, actions) = try client.initiate(from: TestNetwork.client, to: TestNetwork.gateway, credentials: credentials, now: network.now)
        network.run(actions, from: client)
        return (client, spi)
    }

    var establishedUsers: [String] {
        network.events.compactMap { if case .established(_, _, let authorization, _) = $0 { authorization.userName } else { nil } }
    }

    static func ike(of sa: IKESA?) throws -> InitDoneState {
        guard case .established(let state)? = sa?.state else { throw TestFailure("SA not established") }
        return state.ike
    }

    /// The established SA's IKE state with what IKE_AUTH read put back from
    /// the wire: an established SA keeps neither the IKE_SA_INIT messages
    /// nor the nonces.
    func withHandshake(_ ike: InitDoneState) throws -> InitDoneState {
        #expect(ike.initiatorMessage.isEmpty && ike.responderMessage.isEmpty && ike.initiatorNonce.isEmpty && !ike.protection.keepsContexts,
                "an established SA holds no handshake-only state")
        let inits = try network.sent.map { try ReceivedIKEMessage(decoding: $0.message) }.filter { $0.message.header.exchangeType == .ikeSAInit }
        let request = try #require(inits.last { !$0.message.header.flags.contains(.response) })
        let response = try #require(inits.last { $0.message.header.flags.contains(.response) })
        func nonce(_ received: ReceivedIKEMessage) throws -> [UInt8] {
            try #require(received.message.payloads.lazy.compactMap { if case .nonce(let nonce) = $0 { Array(nonce.data) } else { nil } }.first)
        }
        return InitDoneState(suite: ike.suite, group: ike.group, keys: ike.keys, protection: ike.protection,
                             initiatorNonce: try nonce(request), responderNonce: try nonce(response),
                             initiatorMessage: Array(request.octets), responderMessage: Array(response.octets), nat: ike.nat,
                             peerSupportsFragmentation: ike.peerSupportsFragmentation, peerSignatureHashes: ike.peerSignatureHashes)
    }

    /// The shared-key AUTH payloads on the wire, decrypted: the client's
    /// (message 7) and the gateway's (message 8).
    func sharedKeyAuths(client: InitDoneState, gateway: InitDoneState) throws -> (AuthenticationPayload, AuthenticationPayload) {
        var fromClient: AuthenticationPayload?
        var fromGateway: AuthenticationPayload?
        for datagram in network.sent {
            let received = try ReceivedIKEMessage(decoding: datagram.message)
            guard case .encrypted? = received.message.payloads.last else { continue }
            let byClient = datagram.local == TestNetwork.client
            let payloads = try (byClient ? gateway : client).protection.unprotect(received)
            guard let auth = payloads.authentication, auth.method == .sharedKeyMIC else { continue }
            if byClient { fromClient = auth } else { fromGateway = auth }
        }
        return (try #require(fromClient), try #require(fromGateway))
    }

    @Test func gtcHandshakeKeysBothAUTHPayloadsWithSKpiAndSKpr() throws {
        let gateway = try gateway(allowing: [.gtc])
        let (client, spi) = try connect(methods: [.gtc])

        #expect(establishedUsers == ["alice", "alice"])
        let clientIKE = try withHandshake(try Self.ike(of: client.sas[spi]))
        let gatewayIKE = try Self.ike(of: gateway.sas.values.first)
        #expect(responses.map(\.type) == [.gtc])
        #expect(responses.first?.data.elementsEqual("secret".utf8) == true)

        // RFC 7296 §2.16: message 7 keyed with SK_pi, message 8 with SK_pr.
        let (seven, eight) = try sharedKeyAuths(client: clientIKE, gateway: gatewayIKE)
        let prf = clientIKE.suite.prf
        let octets7 = try clientIKE.initiatorSignedOctets(identity: AuthExchangeTests.credentials("alice", "").identity)
        let octets8 = try clientIKE.responderSignedOctets(identity: .fqdn(GatewayFixture.name))
        #expect(try SharedKeyAuthentication.verify(seven.data, secret: clientIKE.keys.pi, prf: prf, signedOctets: octets7))
        #expect(try SharedKeyAuthentication.verify(eight.data, secret: clientIKE.keys.pr, prf: prf, signedOctets: octets8))
        #expect(try !SharedKeyAuthentication.verify(seven.data, secret: clientIKE.keys.pr, prf: prf, signedOctets: octets7))
        let zero = SecretBytes(Array(repeating: 0, count: 64))
        #expect(try !SharedKeyAuthentication.verify(eight.data, secret: zero, prf: prf, signedOctets: octets8))

        let children = network.installed
        #expect(children.count == 2)
        let gatewayChild = try #require(children.first { $0.0 == TestNetwork.gateway }?.1)
        let clientChild = try #require(children.first { $0.0 == TestNetwork.client }?.1)
        #expect(gatewayChild.inboundSPI == clientChild.outboundSPI && gatewayChild.inboundEncryptionKey == clientChild.outboundEncryptionKey)
    }

    @Test func aClientNakingMSCHAPv2IsSwitchedToGTC() throws {
        let gateway = try gateway(allowing: [.mschapv2, .gtc])
        _ = try connect(methods: [.gtc])
        #expect(establishedUsers == ["alice", "alice"])
        #expect(responses.map(\.type) == [.nak, .gtc])
        #expect(responses.first?.data == [6])
        #expect(gateway.count == 1 && network.authentication.sessions.count == 0)
    }

    @Test func mschapv2StillKeysWithTheMSKWhenBothAreAllowed() throws {
        let gateway = try gateway(allowing: [.mschapv2, .gtc])
        let (client, spi) = try connect(methods: [.mschapv2, .gtc])
        #expect(establishedUsers == ["alice", "alice"])
        #expect(responses.map(\.type) == [.mschapv2, .mschapv2])
        let clientIKE = try withHandshake(try Self.ike(of: client.sas[spi]))
        let (seven, _) = try sharedKeyAuths(client: clientIKE, gateway: try Self.ike(of: gateway.sas.values.first))
        let octets7 = try clientIKE.initiatorSignedOctets(identity: AuthExchangeTests.credentials("alice", "").identity)
        #expect(try !SharedKeyAuthentication.verify(seven.data, secret: clientIKE.keys.pi, prf: clientIKE.suite.prf, signedOctets: octets7),
                "an MSK-producing method never falls back to SK_pi")
    }

    @Test func wrongGTCPasswordFailsAfterTheDelay() throws {
        let gateway = try gateway(allowing: [.gtc])
        let (client, _) = try connect(methods: [.gtc], password: "wrong")
        #expect(establishedUsers.isEmpty && gateway.count == 1)
        network.advance(by: .milliseconds(600))
        #expect(gateway.count == 0 && client.count == 0)
        #expect(network.events.contains { if case .authenticationFailed(_, _, let user, _) = $0 { user == "alice" } else { false } })
    }

    @Test func aMSCHAPv2OnlyClientNeverSendsItsPasswordToAGTCOnlyGateway() throws {
        let gateway = try gateway(allowing: [.gtc])
        _ = try connect(methods: [.mschapv2])
        #expect(responses.map(\.type) == [.nak] && responses.first?.data == [26])
        network.advance(by: .milliseconds(600))
        #expect(establishedUsers.isEmpty && gateway.count == 0)
    }
}

/// Drives the gateway by hand up to the final AUTH after an EAP method, with
/// the real IKE keys and a scripted authentication service.
struct FinalAUTHDriver {
    let network = TestNetwork()
    let gateway: IKEEngine
    let clientSPI: UInt64
    let ike: InitDoneState
    /// The MSK the scripted service reports (nil: a method without one).
    let msk: SecretBytes?

    static let identity = IdentificationPayload.ipv4(IPv4Address(192, 0, 2, 2))

    init(msk: SecretBytes?) throws {
        self.msk = msk
        var configuration = AuthExchangeTests.gatewayConfiguration
        configuration.authenticationFailureDelay = .milliseconds(100)
        gateway = try IKEEngine(configuration: configuration,
                                addresses: VirtualAddressPools(ipv4: AddressPool(subnet: IPv4Subnet("198.18.0.0/24")!)), now: network.now)
        let client = try IKEEngine(configuration: EngineConfiguration(), now: network.now)
        network.attach(gateway, at: TestNetwork.gateway)
        network.attach(client, at: TestNetwork.client)
        let (spi, actions) = try client.initiate(from: TestNetwork.client, to: TestNetwork.gateway, now: network.now)
        network.run(actions, from: client)
        clientSPI = spi
        guard case .initDone(let state)? = client.sas[spi]?.state else { throw TestFailure("IKE_SA_INIT failed") }
        ike = state
    }

    /// A scripted service: one GTC Request, then success with `msk`.
    func answer(_ request: AuthenticationRequest) -> AuthenticationAnswer? {
        switch request.step {
        case .start(_, let identifier):
            AuthenticationAnswer(spi: request.spi, result: .request(EAPMessage(code: .request, identifier: identifier, type: .gtc,
                                                                               data: ArraySlice("Password: ".utf8))))
        case .response:
            AuthenticationAnswer(spi: request.spi, result: .success(msk: msk, authorization: Authorization(userName: "alice")))
        case .abandon:
            nil
        }
    }

    @discardableResult
    func send(_ payloads: [IKEPayload], messageID: UInt32) throws -> [[IKEPayload]] {
        let header = IKEHeader(initiatorSPI: clientSPI, responderSPI: gateway.sas.values.first?.ourSPI ?? 0, exchangeType: .ikeAuth,
                               flags: .initiator, messageID: messageID)
        let datagram = try ike.protection.protect(header: header, payloads: payloads)
        return try answers(gateway.receive(InboundDatagram(local: TestNetwork.gateway, remote: TestNetwork.client, message: datagram),
                                           now: network.now))
    }

    func answers(_ actions: [EngineAction]) throws -> [[IKEPayload]] {
        var result: [[IKEPayload]] = []
        var queue = actions
        while !queue.isEmpty {
            switch queue.removeFirst() {
            case .send(let datagram):
                result.append(try ike.protection.unprotect(ReceivedIKEMessage(decoding: datagram.message)))
            case .authenticate(let request):
                if let answer = answer(request) { queue += gateway.authenticationAnswered(answer, now: network.now) }
            case .event, .verifyCertificate, .installChildSA, .deleteChildSA, .updateChildSA, .supersede:
                break
            }
        }
        return result
    }

    /// IKE_AUTH up to the gateway's EAP-Success; returns the next message ID.
    func runEAP() throws -> UInt32 {
        let first: [IKEPayload] = [
            .identificationInitiator(Self.identity),
            .configuration(ConfigurationPayload(type: .request, attributes: [ConfigurationAttribute(type: .internalIP4Address)])),
            .securityAssociation(ProposalSelectionTests.windowsESP),
            .trafficSelectorInitiator(TrafficSelectorPayload(selectors: [.allIPv4])),
            .trafficSelectorResponder(TrafficSelectorPayload(selectors: [.allIPv4])),
        ]
        #expect(try send(first, messageID: 1).first?.eap?.type == .identity)
        let request = try #require(try send([.eap(EAPMessage(code: .response, identifier: 1, type: .identity,
                                                               data: ArraySlice("alice".utf8)))], messageID: 2).first?.eap)
        #expect(request.type == .gtc)
        let success = try send([.eap(EAPMessage(code: .response, identifier: request.identifier, type: .gtc,
                                                data: ArraySlice("secret".utf8)))], messageID: 3).first?.eap
        #expect(success?.code == .success)
        return 4
    }

    func auth(keyedWith key: SecretBytes) throws -> IKEPayload {
        let mac = try SharedKeyAuthentication.compute(secret: key, prf: ike.suite.prf,
                                                      signedOctets: ike.initiatorSignedOctets(identity: Self.identity))
        return .authentication(AuthenticationPayload(method: .sharedKeyMIC, data: ArraySlice(mac)))
    }

    func refusedAfterTheDelay(_ answer: [[IKEPayload]]) throws -> Bool {
        guard answer.isEmpty else { return false }
        network.now = network.now.advanced(by: .milliseconds(150))
        return try answers(gateway.wake(now: network.now)).first?.notify(.authenticationFailed) != nil && gateway.count == 0
    }
}

/// The final AUTH after an EAP method: only the key RFC 7296 §2.16 names
/// is accepted.
@Suite struct FinalAUTHKeyingTests {
    static let zeroMSK = SecretBytes(Array(repeating: 0, count: 64))

    @Test func withoutMSKTheSKpiKeyedAUTHIsAcceptedAndAnsweredWithSKpr() throws {
        let test = try FinalAUTHDriver(msk: nil)
        let answer = try #require(try test.send([try test.auth(keyedWith: test.ike.keys.pi)], messageID: test.runEAP()).first)
        let auth = try #require(answer.authentication)
        #expect(auth.method == .sharedKeyMIC)
        #expect(try SharedKeyAuthentication.verify(auth.data, secret: test.ike.keys.pr, prf: test.ike.suite.prf,
                                                   signedOctets: test.ike.responderSignedOctets(identity: .fqdn(GatewayFixture.name))))
        guard case .established? = test.gateway.sas.values.first?.state else { throw TestFailure("not established") }
    }

    /// A client (or attacker) that pretends the method produced a key: an
    /// AUTH keyed with a zero MSK, or with SK_pr, is refused.
    @Test func withoutMSKAnAUTHKeyedWithAZeroMSKOrSKprIsRefused() throws {
        let zero = try FinalAUTHDriver(msk: nil)
        #expect(try zero.refusedAfterTheDelay(try zero.send([try zero.auth(keyedWith: Self.zeroMSK)], messageID: zero.runEAP())))
        let wrongSide = try FinalAUTHDriver(msk: nil)
        #expect(try wrongSide.refusedAfterTheDelay(try wrongSide.send([try wrongSide.auth(keyedWith: wrongSide.ike.keys.pr)],
                                                                      messageID: wrongSide.runEAP())))
    }

    /// With an MSK, SK_pi is no substitute: a client that skips the method's
    /// key is refused, and the MSK-keyed AUTH is accepted.
    @Test func withAnMSKOnlyTheMSKKeyedAUTHIsAccepted() throws {
        let msk = SecretBytes(Array(repeating: 0x42, count: 64))
        let skpi = try FinalAUTHDriver(msk: msk)
        #expect(try skpi.refusedAfterTheDelay(try skpi.send([try skpi.auth(keyedWith: skpi.ike.keys.pi)], messageID: skpi.runEAP())))
        let right = try FinalAUTHDriver(msk: msk)
        let answer = try #require(try right.send([try right.auth(keyedWith: msk)], messageID: right.runEAP()).first)
        let auth = try #require(answer.authentication)
        #expect(try SharedKeyAuthentication.verify(auth.data, secret: msk, prf: right.ike.suite.prf,
                                                   signedOctets: right.ike.responderSignedOctets(identity: .fqdn(GatewayFixture.name))))
    }
}
