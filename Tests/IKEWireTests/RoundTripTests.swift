import Testing
import TestSupport
@testable import IKEWire

/// decode(encode(x)) == x for every payload type, alone and chained.
@Suite struct RoundTripTests {
    @Test(arguments: SamplePayloads.all)
    func singlePayloadRoundTrips(_ payload: IKEPayload) throws {
        let message = SamplePayloads.message([payload])
        let bytes = message.encode()
        #expect(bytes.count == message.encodedLength)
        let decoded = try ReceivedIKEMessage(decoding: bytes)
        #expect(decoded.message == message)
        #expect(decoded.message.encode() == bytes)
    }

    @Test func allPayloadsChainedRoundTrip() throws {
        let message = SamplePayloads.message(SamplePayloads.all)
        let decoded = try ReceivedIKEMessage(decoding: message.encode())
        #expect(decoded.message == message)
    }

    @Test(arguments: [SamplePayloads.encrypted, SamplePayloads.encryptedFragment])
    func encryptedPayloadsRoundTripAfterPlainOnes(_ last: IKEPayload) throws {
        let message = SamplePayloads.message([.notify(NotifyPayload(type: .cookie, data: [1, 2, 3, 4])), last])
        let bytes = message.encode()
        let decoded = try ReceivedIKEMessage(decoding: bytes)
        #expect(decoded.message == message)
        // The SK body is a slice of the received octets, ending at the message end.
        switch decoded.message.payloads.last {
        case .encrypted(let sk)?:
            #expect(sk.body.endIndex == decoded.octets.endIndex)
            #expect(sk.firstPayload == .identificationInitiator)
        case .encryptedFragment(let skf)?:
            #expect(skf.body.endIndex == decoded.octets.endIndex)
        default:
            Issue.record("last payload is not encrypted")
        }
    }

    @Test func innerChainRoundTrips() throws {
        let (first, bytes) = PayloadChain.encode(SamplePayloads.all)
        #expect(first == .securityAssociation)
        let decoded = try PayloadChain.decode(first: first, bytes: bytes[...])
        #expect(decoded == SamplePayloads.all)
        #expect(PayloadChain.encode([]) == (.none, []))
    }

    @Test func receivedOctetsAreKeptExactly() throws {
        // Reserved header bits and a non-zero minor version are ignored on
        // receipt, so the re-encoding differs, but the received octets are kept.
        var bytes = SamplePayloads.message([.nonce(NoncePayload(data: ArraySlice(repeating: 1, count: 16)))]).encode()
        bytes[17] = 0x21  // version 2.1
        bytes[19] |= 0x01  // a reserved flag bit
        let decoded = try ReceivedIKEMessage(decoding: bytes)
        #expect(Array(decoded.octets) == bytes)
        #expect(decoded.message.header.flags == [.initiator])
        #expect(decoded.message.encode() != bytes)
    }

    @Test func messageAccessorsFindPayloads() throws {
        let message = SamplePayloads.message(SamplePayloads.all)
        let payloads = message.payloads
        #expect(payloads.notify(.rekeySA)?.spi == [1, 2, 3, 4])
        #expect(payloads.notify(.cookie) == nil)
        #expect(payloads.nonce?.data.count == 32)
        #expect(payloads.notifies.count == 4)
        #expect(payloads.securityAssociation?.proposals.count == 3)
        #expect(payloads.identificationInitiator?.type == .ipv4Address)
        #expect(payloads.identificationResponder?.type == .fqdn)
        #expect(payloads.certificates.count == 1 && payloads.certificateRequests.count == 1 && payloads.deletes.count == 2)
        #expect(payloads.trafficSelectorInitiator?.selectors.count == 2 && payloads.trafficSelectorResponder?.selectors.count == 3)
        #expect(payloads.configuration?.type == .request && payloads.eap?.type == .identity)
        #expect(payloads.keyExchange?.group == .ecp256 && payloads.authentication?.method == .rsaSignature)
    }
}

extension IKEPayload: CustomTestStringConvertible {
    public var testDescription: String { "\(type)" }
}
