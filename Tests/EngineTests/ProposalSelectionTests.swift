import IKECrypto
import IKEWire
import Testing
import TestSupport
@testable import IKEEngine

@Suite struct ProposalSelectionTests {
    private func sa(_ bytes: [UInt8]) throws -> SecurityAssociationPayload {
        let message = try ReceivedIKEMessage(decoding: bytes).message
        return try #require(message.payloads.securityAssociation)
    }

    // MARK: - Parsing

    @Test func parsesStrongSwanProposalStrings() throws {
        let windows = try IKEProposalPolicy(parsing: "aes256-sha1-modp1024")
        #expect(windows.encryption == [.aesCBC(.bits256)] && windows.integrity == [.hmacSHA1_96])
        #expect(windows.prf == [.hmacSHA1] && windows.groups == [.modp1024])
        let aead = try IKEProposalPolicy(parsing: "aes256gcm16-aes128gcm16-prfsha384-sha256-ecp256-curve25519")
        #expect(aead.encryption == [.aesGCM(.bits256, icv: .bytes16), .aesGCM(.bits128, icv: .bytes16)])
        #expect(aead.integrity.isEmpty, "AEAD proposals carry no INTEG (RFC 5282 §8)")
        #expect(aead.prf == [.hmacSHA384, .hmacSHA256] && aead.groups == [.ecp256, .curve25519])
        let esp = try ESPProposalPolicy(parsing: "aes256-3des-sha1")
        #expect(esp.encryption == [.aesCBC(.bits256), .tripleDESCBC] && esp.extendedSequenceNumbers == [false])
        #expect(try ESPProposalPolicy(parsing: "aes128gcm16-esn-noesn").extendedSequenceNumbers == [true, false])
    }

    @Test(arguments: ["aes256-sha1-modp9999", "aes256-aes256gcm16-sha256-modp2048", "aes256gcm16-ecp256", "aes256-sha256",
                      "sha256-modp2048", "aes256-prfsha256-modp2048", "aes256-sha256-modp2048-esn", ""])
    func rejectsBadIKEProposals(_ text: String) {
        #expect(throws: ProposalParseError.self) { try IKEProposalPolicy(parsing: text) }
    }

    @Test(arguments: ["aes256-prfsha256", "aes256", "aes256-sha1-bogus", "aes256gcm16-aes256-sha1"])
    func rejectsBadESPProposals(_ text: String) {
        #expect(throws: ProposalParseError.self) { try ESPProposalPolicy(parsing: text) }
    }

    @Test func builtInProfilesParse() {
        #expect(DefaultProposals.ike.count == 3 && DefaultProposals.strictIKE.count == 2)
        #expect(DefaultProposals.esp.count == 3 && DefaultProposals.strictESP.count == 2)
    }

    // MARK: - IKE_SA_INIT selection

