import IKEWire
import Testing
import TestSupport
@testable import DHCP

/// Hostile and broken packets: each a typed error, none a trap.
@Suite struct MalformedPacketTests {
    typealias F = InformFixture

    let responder: DHCPInformResponder
    init() throws { responder = try DHCPInformResponderTests.responder() }

    func handle(_ packet: [UInt8]) throws(DHCPError) -> DHCPHandling { try responder.handle(packet, from: F.client) }

    /// Rewrites the IPv4 header checksum after a change to the header.
    static func resum(_ packet: [UInt8]) -> [UInt8] {
        var packet = packet
        packet[10] = 0
        packet[11] = 0
        let sum = F.checksum(Array(packet[0..<(Int(packet[0] & 0x0F) * 4)]))
        packet[10] = UInt8(sum >> 8)
        packet[11] = UInt8(sum & 0xFF)
        return packet
    }

    @Test func truncatedIPHeader() {
        #expect(throws: DHCPError.truncatedIPHeader(octets: 0)) { try handle([]) }
        #expect(throws: DHCPError.truncatedIPHeader(octets: 19)) { try handle(Array(F.windowsInform.prefix(19))) }
        // IHL of 6 words with only 20 octets.
        var header = Array(F.windowsInform.prefix(20))
        header[0] = 0x46
        #expect(throws: DHCPError.truncatedIPHeader(octets: 20)) { try handle(header) }
    }

    @Test func badIHL() {
        for ihl: UInt8 in 0..<5 {
            var packet = F.windowsInform
            packet[0] = 0x40 | ihl
            #expect(throws: DHCPError.invalidIPHeaderLength(Int(ihl) * 4)) { try handle(packet) }
        }
    }

