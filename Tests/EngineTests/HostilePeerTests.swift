import EAP
import IKECrypto
import IKEWire
import Testing
import TestSupport
@testable import IKEEngine

/// A peer that completes IKE_SA_INIT honestly and then sends whatever the
/// test says, protected with the real keys: the bad-peer cases of RFC 7296
/// and of strongSwan's CVE history.
@Suite struct HostilePeerTests {
    let network = TestNetwork()
    let gateway: IKEEngine
    let client: IKEEngine
    let clientSPI: UInt64
    let ike: InitDoneState

    init() throws {
        try network.addUser("alice", password: "secret")
        var configuration = EngineConfiguration()
        configuration.gateway = GatewayCredentials(identity: .fqdn(GatewayFixture.name), certificateChain: [GatewayFixture.certificateDER],
                                                   privateKey: AuthExchangeTests.gatewayKey)
        configuration.authenticationFailureDelay = .milliseconds(100)
        gateway = try IKEEngine(configuration: configuration, addresses: VirtualAddressPools(ipv4: AddressPool(subnet: IPv4Subnet("198.18.0.0/24")!)), now: network.now)
        client = try IKEEngine(configuration: EngineConfiguration(), now: network.now)
        network.attach(gateway, at: TestNetwork.gateway)
        network.attach(client, at: TestNetwork.client)
        // The "client" only does IKE_SA_INIT; its keys then serve the test.
        let (spi, actions) = try client.initiate(from: TestNetwork.client, to: TestNetwork.gateway, now: network.now)
        network.run(actions, from: client)
        clientSPI = spi
        guard case .initDone(let state)? = client.sas[spi]?.state else { throw TestFailure("IKE_SA_INIT failed") }
        ike = state
    }

    var gatewaySA: IKESA? { gateway.sas.values.first }

    /// Protects `payloads` as the initiator's request `messageID` and returns
    /// the gateway's decrypted answers.
    @discardableResult
    func send(_ payloads: [IKEPayload], messageID: UInt32, exchange: ExchangeType = .ikeAuth) throws -> [[IKEPayload]] {
        let header = IKEHeader(initiatorSPI: clientSPI, responderSPI: gatewaySA?.ourSPI ?? 0, exchangeType: exchange,
                               flags: .initiator, messageID: messageID)
        return try deliver([ike.protection.protect(header: header, payloads: payloads)])
    }

    func deliver(_ datagrams: [[UInt8]]) throws -> [[IKEPayload]] {
        var answers: [[IKEPayload]] = []
        for datagram in datagrams {
            let actions = gateway.receive(InboundDatagram(local: TestNetwork.gateway, remote: TestNetwork.client, message: datagram), now: network.now)
            answers += try answersIn(actions)
        }
        return answers
    }

    func answersIn(_ actions: [EngineAction]) throws -> [[IKEPayload]] {
        var answers: [[IKEPayload]] = []
        var queue = actions
        while !queue.isEmpty {
            let action = queue.removeFirst()
            switch action {
            case .send(let datagram):
                answers.append(try ike.protection.unprotect(ReceivedIKEMessage(decoding: datagram.message)))
            case .authenticate(let request):
                if let answer = network.authentication.answer(request) {
                    queue += gateway.authenticationAnswered(answer, now: network.now)
                }
            case .event, .verifyCertificate, .installChildSA, .deleteChildSA, .updateChildSA, .supersede:
                break
            }
        }
        return answers
    }

    /// The first IKE_AUTH request of a Windows client.
    var windowsFirstRequest: [IKEPayload] {
        [
            .identificationInitiator(.ipv4(IPv4Address(192, 168, 0, 10))),
            .notify(NotifyPayload(type: .initialContact)),
            .certificateRequest(CertificateRequestPayload(encoding: .x509Signature, authorities: ArraySlice(repeating: 0x11, count: 800))),
            .notify(NotifyPayload(type: .mobikeSupported)),
            .configuration(ConfigurationPayload(type: .request, attributes: [
                .internalIP4Address, .internalIP4DNS, .internalIP4NBNS, .microsoftIP4Server, .internalIP6Address, .internalIP6DNS,
                .microsoftIP6Server,
            ].map { ConfigurationAttribute(type: $0) })),
            .securityAssociation(ProposalSelectionTests.windowsESP),
            .trafficSelectorInitiator(TrafficSelectorPayload(selectors: [.allIPv4, .allIPv6])),
            .trafficSelectorResponder(TrafficSelectorPayload(selectors: [.allIPv4, .allIPv6])),
        ]
    }

    func failAfterDelay() throws -> [[IKEPayload]] {
        network.now = network.now.advanced(by: .milliseconds(150))
        return try answersIn(gateway.wake(now: network.now))
    }

    // MARK: - First message

