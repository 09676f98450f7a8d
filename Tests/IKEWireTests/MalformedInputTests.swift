import Testing
import TestSupport
@testable import IKEWire

/// Hostile and broken input gives a typed error, never a trap.
@Suite struct MalformedInputTests {
    /// A message with a header and the given raw payload chain.
    private func message(first: UInt8, _ chain: [UInt8], exchange: UInt8 = 35) -> [UInt8] {
        Wire.header(spiI: 1, spiR: 2, next: first, exchange: exchange, flags: 0x08, messageID: 1, bodyLength: chain.count) + chain
    }

    private func decodeError(_ bytes: [UInt8]) -> IKEDecodingError? {
        do {
            _ = try ReceivedIKEMessage(decoding: bytes)
            return nil
        } catch {
            return error
        }
    }

    // MARK: - Header

    @Test func everyTruncationOfAWindowsRequestFails() {
        let bytes = WindowsFixture.classicRequest()
        for length in 0..<bytes.count {
            #expect(decodeError(Array(bytes[..<length])) != nil, "prefix of \(length) octets")
        }
    }

    @Test func truncatedPrefixWithPatchedLengthFailsCleanly() {
        // The same, but with the header's Length patched to match, so each cut
        // lands inside some payload rather than failing the length check.
        let bytes = WindowsFixture.classicRequest()
        for length in 29..<bytes.count {
            var cut = Array(bytes[..<length])
            cut.replaceSubrange(24..<28, with: be32(UInt32(length)))
            #expect(decodeError(cut) != nil, "cut at \(length)")
        }
    }

    @Test func headerLengthMustMatchDatagram() {
        var bytes = WindowsFixture.classicRequest()
        bytes.append(0)
        #expect(decodeError(bytes)?.reason == .lengthMismatch)
        bytes.removeLast(2)
        #expect(decodeError(bytes) != nil)
    }

    @Test func messagesLongerThanAnyTransportCarriesAreRejected() {
        // Two 40,000-octet vendor IDs: valid structure, but 80,064 octets in all,
        // more than the 65,535 we could ever encode again.
        let vendorID = Array(repeating: UInt8(7), count: 40_000)
        let bytes = message(first: 43, Wire.payload(next: 43, vendorID) + Wire.payload(next: 0, vendorID))
        #expect(decodeError(bytes)?.reason == .invalidField("message length \(bytes.count)"))
    }

    @Test(arguments: [(UInt8(0x10), UInt8(1)), (0x30, 3), (0xF0, 15)])
    func otherMajorVersionsAreRejected(version: UInt8, major: UInt8) {
        var bytes = WindowsFixture.classicRequest()
        bytes[17] = version
        let error = decodeError(bytes)
        #expect(error?.reason == .unsupportedMajorVersion(major))
        #expect(error?.notifyType == .invalidMajorVersion)
    }

    // MARK: - Payload chain

    @Test func unknownCriticalPayloadIsRejectedWithItsType() {
        let bytes = message(first: 200, Wire.payload(next: 0, critical: true, [1, 2, 3]))
        let error = decodeError(bytes)
        #expect(error?.reason == .unsupportedCriticalPayload(PayloadType(rawValue: 200)))
        #expect(error?.notifyType == .unsupportedCriticalPayload)
    }