    @Test func defaultProfileTakesTheStrongestWindowsSuiteNotThePeersFirst() throws {
        let offer = try sa(WindowsFixture.classicRequest())
        let selection = ProposalSelector.selectIKE(from: offer, policies: DefaultProposals.ike, keyExchangeGroup: .modp1024)
        let expected = SelectedIKEProposal(
            number: 11,
            suite: try IKECipherSuite(encryption: .aesCBC(.bits256), integrity: .hmacSHA256_128, prf: .hmacSHA256),
            group: .modp1024)
        #expect(selection == .selected(expected))
        #expect(expected.responseProposal == Proposal(number: 11, protocolID: .ike, transforms: [
            .encryption(.aesCBC, keyLength: 256), .integrity(.hmacSHA256_128), .prf(.hmacSHA256), .keyExchange(.modp1024),
        ]))
    }

    @Test func strictProfileRefusesDefaultWindows() throws {
        for request in [WindowsFixture.classicRequest(), WindowsFixture.windows11MultiTransformRequest(),
                        WindowsFixture.windows11SingleCombinationRequest()] {
            #expect(ProposalSelector.selectIKE(from: try sa(request), policies: DefaultProposals.strictIKE,
                                               keyExchangeGroup: .modp1024) == .noProposalChosen)
        }
    }

    @Test func windows11LayoutsSelectLikeStrongSwan() throws {
        // strongSwan chose AES_CBC_256/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/MODP_1024
        // for Windows 11 (strongswan#2833); so do we, in both possible layouts.
        for request in [WindowsFixture.windows11MultiTransformRequest(), WindowsFixture.windows11SingleCombinationRequest()] {
            guard case .selected(let selected) = ProposalSelector.selectIKE(from: try sa(request), policies: DefaultProposals.ike,
                                                                             keyExchangeGroup: .modp1024) else {
                Issue.record("no proposal selected")
                continue
            }
            #expect(selected.suite == (try IKECipherSuite(encryption: .aesCBC(.bits256), integrity: .hmacSHA256_128, prf: .hmacSHA256)))
            #expect(selected.group == .modp1024)
        }
    }

    /// A strongSwan-style single proposal.
    private func offer(_ transforms: [Transform]) -> SecurityAssociationPayload {
        SecurityAssociationPayload(proposals: [Proposal(number: 1, protocolID: .ike, transforms: transforms)])
    }

    @Test func anAcceptableKEGroupAvoidsINVALIDKE() {
        // The client's first group (MODP-2048) is not our first choice, but is
        // acceptable: it is used, with no INVALID_KE round trip.
        let offered = offer([.encryption(.aesCBC, keyLength: 128), .integrity(.hmacSHA256_128), .prf(.hmacSHA256),
                             .keyExchange(.modp2048), .keyExchange(.ecp256)])
        guard case .selected(let selected) = ProposalSelector.selectIKE(from: offered, policies: DefaultProposals.ike,
                                                                         keyExchangeGroup: .modp2048) else {
            Issue.record("expected a selection")
            return
        }
        #expect(selected.group == .modp2048)
    }

    @Test func invalidKENamesAnOfferedAcceptableGroup() {
        // Only AES-GCM is offered; MODP-1024 (sent as KE) is acceptable only
        // with CBC, so the gateway asks for ECP-256, which the peer offered.
        let offered = offer([.encryption(.aesGCM16, keyLength: 256), .prf(.hmacSHA256), .keyExchange(.modp1024), .keyExchange(.ecp256)])
        #expect(ProposalSelector.selectIKE(from: offered, policies: DefaultProposals.ike, keyExchangeGroup: .modp1024)
            == .invalidKE(.ecp256))
        // A KE with a group nobody knows (CVE-2014-9221's 1025) gets the same answer.
        #expect(ProposalSelector.selectIKE(from: offered, policies: DefaultProposals.ike,
                                           keyExchangeGroup: KeyExchangeMethodID(rawValue: 1025)) == .invalidKE(.ecp256))
        // Nothing acceptable at all: NO_PROPOSAL_CHOSEN, never INVALID_KE.
        let unacceptable = offer([.encryption(.aesCBC, keyLength: 128), .integrity(.hmacSHA256_128), .prf(.hmacSHA256),
                                  .keyExchange(KeyExchangeMethodID(rawValue: 1025))])
        #expect(ProposalSelector.selectIKE(from: unacceptable, policies: DefaultProposals.ike,
                                           keyExchangeGroup: KeyExchangeMethodID(rawValue: 1025)) == .noProposalChosen)
    }

    @Test func proposalsWithUnknownTransformTypesOrAttributesAreUnacceptable() {
        let base: [Transform] = [.encryption(.aesCBC, keyLength: 128), .integrity(.hmacSHA256_128), .prf(.hmacSHA256), .keyExchange(.ecp256)]
        let unknownType = base + [Transform(type: TransformType(rawValue: 6), id: 35)]  // ADDKE1 without NONE
        #expect(ProposalSelector.selectIKE(from: offer(unknownType), policies: DefaultProposals.ike, keyExchangeGroup: .ecp256)
            == .noProposalChosen)
        var strangeAttribute = base
        strangeAttribute[0].unrecognizedAttributes = [TransformAttribute(type: 99, value: .short(1))]
        #expect(ProposalSelector.selectIKE(from: offer(strangeAttribute), policies: DefaultProposals.ike, keyExchangeGroup: .ecp256)
            == .noProposalChosen)
        // An IKE proposal in IKE_SA_INIT must not carry an SPI.
        let withSPI = SecurityAssociationPayload(proposals: [Proposal(number: 1, protocolID: .ike, spi: [1, 2, 3, 4, 5, 6, 7, 8], transforms: base)])
        #expect(ProposalSelector.selectIKE(from: withSPI, policies: DefaultProposals.ike, keyExchangeGroup: .ecp256) == .noProposalChosen)
        #expect(ProposalSelector.selectIKE(from: offer(base), policies: DefaultProposals.ike, keyExchangeGroup: .ecp256) != .noProposalChosen)
    }

    // MARK: - ESP in IKE_AUTH

    /// The CHILD_SA proposals of a default Windows client (hwdsl2/setup-ipsec-vpn#913).
    static let windowsESP = SecurityAssociationPayload(proposals: [
        Proposal(number: 1, protocolID: .esp, spi: [0xC1, 0x2A, 0x33, 0x04], transforms: [
            .encryption(.aesCBC, keyLength: 256), .integrity(.hmacSHA1_96), .extendedSequenceNumbers(.disabled),
        ]),
        Proposal(number: 2, protocolID: .esp, spi: [0xC1, 0x2A, 0x33, 0x04], transforms: [
            .encryption(.tripleDES), .integrity(.hmacSHA1_96), .extendedSequenceNumbers(.disabled),
        ]),
    ])

    @Test func windowsESPIsAcceptedByDefaultAndRefusedByStrict() throws {
        let selected = try #require(ProposalSelector.selectESP(from: Self.windowsESP, policies: DefaultProposals.esp))
        #expect(selected == SelectedESPProposal(number: 1, peerSPI: 0xC12A_3304, encryption: .aesCBC(.bits256),
                                                integrity: .hmacSHA1_96, extendedSequenceNumbers: false))
        #expect(selected.responseProposal(ourSPI: 0xCAFE_0001) == Proposal(number: 1, protocolID: .esp, spi: [0xCA, 0xFE, 0x00, 0x01], transforms: [
            .encryption(.aesCBC, keyLength: 256), .integrity(.hmacSHA1_96), .extendedSequenceNumbers(.disabled),
        ]))
        #expect(ProposalSelector.selectESP(from: Self.windowsESP, policies: DefaultProposals.strictESP) == nil)
    }

    @Test func espKEAndAEADAreHandled() throws {
        // A strongSwan-style ESP offer with PFS groups in IKE_AUTH: KE is ignored.
        let offer = SecurityAssociationPayload(proposals: [Proposal(number: 1, protocolID: .esp, spi: [0, 0, 0, 9], transforms: [
            .encryption(.aesGCM16, keyLength: 128), .keyExchange(.ecp256), .extendedSequenceNumbers(.enabled), .extendedSequenceNumbers(.disabled),
        ])])
        let selected = try #require(ProposalSelector.selectESP(from: offer, policies: DefaultProposals.esp))
        #expect(selected.encryption == .aesGCM(.bits128, icv: .bytes16) && selected.integrity == nil)
        #expect(selected.extendedSequenceNumbers == false, "our policy prefers no ESN")
        #expect(selected.responseProposal(ourSPI: 1).transforms.allSatisfy { $0.type != .keyExchange && $0.type != .integrity })
        // ESP SPIs are four octets.
        let badSPI = SecurityAssociationPayload(proposals: [Proposal(number: 1, protocolID: .esp, spi: [1, 2], transforms: offer.proposals[0].transforms)])
        #expect(ProposalSelector.selectESP(from: badSPI, policies: DefaultProposals.esp) == nil)
    }
}
