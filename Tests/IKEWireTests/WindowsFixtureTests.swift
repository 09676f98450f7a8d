import Testing
import TestSupport
@testable import IKEWire

/// The IKE_SA_INIT requests of Windows' built-in client decode field by field,
/// and re-encode to the same octets (our encoding is canonical).
@Suite struct WindowsFixtureTests {
    private func decode(_ bytes: [UInt8]) throws -> IKEMessage {
        let received = try ReceivedIKEMessage(decoding: bytes)
        #expect(received.octets.elementsEqual(bytes))
        #expect(received.message.encode() == bytes, "re-encoding must reproduce the octets")
        return received.message
    }

    /// The payloads after SA, common to all Windows variants.
    private func checkCommonPayloads(_ payloads: ArraySlice<IKEPayload>, fragmentation: Bool) {
        var expected: [IKEPayload] = [
            .keyExchange(KeyExchangePayload(group: .modp1024, data: ArraySlice(WindowsFixture.keyExchangeData))),
            .nonce(NoncePayload(data: ArraySlice(WindowsFixture.nonce))),
        ]
        if fragmentation { expected.append(.notify(NotifyPayload(type: .fragmentationSupported))) }
        expected.append(.notify(NotifyPayload(type: .natDetectionSourceIP, data: ArraySlice(WindowsFixture.natSourceHash))))
        expected.append(.notify(NotifyPayload(type: .natDetectionDestinationIP, data: ArraySlice(WindowsFixture.natDestinationHash))))
        expected += WindowsFixture.vendorIDs.map { .vendorID(VendorIDPayload(data: ArraySlice($0))) }
        #expect(Array(payloads) == expected)
    }

    @Test func classicWindowsRequestDecodesEveryField() throws {
        let bytes = WindowsFixture.classicRequest()
        #expect(bytes.count == 880, "the captured Windows IKE_SA_INIT is 880 octets")
        let message = try decode(bytes)

        #expect(message.header == IKEHeader(initiatorSPI: WindowsFixture.initiatorSPI, responderSPI: 0,
                                            exchangeType: .ikeSAInit, flags: .initiator, messageID: 0))
        #expect(message.payloads.map(\.type) == [.securityAssociation, .keyExchange, .nonce, .notify, .notify,
                                                 .vendorID, .vendorID, .vendorID, .vendorID])
        guard case .securityAssociation(let sa) = message.payloads[0] else {
            Issue.record("first payload is not SA")
            return
        }
        #expect(sa.bodyLength + 4 == 520, "the captured SA payload is 520 octets")
        #expect(sa.proposals.count == 12)
        for (index, (proposal, suite)) in zip(sa.proposals, WindowsFixture.classicSuites).enumerated() {
            #expect(proposal.number == UInt8(index + 1))
            #expect(proposal.protocolID == .ike)
            #expect(proposal.spi.isEmpty)
            #expect(proposal.transforms == [
                Transform(type: .encryption, id: UInt16(suite.encr), keyLength: suite.keyLength.map(UInt16.init)),
                Transform(type: .integrity, id: UInt16(suite.integ)),
                Transform(type: .pseudorandomFunction, id: UInt16(suite.prf)),
                .keyExchange(.modp1024),
            ])
        }
        #expect(sa.proposals[0].transforms.map(\.description) == ["3DES", "AUTH_HMAC_SHA1_96", "PRF_HMAC_SHA1", "MODP_1024"])
        #expect(sa.proposals[11].transforms[0].description == "AES_CBC_256")
        checkCommonPayloads(message.payloads.dropFirst(), fragmentation: false)
    }

    @Test func windows11SingleCombinationLayoutDecodes() throws {
        let message = try decode(WindowsFixture.windows11SingleCombinationRequest())
        guard case .securityAssociation(let sa) = message.payloads[0] else {
            Issue.record("first payload is not SA")
            return
        }
        #expect(sa.proposals.count == 18)
        let gcm = sa.proposals[12...]
        #expect(gcm.allSatisfy { Array($0.transforms(of: .integrity)).isEmpty })
        #expect(gcm.map { $0.transforms[0] } == [128, 128, 128, 256, 256, 256].map { .encryption(.aesGCM16, keyLength: $0) })
        checkCommonPayloads(message.payloads.dropFirst(), fragmentation: true)
    }

    @Test func windows11MultiTransformLayoutDecodes() throws {
        let message = try decode(WindowsFixture.windows11MultiTransformRequest())
        guard case .securityAssociation(let sa) = message.payloads[0] else {
            Issue.record("first payload is not SA")
            return
        }
        #expect(sa.proposals.map(\.number) == [1, 2])
        #expect(Array(sa.proposals[0].transforms(of: .encryption)) == [
            .encryption(.tripleDES), .encryption(.aesCBC, keyLength: 128),
            .encryption(.aesCBC, keyLength: 192), .encryption(.aesCBC, keyLength: 256),
        ])
        #expect(Array(sa.proposals[0].transforms(of: .integrity)) == [.integrity(.hmacSHA1_96), .integrity(.hmacSHA256_128), .integrity(.hmacSHA384_192)])
        #expect(Array(sa.proposals[1].transforms(of: .pseudorandomFunction)) == [.prf(.hmacSHA1), .prf(.hmacSHA256), .prf(.hmacSHA384)])
        #expect(Array(sa.proposals[1].transforms(of: .keyExchange)) == [.keyExchange(.modp1024)])
        checkCommonPayloads(message.payloads.dropFirst(), fragmentation: true)
    }

    @Test func windowsVendorIDsKeepTheirOrder() throws {
        let message = try decode(WindowsFixture.classicRequest())
        let vendorIDs = message.payloads.compactMap { payload -> [UInt8]? in
            if case .vendorID(let v) = payload { Array(v.data) } else { nil }
        }
        #expect(vendorIDs == WindowsFixture.vendorIDs)
    }
}