    @Test func unknownNonCriticalPayloadIsKeptAndSkipped() throws {
        let chain = Wire.payload(next: 40, [9, 9]) + Wire.payload(next: 0, Array(repeating: 1, count: 16))
        let decoded = try ReceivedIKEMessage(decoding: message(first: 199, chain))
        #expect(decoded.message.payloads == [
            .unrecognized(UnrecognizedPayload(type: PayloadType(rawValue: 199), body: [9, 9])),
            .nonce(NoncePayload(data: ArraySlice(repeating: 1, count: 16))),
        ])
    }

    @Test func criticalBitOnAKnownPayloadIsIgnored() throws {
        let decoded = try ReceivedIKEMessage(decoding: message(first: 40, Wire.payload(next: 0, critical: true, Array(repeating: 2, count: 16))))
        #expect(decoded.message.payloads == [.nonce(NoncePayload(data: ArraySlice(repeating: 2, count: 16)))])
    }

    /// CVE-2015-3991: IKEv1 payload types inside IKEv2 are just unknown types.
    @Test func ikev1PayloadTypesAreNotParsed() throws {
        let ikev1SA = Wire.payload(next: 0, critical: true, [0, 0, 0, 1, 0, 0, 0, 1])
        #expect(decodeError(message(first: 1, ikev1SA))?.reason == .unsupportedCriticalPayload(PayloadType(rawValue: 1)))
        let decoded = try ReceivedIKEMessage(decoding: message(first: 1, Wire.payload(next: 0, [0, 0, 0, 1])))
        #expect(decoded.message.payloads.first?.type == PayloadType(rawValue: 1))
    }

    @Test(arguments: [0, 1, 2, 3])
    func payloadLengthBelowHeaderSizeIsRejected(length: Int) {
        let chain: [UInt8] = [0, 0] + be16(length) + [0, 0, 0, 0]
        #expect(decodeError(message(first: 43, chain))?.payload == .vendorID)
    }

    @Test func payloadLengthPastTheEndIsRejected() {
        let chain: [UInt8] = [0, 0] + be16(200) + [1, 2, 3, 4]
        #expect(decodeError(message(first: 43, chain)) == IKEDecodingError(.truncated, payload: .vendorID))
    }

    @Test func bytesAfterTheLastPayloadAreRejected() {
        #expect(decodeError(message(first: 43, Wire.payload(next: 0, [1]) + [0, 0, 0, 0]))?.reason == .lengthMismatch)
    }

    @Test func encryptedPayloadMustBeLast() {
        let chain = Wire.payload(next: 35, Array(repeating: 0, count: 32)) + Wire.payload(next: 0, [1])
        #expect(decodeError(message(first: 46, chain))?.reason == .misplacedPayload(.encrypted))
    }

    @Test func encryptedPayloadMayNotNest() {
        let inner = Wire.payload(next: 35, Array(repeating: 0, count: 32))
        #expect(throws: IKEDecodingError(.misplacedPayload(.encrypted))) {
            try PayloadChain.decode(first: .encrypted, bytes: inner[...])
        }
        #expect(throws: IKEDecodingError(.misplacedPayload(.encryptedFragment))) {
            try PayloadChain.decode(first: .encryptedFragment, bytes: Wire.payload(next: 0, [0, 1, 0, 1])[...])
        }
    }

    @Test(arguments: [(0, 5), (6, 5), (1, 0)])
    func fragmentNumbersOutOfRangeAreRejected(number: Int, total: Int) {
        let chain = Wire.payload(next: 0, be16(number) + be16(total) + Array(repeating: 0, count: 16))
        #expect(decodeError(message(first: 53, chain))?.payload == .encryptedFragment)
    }

    // MARK: - SA

    private func saMessage(_ proposals: [UInt8]) -> [UInt8] {
        message(first: 33, Wire.payload(next: 0, proposals), exchange: 34)
    }

    @Test func emptySAIsRejected() {
        #expect(decodeError(saMessage([])) != nil)
    }

    @Test func transformCountMustMatch() {
        var proposal = Wire.proposal(last: true, number: 1, protocolID: 1, transforms: [Wire.transform(last: true, type: 1, id: 3)])
        proposal[7] = 2
        #expect(decodeError(saMessage(proposal))?.reason == .invalidField("proposal transform count"))
    }

    @Test func lastSubstrucMustBeConsistent() {
        // A proposal claiming to be last, followed by another.
        let p1 = Wire.proposal(last: true, number: 1, protocolID: 1, transforms: [Wire.transform(last: true, type: 1, id: 3)])
        #expect(decodeError(saMessage(p1 + p1))?.reason == .lengthMismatch)
        // A proposal claiming more follow, with none after it.
        let p2 = Wire.proposal(last: false, number: 1, protocolID: 1, transforms: [Wire.transform(last: true, type: 1, id: 3)])
        #expect(decodeError(saMessage(p2)) != nil)
        // Invalid Last Substruc values.
        var p3 = p1
        p3[0] = 3
        #expect(decodeError(saMessage(p3))?.reason == .invalidField("proposal Last Substruc"))
        let t = Wire.transform(last: true, type: 1, id: 3)
        var badTransform = t
        badTransform[0] = 2
        #expect(decodeError(saMessage(Wire.proposal(last: true, number: 1, protocolID: 1, transforms: [badTransform])))?.reason
            == .invalidField("transform Last Substruc"))
    }

    @Test func keyLengthMustBeShortFormAndSingle() {
        let tlvKeyLength: [UInt8] = [0, 14] + be16(2) + be16(256)
        let transform: [UInt8] = [0, 0] + be16(8 + tlvKeyLength.count) + [1, 0] + be16(12) + tlvKeyLength
        #expect(decodeError(saMessage(Wire.proposal(last: true, number: 1, protocolID: 1, transforms: [transform])))?.reason
            == .invalidField("Key Length attribute"))
        let twice: [UInt8] = [0x80, 14] + be16(128) + [0x80, 14] + be16(256)
        let transform2: [UInt8] = [0, 0] + be16(8 + twice.count) + [1, 0] + be16(12) + twice
        #expect(decodeError(saMessage(Wire.proposal(last: true, number: 1, protocolID: 1, transforms: [transform2])))?.reason
            == .invalidField("Key Length attribute"))
    }

    @Test func attributeRunningPastTransformIsRejected() {
        let attribute: [UInt8] = [0, 99] + be16(40) + [1, 2]
        let transform: [UInt8] = [0, 0] + be16(8 + attribute.count) + [1, 0] + be16(12) + attribute
        #expect(decodeError(saMessage(Wire.proposal(last: true, number: 1, protocolID: 1, transforms: [transform])))
            == IKEDecodingError(.truncated, payload: .securityAssociation))
    }

    @Test func proposalSPILongerThanProposalIsRejected() {
        var proposal = Wire.proposal(last: true, number: 1, protocolID: 3, spi: [1, 2, 3, 4], transforms: [])
        proposal[6] = 200
        #expect(decodeError(saMessage(proposal))?.reason == .truncated)
    }

    // MARK: - Other payloads

    @Test func deleteSPISizesAreChecked() {
        let ikeWithSPI = Wire.payload(next: 0, [1, 8] + be16(1) + Array(repeating: 0, count: 8))
        #expect(decodeError(message(first: 42, ikeWithSPI))?.payload == .delete)
        let espWrongSize = Wire.payload(next: 0, [3, 8] + be16(1) + Array(repeating: 0, count: 8))
        #expect(decodeError(message(first: 42, espWrongSize))?.payload == .delete)
        let espCountTooHigh = Wire.payload(next: 0, [3, 4] + be16(3) + Array(repeating: 0, count: 8))
        #expect(decodeError(message(first: 42, espCountTooHigh)) == IKEDecodingError(.lengthMismatch, payload: .delete))
    }

    @Test func trafficSelectorCountAndLengthsAreChecked() {
        // Claims 255 selectors but holds none: fails without reserving for 255.
        let tooMany = Wire.payload(next: 0, [255, 0, 0, 0])
        #expect(decodeError(message(first: 44, tooMany)) == IKEDecodingError(.truncated, payload: .trafficSelectorInitiator))
        // An IPv4 selector with an IPv6 length.
        let wrongLength = Wire.payload(next: 0, [1, 0, 0, 0, 7, 0] + be16(40) + Array(repeating: 0, count: 36))
        #expect(decodeError(message(first: 44, wrongLength))?.reason == .invalidField("IPv4 traffic selector length"))
        // One selector followed by stray octets.
        let stray = Wire.payload(next: 0, [1, 0, 0, 0, 7, 0] + be16(16) + Array(repeating: 0, count: 12) + [0])
        #expect(decodeError(message(first: 45, stray))?.reason == .lengthMismatch)
    }

    @Test func configurationAttributeLengthsAreChecked() {
        let threeOctetAddress = Wire.payload(next: 0, [2, 0, 0, 0] + be16(1) + be16(3) + [198, 18, 0])
        #expect(decodeError(message(first: 47, threeOctetAddress))?.payload == .configuration)
        let runsPastEnd = Wire.payload(next: 0, [2, 0, 0, 0] + be16(3) + be16(8) + [1, 2, 3, 4])
        #expect(decodeError(message(first: 47, runsPastEnd)) == IKEDecodingError(.truncated, payload: .configuration))
    }

    @Test func eapFramingIsChecked() {
        // EAP Length disagrees with the payload.
        #expect(decodeError(message(first: 48, Wire.payload(next: 0, [2, 1] + be16(10) + [1, 65])))
            == IKEDecodingError(.lengthMismatch, payload: .eap))
        // Unknown code.
        #expect(decodeError(message(first: 48, Wire.payload(next: 0, [5, 1] + be16(4))))?.reason == .invalidField("EAP code"))
        // Success carrying data.
        #expect(decodeError(message(first: 48, Wire.payload(next: 0, [3, 1] + be16(5) + [0]))) != nil)
        // A Response without a type.
        #expect(decodeError(message(first: 48, Wire.payload(next: 0, [2, 1] + be16(4)))) != nil)
    }

    @Test func notifySPILongerThanPayloadIsRejected() {
        #expect(decodeError(message(first: 41, Wire.payload(next: 0, [3, 16] + be16(16393) + [1, 2, 3, 4])))
            == IKEDecodingError(.truncated, payload: .notify))
    }

    // MARK: - Mutation

    /// Random byte flips, insertions and deletions over valid messages: the
    /// decoder must only ever throw, and whatever it accepts must round-trip.
    @Test func randomMutationsNeverTrapAndAcceptedMessagesRoundTrip() throws {
        var generator = SplitMix64(state: 0x6761_7465_686F_7573)
        let seeds = [
            WindowsFixture.classicRequest(),
            WindowsFixture.windows11MultiTransformRequest(),
            SamplePayloads.message(SamplePayloads.all).encode(),
            SamplePayloads.message([SamplePayloads.encryptedFragment]).encode(),
        ]
        var accepted = 0
        for iteration in 0..<20_000 {
            var bytes = seeds[iteration % seeds.count]
            for _ in 0..<Int.random(in: 1...4, using: &generator) {
                let position = Int.random(in: 0..<bytes.count, using: &generator)
                switch Int.random(in: 0..<3, using: &generator) {
                case 0: bytes[position] = UInt8.random(in: 0...255, using: &generator)
                case 1: bytes.insert(UInt8.random(in: 0...255, using: &generator), at: position)
                default: if bytes.count > 1 { bytes.remove(at: position) }
                }
            }
            guard let decoded = try? ReceivedIKEMessage(decoding: bytes) else { continue }
            accepted += 1
            let reencoded = try ReceivedIKEMessage(decoding: decoded.message.encode())
            #expect(reencoded.message == decoded.message)
        }
        // Byte flips in data fields keep messages valid; some must get through,
        // or the round-trip check above tested nothing.
        #expect(accepted > 100)
    }
}