    @Test func totalLengthBeyondTheBuffer() {
        let packet = F.windowsInform
        #expect(throws: DHCPError.invalidTotalLength(declared: packet.count, available: packet.count - 1)) {
            try handle(Array(packet.dropLast()))
        }
        var short = packet
        short[2] = 0
        short[3] = 19
        #expect(throws: DHCPError.invalidTotalLength(declared: 19, available: packet.count)) { try handle(short) }
    }

    @Test func fragmentedRequest() {
        // More Fragments on the first fragment of a datagram to port 67.
        let first = F.packet(F.bootp(), flagsAndOffset: 0x2000)
        #expect(throws: DHCPError.fragmented) { try handle(first) }
    }

    @Test func badIPChecksum() {
        var packet = F.windowsInform
        packet[8] = 127 // TTL changed, checksum not
        #expect(throws: DHCPError.ipHeaderChecksum) { try handle(packet) }
    }

    @Test func udpLengthWrong() {
        var packet = F.windowsInform
        let udpLength = packet.count - 20
        for wrong in [udpLength - 1, udpLength + 1, 7] {
            packet[24] = UInt8(wrong >> 8)
            packet[25] = UInt8(wrong & 0xFF)
            packet[26] = 0 // no UDP checksum, so only the length is wrong
            packet[27] = 0
            #expect(throws: DHCPError.udpLengthMismatch(declared: wrong, available: udpLength)) { try handle(packet) }
        }
        // Fewer than 8 octets of UDP.
        var stub = Array(F.windowsInform.prefix(26))
        stub[2] = 0
        stub[3] = 26
        stub = Self.resum(stub)
        #expect(throws: DHCPError.truncatedUDPHeader) { try handle(stub) }
    }

    @Test func badUDPChecksum() {
        var packet = F.windowsInform
        packet[packet.count - 1] ^= 0xFF // the last padding octet
        #expect(throws: DHCPError.udpChecksum) { try handle(packet) }
        // Zero means "not computed" and is accepted (RFC 768).
        packet[26] = 0
        packet[27] = 0
        #expect(throws: Never.self) { try handle(packet) }
    }

    @Test func bootpShorterThan236() {
        for length in [0, 1, 235] {
            let packet = F.packet(Array(F.bootp().prefix(length)))
            #expect(throws: DHCPError.bootpTooShort(octets: length)) { try handle(packet) }
        }
    }

    @Test func noMagicCookie() {
        // A BOOTP (RFC 951) request: 236 fixed octets then a vendor area without the cookie.
        var bootp = F.bootp()
        bootp.replaceSubrange(236..<240, with: [0, 0, 0, 0])
        #expect(throws: DHCPError.missingMagicCookie) { try handle(F.packet(bootp)) }
        #expect(throws: DHCPError.missingMagicCookie) { try handle(F.packet(Array(F.bootp().prefix(238)))) }
    }

    @Test func optionLengthPastTheEnd() {
        // Option 55 claims 20 octets with 3 left.
        let message = F.bootp(options: [53, 1, 8, 55, 20, 1, 3, 6], padTo: 0)
        #expect(throws: DHCPError.optionOverrun(code: .parameterRequestList)) { try handle(F.packet(message)) }
        // A code with no room for its length octet.
        let cut = F.bootp(options: [53, 1, 8, 6], padTo: 0)
        #expect(throws: DHCPError.optionOverrun(code: .domainNameServer)) { try handle(F.packet(cut)) }
    }

    @Test func optionsWithoutEnd() {
        #expect(throws: DHCPError.missingEndOption) { try handle(F.packet(F.bootp(options: [53, 1, 8], padTo: 0))) }
    }

    @Test func messageTypeMissingOrMalformed() {
        #expect(throws: DHCPError.missingMessageType) { try handle(F.packet(F.bootp(options: [55, 1, 121, 255]))) }
        #expect(throws: DHCPError.invalidOption(code: .messageType)) { try handle(F.packet(F.bootp(options: [53, 2, 8, 8, 255]))) }
        #expect(throws: DHCPError.invalidOption(code: .messageType)) { try handle(F.packet(F.bootp(options: [53, 0, 255]))) }
    }

    @Test func otherMalformedOptions() {
        #expect(throws: DHCPError.invalidOption(code: .maximumMessageSize)) {
            try handle(F.packet(F.bootp(extraOptions: [57, 1, 5])))
        }
        #expect(throws: DHCPError.invalidOption(code: .optionOverload)) {
            try handle(F.packet(F.bootp(extraOptions: [52, 1, 4])))
        }
        // Overload points at `file`, which does not end with End.
        var overloaded = F.bootp(extraOptions: [52, 1, 1])
        overloaded.replaceSubrange(108..<236, with: Array(repeating: 0, count: 128))
        #expect(throws: DHCPError.missingEndOption) { try handle(F.packet(overloaded)) }
    }

    @Test func serverMessagesFromAClient() {
        #expect(throws: DHCPError.notBootRequest(op: 2)) { try handle(F.packet(F.bootp(op: 2))) }
        for type: UInt8 in [2, 5, 6] {
            #expect(throws: DHCPError.unexpectedMessageType(DHCPMessageType(rawValue: type))) {
                try handle(F.packet(F.bootp(type: type)))
            }
        }
    }

    @Test func hardwareAddressLongerThanChaddr() {
        var bootp = F.bootp()
        bootp[2] = 17
        #expect(throws: DHCPError.invalidHardwareAddressLength(17)) { try handle(F.packet(bootp)) }
    }

    @Test func ciaddrOrSourceSpoofed() {
        let other = IPv4Address(10, 8, 0, 3)
        // ciaddr names another client.
        #expect(throws: DHCPError.spoofedClient(source: F.client, clientAddress: other, expected: F.client)) {
            try handle(F.packet(F.bootp(clientAddress: other)))
        }
        // The packet comes from another address than the SA's.
        #expect(throws: DHCPError.spoofedClient(source: other, clientAddress: other, expected: F.client)) {
            try handle(F.packet(F.bootp(clientAddress: other), from: other))
        }
        // Both are the other client's, on this client's SA.
        #expect(throws: DHCPError.spoofedClient(source: other, clientAddress: F.client, expected: F.client)) {
            try handle(F.packet(F.bootp(), from: other))
        }
        // No ciaddr at all.
        #expect(throws: DHCPError.spoofedClient(source: F.client, clientAddress: .any, expected: F.client)) {
            try handle(F.packet(F.bootp(clientAddress: .any)))
        }
    }

    @Test func errorsDescribeThemselves() {
        #expect(DHCPError.spoofedClient(source: F.client, clientAddress: IPv4Address(10, 8, 0, 3), expected: F.client).description
                == "DHCPINFORM from 10.8.0.2 with ciaddr 10.8.0.3 on the SA of 10.8.0.2")
        #expect(DHCPError.optionOverrun(code: .classlessStaticRoute).description == "option 121 runs past the end of its field")
    }
}