    @Test func windowsFirstRequestGetsIDrCERTAUTHAndAnEAPIdentityRequest() throws {
        let answer = try #require(try send(windowsFirstRequest, messageID: 1).first)
        #expect(answer.map(\.type) == [.identificationResponder, .certificate, .authentication, .eap])
        #expect(answer.identificationResponder == .fqdn(GatewayFixture.name))
        #expect(answer.eap == EAPMessage(code: .request, identifier: 1, type: .identity))
        // This client sent SIGNATURE_HASH_ALGORITHMS, so the AUTH is RFC 7427's.
        #expect(answer.authentication?.method == .digitalSignature)
        let key = AuthExchangeTests.gatewayKey.publicKey
        let octets = try ike.responderSignedOctets(identity: .fqdn(GatewayFixture.name))
        #expect(try SignatureAuthentication.verify(try #require(answer.authentication), signedOctets: octets, publicKey: key) == .rsaPKCS1v15(.sha256))
    }

    @Test(arguments: [PayloadType.trafficSelectorInitiator, .trafficSelectorResponder, .securityAssociation, .identificationInitiator])
    func aFirstRequestWithoutAMandatoryPayloadIsRefused(_ missing: PayloadType) throws {
        let answer = try send(windowsFirstRequest.filter { $0.type != missing }, messageID: 1)
        #expect(answer.first?.notify(.invalidSyntax) != nil)
        #expect(gateway.count == 0)
    }

    @Test func clientAUTHWithoutCertificateSupportIsRefused() throws {
        let request = windowsFirstRequest + [.authentication(AuthenticationPayload(method: .rsaSignature, data: ArraySlice(repeating: 1, count: 256)))]
        #expect(try send(request, messageID: 1).first?.notify(.authenticationFailed) != nil)
        #expect(gateway.count == 0)
    }

    // MARK: - Message IDs

    @Test func messageIDsOutsideTheWindowAreDroppedAndRepeatsGetTheCachedAnswer() throws {
        #expect(try send(windowsFirstRequest, messageID: 2).isEmpty, "a future ID is dropped")
        let first = try send(windowsFirstRequest, messageID: 1)
        #expect(first.count == 1)
        let repeated = try send(windowsFirstRequest, messageID: 1)
        #expect(repeated == first, "a retransmission gets the same answer")
        #expect(try send(windowsFirstRequest, messageID: 0).isEmpty, "a stale ID is dropped")
    }

    // MARK: - EAP

    @Test func eapSuccessFromThePeerEndsInAuthenticationFailed() throws {
        try send(windowsFirstRequest, messageID: 1)
        // CVE-2021-45079 class: an EAP-Success sent by the client.
        #expect(try send([.eap(EAPMessage(code: .success, identifier: 1))], messageID: 2).isEmpty)
        #expect(try failAfterDelay().first?.notify(.authenticationFailed) != nil)
        #expect(gateway.count == 0)
    }

