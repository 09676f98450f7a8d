import Credentials
import EAP
import IKECrypto
import IKEWire
import RADIUS
import RADIUSClient
import Testing
@testable import Gateway

/// The relay's requests and its reading of replies (RFC 2865, 3579, 2548),
/// without sockets: the transport is tested in RADIUSClientTests and the
/// whole path against FreeRADIUS in InteropTests.
@Suite struct RADIUSRelayTests {
    static let secret = SecretBytes(Array("interop-radius-secret".utf8))
    static let server = RADIUSServer(address: .v4(IPv4Address(203, 0, 113, 10)), port: 1812, secret: secret, priority: 1)
    static let relay = RADIUSRelay(settings: RADIUSRelaySettings(
        servers: [server], transport: RADIUSTransportSettings(), nasIdentifier: "gw-test", nasAddress: nil,
        filters: ["contractors": FilterPolicy(pool: "machines", policy: "contractors"), "pool-only": FilterPolicy(pool: "staff")]))

    static func conversation(state: [UInt8]? = nil) -> RADIUSRelay.Conversation {
        var conversation = RADIUSRelay.Conversation(identity: Array(#"CORP\alice"#.utf8), sessionID: "00112233aabbccdd",
                                                    peer: .v4(IPv4Address(192, 0, 2, 2)), local: .v4(IPv4Address(192, 0, 2, 1)))
        conversation.state = state
        return conversation
    }

    // MARK: - Access-Request

    @Test func accessRequestCarriesWhatTheServerNeeds() throws {
        let identity = EAPMessage(code: .response, identifier: 7, type: .identity, data: ArraySlice(#"CORP\alice"#.utf8))
        let request = Self.relay.accessRequest(identity, in: Self.conversation(state: [1, 2, 3]))
        #expect(request.code == .accessRequest && request.authenticator.count == 16)
        #expect(try request.first(.userName)?.text() == #"CORP\alice"#, "the identity as sent; NPS needs the domain")
        #expect(try request.first(.nasIdentifier)?.text() == "gw-test")
        #expect(try request.first(.nasIPAddress)?.ipv4Address() == IPv4Address(192, 0, 2, 1), "the address the client reached")
        #expect(try request.first(.serviceType)?.integer() == 2 && request.first(.nasPortType)?.integer() == 5)
        #expect(try request.first(.callingStationID)?.text() == "192.0.2.2" && request.first(.calledStationID)?.text() == "192.0.2.1")
        #expect(try request.first(.framedMTU)?.integer() == 1400)
        #expect(try request.first(.acctSessionID)?.text() == "00112233aabbccdd", "correlates with accounting")
        #expect(request.first(.state)?.value == [1, 2, 3], "State echoed (RFC 2865 §5.24)")
        #expect(try request.eapMessage() == identity.packet)
        // Signed and verifiable the way a server does it.
        let octets = try request.encodedRequest(secret: Self.secret)
        #expect(try RADIUSPacket.verifiedRequest(octets, secret: Self.secret).first(.messageAuthenticator) != nil)
    }

    @Test func longEAPMessagesAreSplitAt253Octets() throws {
        let big = EAPMessage(code: .response, identifier: 1, type: EAPType(rawValue: 26), data: ArraySlice(repeating: 0xAB, count: 600))
        let request = Self.relay.accessRequest(big, in: Self.conversation())
        #expect(request.attributes(ofType: .eapMessage).map(\.value.count) == [253, 253, 99])
        #expect(try request.eapMessage() == big.packet)
        #expect(request.first(.state) == nil, "no State before the first Challenge")
    }

    @Test func configuredNASAddressWinsAndIPv6UsesNASIPv6Address() {
        var settings = Self.relay.settings
        settings.nasAddress = .v6(IPv6Address("2001:db8::1")!)
        let attributes = RADIUSRelay(settings: settings).nasAttributes(local: .v4(IPv4Address(192, 0, 2, 1)))
        #expect(attributes.map(\.type) == [.nasIdentifier, .nasIPv6Address])
    }

    // MARK: - Replies

    func reply(_ code: RADIUSCode, _ attributes: [RADIUSAttribute], requestAuthenticator: [UInt8] = Array(repeating: 9, count: 16)) -> RADIUSReply {
        RADIUSReply(packet: RADIUSPacket(code: code, identifier: 1, authenticator: Array(repeating: 0, count: 16), attributes: attributes),
                    server: Self.server, requestAuthenticator: requestAuthenticator)
    }

    func mppeAttributes(_ msk: [UInt8], requestAuthenticator: [UInt8]) throws -> [RADIUSAttribute] {
        // 16-octet keys, as FreeRADIUS and NPS send for EAP-MSCHAPv2.
        let recv = try MPPEKey.encrypt(SecretBytes(Array(msk[0..<16])), salt: [0x80, 0x01], secret: Self.secret,
                                       requestAuthenticator: requestAuthenticator)
        let send = try MPPEKey.encrypt(SecretBytes(Array(msk[16..<32])), salt: [0x80, 0x02], secret: Self.secret,
                                       requestAuthenticator: requestAuthenticator)
        return [try RADIUSAttribute(vendorSpecific: RADIUSVendorSpecific(vendorID: RADIUSVendorSpecific.microsoft, attributes: [
            RADIUSVendorAttribute(type: MicrosoftAttributeType.mppeRecvKey.rawValue, value: recv),
            RADIUSVendorAttribute(type: MicrosoftAttributeType.mppeSendKey.rawValue, value: send),
        ]))]
    }

    /// A Challenge carrying reply items (as FreeRADIUS's do) is read for
    /// its EAP Request and State only; `.challenge` has no authorisation.
    @Test func challengeGivesTheEAPRequestAndPinsTheServer() throws {
        let eap = EAPMessage(code: .request, identifier: 8, type: .mschapv2, data: [1, 8, 0, 5, 0x10])
        let outcome = Self.relay.outcome(of: reply(.accessChallenge, RADIUSPacket.eapMessageAttributes(eap.packet) + [
            RADIUSAttribute(.state, value: [0xAA, 0xBB]),
            RADIUSAttribute(.framedIPAddress, address: IPv4Address(198, 18, 0, 77)),  // FreeRADIUS copies reply items here too
        ]), in: Self.conversation(), normalizer: UserNameNormalizer())
        guard case .challenge(let next, let conversation) = outcome else { Issue.record("\(outcome)"); return }
        #expect(next == eap && conversation.state == [0xAA, 0xBB] && conversation.server == Self.server)
    }

    @Test func challengeWithoutAnEAPRequestIsRejected() {
        let success = EAPMessage(code: .success, identifier: 8)
        let outcome = Self.relay.outcome(of: reply(.accessChallenge, RADIUSPacket.eapMessageAttributes(success.packet)),
                                         in: Self.conversation(), normalizer: UserNameNormalizer())
        guard case .rejected = outcome else { Issue.record("\(outcome)"); return }
    }

    @Test func acceptGivesTheMSKFromTheMPPEKeysAndTheAuthorisation() throws {
        let requestAuthenticator = secureRandomBytes(16)
        // The MSK as MSCHAPv2 makes it: the two 16-octet keys, then zeros.
        let msk = secureRandomBytes(32) + Array(repeating: 0, count: 32)
        let classValue = Array("interop-ralph".utf8)
        let accept = reply(.accessAccept, try mppeAttributes(msk, requestAuthenticator: requestAuthenticator) + [
            RADIUSAttribute(.framedIPAddress, address: IPv4Address(198, 18, 0, 77)),
            RADIUSAttribute(.framedIPv6Address, address: IPv6Address("2001:db8:ffff::77")!),
            RADIUSAttribute(.sessionTimeout, integer: 3600),
            RADIUSAttribute(.class, value: classValue),
            RADIUSAttribute(.acctInterimInterval, integer: 300),
            RADIUSAttribute(.filterID, text: "contractors"),
            try RADIUSAttribute(vendorSpecific: RADIUSVendorSpecific(vendorID: RADIUSVendorSpecific.microsoft, attributes: [
                RADIUSVendorAttribute(type: MicrosoftAttributeType.primaryDNSServer.rawValue, value: [203, 0, 113, 53]),
                RADIUSVendorAttribute(type: MicrosoftAttributeType.secondaryDNSServer.rawValue, value: [203, 0, 113, 54]),
            ])),
        ] + RADIUSPacket.eapMessageAttributes(EAPMessage(code: .success, identifier: 9).packet), requestAuthenticator: requestAuthenticator)
        guard case .accepted(let key, let authorization) = Self.relay.outcome(of: accept, in: Self.conversation(), normalizer: UserNameNormalizer())
        else { Issue.record("not accepted"); return }
        #expect(key == SecretBytes(msk))
        #expect(authorization.userName == "alice", "leases key on the normalised name")
        #expect(authorization.accounting.userName == #"CORP\alice"#, "accounting uses the name the server saw")
        #expect(authorization.staticAddress == IPv4Address(198, 18, 0, 77) && authorization.staticAddress6 == IPv6Address("2001:db8:ffff::77"))
        #expect(authorization.sessionTimeout == .seconds(3600) && authorization.accounting.interimInterval == .seconds(300))
        #expect(authorization.accounting.classes == [classValue])
        #expect(authorization.pool == "machines" && authorization.policy == "contractors")
        #expect(authorization.dnsServers == [IPv4Address(203, 0, 113, 53), IPv4Address(203, 0, 113, 54)])
    }

    func acceptedAuthorization(_ attributes: [RADIUSAttribute]) throws -> Authorization? {
        let requestAuthenticator = secureRandomBytes(16)
        let accept = reply(.accessAccept, try mppeAttributes(secureRandomBytes(32), requestAuthenticator: requestAuthenticator) + attributes
                           + RADIUSPacket.eapMessageAttributes(EAPMessage(code: .success, identifier: 9).packet),
                           requestAuthenticator: requestAuthenticator)
        guard case .accepted(_, let authorization) = Self.relay.outcome(of: accept, in: Self.conversation(), normalizer: UserNameNormalizer())
        else { return nil }
        return authorization
    }

    @Test(arguments: [[255, 255, 255, 255], [255, 255, 255, 254]] as [[UInt8]])
    func specialFramedIPAddressesLeaveTheChoiceToThePool(_ value: [UInt8]) throws {
        let authorization = try #require(try acceptedAuthorization([RADIUSAttribute(.framedIPAddress, value: value)]))
        #expect(authorization.staticAddress == nil, "RFC 2865 §5.8")
    }

    @Test func framedPoolWinsOverTheFiltersPoolAndTheAcceptsUserNameIsAccountingsName() throws {
        let authorization = try #require(try acceptedAuthorization([
            RADIUSAttribute(.framedPool, text: "vip"), RADIUSAttribute(.filterID, text: "pool-only"),
            RADIUSAttribute(.userName, text: "alice@corp.example.com"),
        ]))
        #expect(authorization.pool == "vip" && authorization.policy == nil)
        #expect(authorization.accounting.userName == "alice@corp.example.com")
    }

