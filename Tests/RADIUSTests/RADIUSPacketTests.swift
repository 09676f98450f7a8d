import IKECrypto
import IKEWire
import Testing
import TestSupport
@testable import RADIUS

typealias V = RADIUSVectors

/// Decoding the RFC 2865 §7 example packets byte for byte, encoding, and the
/// length rules of RFC 2865 §3 and §5.
@Suite struct RADIUSPacketTests {
    @Test func rfc2865AccessRequestDecodes() throws {
        let packet = try RADIUSPacket(decoding: V.rfc2865AccessRequest)
        #expect(packet.code == .accessRequest)
        #expect(packet.identifier == 0)
        #expect(packet.authenticator == hex("0f403f9473978057bd83d5cb98f4227a"))
        #expect(packet.attributes.map(\.type.rawValue) == [1, 2, 4, 5])
        #expect(try packet.first(.userName)?.text() == "nemo")
        #expect(packet.attributes[1].value == hex("0dbe708d93d413ce3196e43f782a0aee"))
        #expect(try packet.first(.nasIPAddress)?.ipv4Address() == IPv4Address(192, 168, 1, 16))
        #expect(try packet.attributes[3].integer() == 3)
        #expect(try packet.encoded() == V.rfc2865AccessRequest)
    }

    @Test func rfc2865AccessAcceptDecodesAndItsResponseAuthenticatorVerifies() throws {
        let packet = try RADIUSPacket(decoding: V.rfc2865AccessAccept)
        #expect(packet.code == .accessAccept && packet.identifier == 0)
        #expect(try packet.first(.serviceType)?.integer() == 1)
        #expect(try packet.attributes[1].integer() == 0)
        #expect(try packet.attributes[2].ipv4Address() == IPv4Address(192, 168, 1, 3))
        #expect(try packet.encoded() == V.rfc2865AccessAccept)
        // RFC 2865 §3: MD5(Code+ID+Length+RequestAuth+Attributes+Secret).
        let secret = SecretBytes(Array(V.rfc2865Secret.utf8))
        let requestAuthenticator = Array(V.rfc2865AccessRequest[4..<20])
        #expect(try RADIUSDigest.authenticator(V.rfc2865AccessAccept[...], authenticatorField: requestAuthenticator, secret: secret)
            == packet.authenticator)
        #expect(try RADIUSDigest.authenticator(V.rfc2865AccessAccept[...], authenticatorField: requestAuthenticator,
                                               secret: SecretBytes(Array("xyzzy5462".utf8))) != packet.authenticator)
        // It has no Message-Authenticator, which this gateway requires of
        // every Access-Accept (BlastRADIUS), so it is refused as a whole.
        #expect(throws: RADIUSAuthenticationError.missingMessageAuthenticator) {
            try RADIUSPacket.verifiedResponse(V.rfc2865AccessAccept, requestAuthenticator: requestAuthenticator, secret: secret)
        }
    }

    @Test func rfc2865CHAPRequestAndChallengeDecode() throws {
        let request = try RADIUSPacket(decoding: V.rfc2865CHAPRequest)
        #expect(request.identifier == 1)
        #expect(try request.first(.userName)?.text() == "flopsy")
        #expect(request.attributes.map(\.type.rawValue) == [1, 3, 4, 5, 6, 7])
        #expect(try request.first(.serviceType)?.integer() == 2)
        #expect(try request.encoded() == V.rfc2865CHAPRequest)

        let challenge = try RADIUSPacket(decoding: V.rfc2865AccessChallenge)
        #expect(challenge.code == .accessChallenge && challenge.identifier == 2)
        #expect(try challenge.first(.replyMessage)?.text() == "Challenge 32769430.  Enter response at prompt.")
        #expect(try challenge.first(.state)?.text() == "32769430")
        #expect(try challenge.encoded() == V.rfc2865AccessChallenge)
    }

    @Test func trailingOctetsBeyondLengthAreIgnored() throws {
        let padded = V.rfc2865AccessAccept + [0xde, 0xad, 0x01, 0x00]
        #expect(try RADIUSPacket(decoding: padded) == RADIUSPacket(decoding: V.rfc2865AccessAccept))
    }

    @Test func everyTruncationIsRefused() {
        let packet = V.accessAccept
        for count in 0..<packet.count {
            let expected: RADIUSDecodingError = count < 20
                ? .truncatedHeader(octets: count) : .lengthExceedsDatagram(length: packet.count, datagram: count)
            #expect(throws: expected) { try RADIUSPacket(decoding: packet.prefix(count)) }
        }
    }

    @Test func everyShortenedLengthFieldCutsAtAnAttributeBoundaryOrIsRefused() throws {
        // The Length field shortened to each value from 20 up: the packet
        // decodes only where an attribute ends, else its last attribute is
        // truncated.
        let full = try RADIUSPacket(decoding: V.accessAccept)
        var boundaries: [Int: Int] = [20: 0]
        var end = 20
        for (index, attribute) in full.attributes.enumerated() {
            end += 2 + attribute.value.count
            boundaries[end] = index + 1
        }
        for length in 20..<V.accessAccept.count {
            var octets = V.accessAccept
            octets[2] = UInt8(length >> 8)
            octets[3] = UInt8(length & 0xFF)
            if let count = boundaries[length] {
                #expect(try RADIUSPacket(decoding: octets).attributes == Array(full.attributes.prefix(count)))
            } else {
                do {
                    _ = try RADIUSPacket(decoding: octets)
                    Issue.record("length \(length) decoded")
                } catch {
                    guard case .attributeTruncated = error else { Issue.record("length \(length): \(error)"); continue }
                }
            }
        }
    }

    static func packet(attributes: [UInt8]) -> [UInt8] {
        let length = 20 + attributes.count
        return [2, 1, UInt8(length >> 8), UInt8(length & 0xFF)] + [UInt8](repeating: 0, count: 16) + attributes
    }

    @Test func attributeLengthsZeroAndOneRejectThePacket() {
        // Before and after a good attribute, and as the last octets: the
        // whole packet is refused, however the rest looks.
        #expect(throws: RADIUSDecodingError.attributeTooShort(offset: 20, length: 0)) {
            try RADIUSPacket(decoding: Self.packet(attributes: [1, 0, 1, 6, 0x6e, 0x65, 0x6d, 0x6f]))
        }
        #expect(throws: RADIUSDecodingError.attributeTooShort(offset: 26, length: 1)) {
            try RADIUSPacket(decoding: Self.packet(attributes: [1, 6, 0x6e, 0x65, 0x6d, 0x6f, 18, 1, 0, 0]))
        }
        #expect(throws: RADIUSDecodingError.attributeTooShort(offset: 20, length: 1)) {
            try RADIUSPacket(decoding: Self.packet(attributes: [79, 1]))
        }
    }

    @Test func attributesOverrunningThePacketAreRefused() {
        #expect(throws: RADIUSDecodingError.attributeTruncated(offset: 20)) {
            try RADIUSPacket(decoding: Self.packet(attributes: [1, 7, 0x6e, 0x65, 0x6d, 0x6f]))
        }
        // A lone type octet: no room for the length.
        #expect(throws: RADIUSDecodingError.attributeTruncated(offset: 26)) {
            try RADIUSPacket(decoding: Self.packet(attributes: [1, 6, 0x6e, 0x65, 0x6d, 0x6f, 18]))
        }
        // The attribute fits the datagram but not the Length field.
        var octets = Self.packet(attributes: [1, 6, 0x6e, 0x65, 0x6d, 0x6f])
        octets[3] -= 1
        #expect(throws: RADIUSDecodingError.attributeTruncated(offset: 20)) { try RADIUSPacket(decoding: octets) }
    }

    @Test func lengthFieldBounds() throws {
        var octets = Self.packet(attributes: [])
        octets[3] = 19
        #expect(throws: RADIUSDecodingError.invalidLength(19)) { try RADIUSPacket(decoding: octets) }
        octets[3] = 0
        #expect(throws: RADIUSDecodingError.invalidLength(0)) { try RADIUSPacket(decoding: octets) }
        let long = [2, 1, 0x10, 0x01] + [UInt8](repeating: 0, count: 16) + [UInt8](repeating: 0, count: 4077)
        #expect(throws: RADIUSDecodingError.invalidLength(4097)) { try RADIUSPacket(decoding: long) }
        octets[3] = 21
        #expect(throws: RADIUSDecodingError.lengthExceedsDatagram(length: 21, datagram: 20)) { try RADIUSPacket(decoding: octets) }
        octets[3] = 20
        #expect(throws: Never.self) { try RADIUSPacket(decoding: octets) }
        // 4096 exactly is allowed: 15 attributes of 253-octet values and one of 249.
        let attributes = (0..<15).flatMap { _ in [26, 255] + [UInt8](repeating: 0, count: 253) } + [18, 251] + [UInt8](repeating: 0x41, count: 249)
        let maximal = [2, 1, 0x10, 0x00] + [UInt8](repeating: 0, count: 16) + attributes
        #expect(maximal.count == 4096)
        #expect(try RADIUSPacket(decoding: maximal).encoded() == maximal)
    }

    @Test func encoderRefusesLongValuesAndPackets() throws {
        let authenticator = [UInt8](repeating: 0, count: 16)
        let ok = RADIUSPacket(code: .accessRequest, identifier: 1, authenticator: authenticator,
                              attributes: [RADIUSAttribute(.state, value: [UInt8](repeating: 1, count: 253))])
        #expect(try ok.encoded().count == 20 + 255)
        var long = ok
        long.attributes[0].value.append(0)
        #expect(throws: RADIUSEncodingError.valueTooLong(.state, 254)) { try long.encoded() }
        var big = ok
        big.attributes = Array(repeating: RADIUSAttribute(.class, value: [UInt8](repeating: 1, count: 253)), count: 17)
        #expect(throws: RADIUSEncodingError.packetTooLong(20 + 17 * 255)) { try big.encoded() }
        var badAuthenticator = ok
        badAuthenticator.authenticator = [1, 2, 3]
        #expect(throws: RADIUSEncodingError.invalidAuthenticator(3)) { try badAuthenticator.encoded() }
    }

    @Test func typedAccessors() throws {
        #expect(RADIUSAttribute(.sessionTimeout, integer: 0x0102_0304).value == [1, 2, 3, 4])
        #expect(try RADIUSAttribute(.sessionTimeout, integer: 3600).integer() == 3600)
        #expect(throws: RADIUSDecodingError.malformedValue(.sessionTimeout, "3 octets, not 4")) {
            try RADIUSAttribute(.sessionTimeout, value: [0, 0, 1]).integer()
        }
        #expect(try RADIUSAttribute(.framedIPAddress, address: IPv4Address(10, 1, 2, 3)).ipv4Address() == IPv4Address(10, 1, 2, 3))
        #expect(throws: RADIUSDecodingError.self) { try RADIUSAttribute(.framedIPAddress, value: [10, 1, 2]).ipv4Address() }
        let v6 = try #require(IPv6Address("2001:db8::1"))
        #expect(try RADIUSAttribute(.framedIPv6Address, address: v6).ipv6Address() == v6)
        #expect(throws: RADIUSDecodingError.self) { try RADIUSAttribute(.nasIPv6Address, value: [UInt8](repeating: 0, count: 15)).ipv6Address() }
        #expect(try RADIUSAttribute(.filterID, text: "staff").text() == "staff")
        #expect(throws: RADIUSDecodingError.malformedValue(.replyMessage, "not UTF-8")) {
            try RADIUSAttribute(.replyMessage, value: [0xC3, 0x28]).text()
        }
        #expect(RADIUSAttributeType(rawValue: 200).description == "Attribute(200)")
        #expect(RADIUSAttributeType.framedIPv6Address.description == "Framed-IPv6-Address")
        #expect(RADIUSCode(rawValue: 40).description == "Code(40)")
    }
}