    @Test func successOpCodeInPlaceOfAResponseFails() throws {
        try send(windowsFirstRequest, messageID: 1)
        let challenge = try #require(try send([.eap(EAPMessage(code: .response, identifier: 1, type: .identity,
                                                                data: ArraySlice("alice".utf8)))], messageID: 2).first?.eap)
        #expect(challenge.type == .mschapv2)
        // CVE-2015-8023 class: a Success Response where the Response belongs.
        let bogus = EAPMessage(code: .response, identifier: challenge.identifier, type: .mschapv2, data: [3])
        #expect(try send([.eap(bogus)], messageID: 3).isEmpty)
        #expect(try failAfterDelay().first?.notify(.authenticationFailed) != nil)
        #expect(network.authentication.sessions.count == 0)
    }

    @Test func mschapv2NameOtherThanTheIdentityFails() throws {
        try send(windowsFirstRequest, messageID: 1)
        let challenge = try #require(try send([.eap(EAPMessage(code: .response, identifier: 1, type: .identity,
                                                                data: ArraySlice("alice".utf8)))], messageID: 2).first?.eap)
        guard case .challenge(_, let value, _) = try MSCHAPv2Packet.decodeRequest(challenge.data) else { throw TestFailure("no Challenge") }
        // Mallory knows her own password and claims Alice's identity.
        let peerChallenge = [UInt8](repeating: 7, count: 16)
        let nt = try MSCHAPv2.generateNTResponse(authenticatorChallenge: value, peerChallenge: peerChallenge, userName: Array("mallory".utf8),
                                                 passwordHash: MSCHAPv2.ntPasswordHash(password: "mallorys"))
        let response = MSCHAPv2Packet.response(identifier: challenge.identifier, peerChallenge: peerChallenge, ntResponse: nt, flags: 0,
                                               name: Array("mallory".utf8))
        #expect(try send([.eap(EAPMessage(code: .response, identifier: challenge.identifier, type: .mschapv2,
                                          data: ArraySlice(response.encoded)))], messageID: 3).isEmpty)
        #expect(try failAfterDelay().first?.notify(.authenticationFailed) != nil)
    }

    @Test func anEAPResponseWithTheWrongIdentifierFails() throws {
        try send(windowsFirstRequest, messageID: 1)
        #expect(try send([.eap(EAPMessage(code: .response, identifier: 9, type: .identity, data: ArraySlice("alice".utf8)))],
                         messageID: 2).isEmpty)
        #expect(try failAfterDelay().first?.notify(.authenticationFailed) != nil)
    }

    @Test func aClientGivingUpMidAuthenticationIsForgottenAtOnce() throws {
        try send(windowsFirstRequest, messageID: 1)
        let answer = try send([.notify(NotifyPayload(type: .authenticationFailed))], messageID: 2, exchange: .informational)
        #expect(answer == [[]], "an empty INFORMATIONAL response")
        #expect(gateway.count == 0 && gateway.halfOpenCount == 0)
    }

    // MARK: - Malformed and fragmented requests

    @Test func unknownCriticalPayloadInsideSKIsAnswered() throws {
        let header = IKEHeader(initiatorSPI: clientSPI, responderSPI: try #require(gatewaySA).ourSPI, exchangeType: .ikeAuth,
                               flags: .initiator, messageID: 1)
        // Inner chain: one unknown payload (type 200) with the critical bit.
        var bytes = try ike.protection.protect(header: header, payloads: [.unrecognized(UnrecognizedPayload(type: PayloadType(rawValue: 200), body: [1]))])
        bytes = try resealWithCriticalBit(bytes)
        let answer = try deliver([bytes])
        #expect(answer.first?.notify(.unsupportedCriticalPayload)?.data == [200])
    }

    /// Our encoder never sets the critical bit, so build the same message with
    /// the bit set and protect it again.
    private func resealWithCriticalBit(_ bytes: [UInt8]) throws -> [UInt8] {
        let header = try ReceivedIKEMessage(decoding: bytes).message.header
        // An AEAD suite (the default) seals content of any length; the inner
        // chain is one payload: next 0, critical, length 5, body [1].
        let content: [UInt8] = [0, 0x80, 0, 5, 1, 0]  // + Pad Length 0
        let suite = ike.suite
        let cipher = try AEADCipher(suite.encryption, key: ike.keys.ei)
        let ivSize = suite.encryption.ivSize, tag = suite.encryption.icvSize
        var message = IKEMessage(header: header, payloads: [.encrypted(EncryptedPayload(
            firstPayload: PayloadType(rawValue: 200), body: ArraySlice(repeating: 0, count: ivSize + content.count + tag)))]).encode()
        let start = message.count - tag - content.count
        message.replaceSubrange(start..<start + content.count, with: content)
        try message.withUnsafeMutableBytes { buffer in
            try cipher.seal(UnsafeMutableRawBufferPointer(rebasing: buffer[start..<start + content.count]),
                            iv: UnsafeRawBufferPointer(rebasing: buffer[(start - ivSize)..<start]),
                            aad: UnsafeRawBufferPointer(rebasing: buffer[..<(start - ivSize)]),
                            tag: UnsafeMutableRawBufferPointer(rebasing: buffer[(start + content.count)...]))
        }
        return message
    }

    @Test func fragmentsOutOfOrderWithDuplicatesReassembleAndMissingOnesWait() throws {
        let header = IKEHeader(initiatorSPI: clientSPI, responderSPI: try #require(gatewaySA).ourSPI, exchangeType: .ikeAuth,
                               flags: .initiator, messageID: 1)
        let fragments = try ike.protection.protectFragments(header: header, payloads: windowsFirstRequest, maximumMessageLength: 400)
        #expect(fragments.count >= 3)
        let shuffled = Array(fragments.reversed().dropLast())  // the first fragment held back
        #expect(try deliver(shuffled + [shuffled[0]]).isEmpty, "nothing is answered while a fragment is missing")
        let answer = try deliver([fragments[0]])
        #expect(answer.first?.eap?.type == .identity)
    }

    @Test func tooManyFragmentsAreRefused() throws {
        let header = IKEHeader(initiatorSPI: clientSPI, responderSPI: try #require(gatewaySA).ourSPI, exchangeType: .ikeAuth,
                               flags: .initiator, messageID: 1)
        // The gateway's limit is 32 fragments; build a message that needs more.
        let huge = windowsFirstRequest + (0..<40).map { _ in IKEPayload.vendorID(VendorIDPayload(data: ArraySlice(repeating: 9, count: 200))) }
        let many = try ike.protection.protectFragments(header: header, payloads: huge, maximumMessageLength: 300)
        #expect(many.count > 32)
        #expect(try deliver(many).isEmpty)
        #expect(gatewaySA?.reassembly == nil, "the partial message is dropped, not kept")
    }
}