    @Test func tooShortInterimIntervalIsRaised() throws {
        let authorization = try #require(try acceptedAuthorization([RADIUSAttribute(.acctInterimInterval, integer: 1)]))
        #expect(authorization.accounting.interimInterval == AccessAcceptAuthorization.shortestInterimInterval)
    }

    @Test func unknownFilterIDRefusesTheUser() throws {
        #expect(try acceptedAuthorization([RADIUSAttribute(.filterID, text: "unknown")]) == nil)
    }

    @Test func malformedAuthorisationAttributesRefuseTheUser() throws {
        #expect(try acceptedAuthorization([RADIUSAttribute(.framedIPAddress, value: [198, 18, 0])]) == nil)
        #expect(try acceptedAuthorization([RADIUSAttribute(.sessionTimeout, value: [0, 1])]) == nil)
    }

    @Test func acceptWithoutMPPEKeysOrWithEAPFailureIsRejected() throws {
        let success = RADIUSPacket.eapMessageAttributes(EAPMessage(code: .success, identifier: 9).packet)
        let noKeys = Self.relay.outcome(of: reply(.accessAccept, success), in: Self.conversation(), normalizer: UserNameNormalizer())
        guard case .rejected(let reason) = noKeys else { Issue.record("\(noKeys)"); return }
        #expect(reason.contains("MPPE"))
        let requestAuthenticator = secureRandomBytes(16)
        let failure = reply(.accessAccept, try mppeAttributes(secureRandomBytes(32), requestAuthenticator: requestAuthenticator)
                            + RADIUSPacket.eapMessageAttributes(EAPMessage(code: .failure, identifier: 3).packet),
                            requestAuthenticator: requestAuthenticator)
        guard case .rejected = Self.relay.outcome(of: failure, in: Self.conversation(), normalizer: UserNameNormalizer()) else {
            Issue.record("an Accept carrying EAP-Failure must not authenticate"); return
        }
    }

