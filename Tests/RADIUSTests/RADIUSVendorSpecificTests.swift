import IKEWire
import Testing
import TestSupport
@testable import RADIUS

/// Vendor-Specific (RFC 2865 §5.26) and EAP-Message (RFC 3579 §3.1).
@Suite struct RADIUSVendorSpecificTests {
    @Test func microsoftSubAttributesDecode() throws {
        let packet = try RADIUSPacket(decoding: V.accessAccept)
        let microsoft = try packet.vendorSpecific(RADIUSVendorSpecific.microsoft)
        #expect(microsoft.count == 2)
        #expect(microsoft[0].values(ofType: MicrosoftAttributeType.mppeRecvKey.rawValue) == [V.mppeRecvValue])
        #expect(microsoft[1].values(ofType: MicrosoftAttributeType.mppeSendKey.rawValue) == [V.mppeSendValue])
        #expect(try packet.vendorSpecific(9).isEmpty)
    }

    @Test func dnsServersRoundTrip() throws {
        let vendorSpecific = RADIUSVendorSpecific(vendorID: RADIUSVendorSpecific.microsoft, attributes: [
            RADIUSVendorAttribute(type: MicrosoftAttributeType.primaryDNSServer.rawValue, value: [10, 0, 0, 53]),
            RADIUSVendorAttribute(type: MicrosoftAttributeType.secondaryDNSServer.rawValue, value: [10, 0, 1, 53]),
        ])
        let attribute = try RADIUSAttribute(vendorSpecific: vendorSpecific)
        #expect(attribute.value == [0, 0, 1, 0x37, 28, 6, 10, 0, 0, 53, 29, 6, 10, 0, 1, 53])
        #expect(try attribute.vendorSpecific() == vendorSpecific)
    }

    @Test func malformedVendorSpecificIsRefused() {
        let bad: [(String, [UInt8])] = [
            ("no sub-attribute", [0, 0, 1, 0x37]),
            ("short", [0, 0, 1]),
            ("Vendor-Id high octet", [1, 0, 1, 0x37, 16, 2]),
            ("sub-attribute length 0", [0, 0, 1, 0x37, 16, 0, 1, 2]),
            ("sub-attribute length 1", [0, 0, 1, 0x37, 16, 1, 1, 2]),
            ("sub-attribute overruns", [0, 0, 1, 0x37, 16, 5, 1, 2]),
            ("trailing octet", [0, 0, 1, 0x37, 16, 3, 1, 2]),
        ]
        for (name, value) in bad {
            #expect(throws: RADIUSDecodingError.self, "\(name)") {
                try RADIUSAttribute(.vendorSpecific, value: value).vendorSpecific()
            }
            // A packet with it still decodes (the VSA is read when asked),
            // but asking for any vendor's attributes fails.
            let packet = RADIUSPacket(code: .accessAccept, identifier: 0, authenticator: [UInt8](repeating: 0, count: 16),
                                      attributes: [RADIUSAttribute(.vendorSpecific, value: value)])
            #expect(throws: RADIUSDecodingError.self, "\(name)") { try packet.vendorSpecific(RADIUSVendorSpecific.microsoft) }
        }
        #expect(throws: RADIUSDecodingError.self) { try RADIUSAttribute(.class, value: [0, 0, 1, 0x37, 16, 2]).vendorSpecific() }
        #expect(throws: RADIUSEncodingError.invalidVendorID(0x0100_0000)) {
            try RADIUSVendorSpecific(vendorID: 0x0100_0000, attributes: [RADIUSVendorAttribute(type: 1, value: [])]).encoded()
        }
        #expect(throws: RADIUSEncodingError.valueTooLong(.vendorSpecific, 254)) {
            try RADIUSVendorSpecific(vendorID: 311, attributes: [RADIUSVendorAttribute(type: 1, value: [UInt8](repeating: 0, count: 248))]).encoded()
        }
    }

    @Test func eapMessageSplitsAt253AndJoins() throws {
        var eap: [UInt8] = [2, 5, 0x02, 0x58] + (4..<600).map { UInt8(truncatingIfNeeded: $0) }
        let attributes = RADIUSPacket.eapMessageAttributes(eap)
        #expect(attributes.map(\.value.count) == [253, 253, 94])
        #expect(attributes.allSatisfy { $0.type == .eapMessage })
        var packet = RADIUSPacket(code: .accessRequest, identifier: 3, authenticator: V.requestAuthenticator,
                                  attributes: [RADIUSAttribute(.userName, text: "nemo")] + attributes + [RADIUSAttribute(.state, value: V.state)])
        #expect(try packet.eapMessage() == eap)
        // Through the wire and back.
        #expect(try RADIUSPacket(decoding: packet.encoded()).eapMessage() == eap)
        // Exactly 253 octets: one attribute.
        eap = [2, 5, 0, 253] + [UInt8](repeating: 7, count: 249)
        #expect(RADIUSPacket.eapMessageAttributes(eap).count == 1)
        #expect(RADIUSPacket(code: .accessRequest, identifier: 0, authenticator: V.requestAuthenticator).attributes.isEmpty)
        #expect(try RADIUSPacket(code: .accessAccept, identifier: 0, authenticator: V.requestAuthenticator).eapMessage() == nil)

        // Not consecutive (RFC 3579 §3.1).
        packet.attributes.swapAt(2, 4)
        #expect(throws: RADIUSDecodingError.malformedEAPMessage("attributes are not consecutive")) { try packet.eapMessage() }
    }

    @Test func eapMessageLengthMustMatch() throws {
        func packet(_ eap: [UInt8]) -> RADIUSPacket {
            RADIUSPacket(code: .accessChallenge, identifier: 0, authenticator: V.requestAuthenticator,
                         attributes: RADIUSPacket.eapMessageAttributes(eap))
        }
        #expect(throws: RADIUSDecodingError.self) { try packet([1, 2, 0, 6, 1]).eapMessage() }
        #expect(throws: RADIUSDecodingError.self) { try packet([1, 2, 0, 4, 1]).eapMessage() }
        #expect(throws: RADIUSDecodingError.self) { try packet([1, 2, 0]).eapMessage() }
        #expect(throws: RADIUSDecodingError.self) {
            try RADIUSPacket(code: .accessChallenge, identifier: 0, authenticator: V.requestAuthenticator,
                             attributes: [RADIUSAttribute(.eapMessage, value: [])]).eapMessage()
        }
        #expect(try packet([3, 2, 0, 4]).eapMessage() == [3, 2, 0, 4])
    }
}