    @Test func acceptWithoutAWellFormedEAPSuccessIsRejected() throws {
        let requestAuthenticator = secureRandomBytes(16)
        let keys = try mppeAttributes(secureRandomBytes(32), requestAuthenticator: requestAuthenticator)
        let success = EAPMessage(code: .success, identifier: 9).packet
        var truncated = RADIUSPacket.eapMessageAttributes(success)
        truncated[0].value[3] = 9  // EAP Length beyond the octets
        for attributes in [[], truncated, [RADIUSAttribute(.eapMessage, value: success), RADIUSAttribute(.class, value: [1]),
                                           RADIUSAttribute(.eapMessage, value: success)]] {
            let outcome = Self.relay.outcome(of: reply(.accessAccept, keys + attributes, requestAuthenticator: requestAuthenticator),
                                             in: Self.conversation(), normalizer: UserNameNormalizer())
            guard case .rejected(let reason) = outcome else { Issue.record("accepted with \(attributes)"); continue }
            #expect(reason.contains("EAP"), "\(reason)")
        }
    }

    @Test func rejectIsAFailureWithTheReplyMessage() {
        let outcome = Self.relay.outcome(of: reply(.accessReject, [RADIUSAttribute(.replyMessage, text: "account disabled")]),
                                         in: Self.conversation(), normalizer: UserNameNormalizer())
        guard case .rejected(let reason) = outcome else { Issue.record("\(outcome)"); return }
        #expect(reason.contains("Access-Reject") && reason.contains("account disabled"))
    }
}
