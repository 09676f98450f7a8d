import IKEWire
import Testing
@testable import DataPlane

@Suite struct ICMPv6ProhibitedTests {
    static let client = IPv6Address("2001:db8:ffff:fffe::2")!
    static let server = IPv6Address("2001:db8:1::80")!

    /// A TCP SYN from the client to `server` over IPv6.
    static func syn() -> [UInt8] {
        let tcp: [UInt8] = [0xC3, 0x50, 0x00, 0x50, 0, 0, 0, 1, 0, 0, 0, 0, 0x50, 0x02, 0xFF, 0xFF, 0, 0, 0, 0]
        return [0x60, 0, 0, 0, 0, UInt8(tcp.count), 6, 64] + client.bytes + server.bytes + tcp
    }

    @Test func answersWithAdministrativelyProhibited() throws {
        let packet = Self.syn()
        let reply = try #require(packet.withUnsafeBytes { ICMPv6Prohibited.reply(to: $0, IPPacket($0)!) })
        #expect(reply[0] >> 4 == 6 && reply[6] == 58)
        #expect(Array(reply[8..<24]) == Self.server.bytes && Array(reply[24..<40]) == Self.client.bytes)
        #expect(reply[40] == 1 && reply[41] == 1, "type 1 code 1")
        #expect(Array(reply[48...]) == packet, "the invoking packet quoted")
        // A valid checksum makes the sum over pseudo-header and message 0.
        var message = Array(reply[40...])
        let stored = UInt16(message[2]) << 8 | UInt16(message[3])
        message[2] = 0
        message[3] = 0
        #expect(ICMPv6Prohibited.pseudoHeaderChecksum(source: Self.server, destination: Self.client, payload: message) == stored)
    }

    @Test func icmpv6ErrorsAreNeverAnswered() {
        var error: [UInt8] = [0x60, 0, 0, 0, 0, 8, 58, 64] + Self.client.bytes + Self.server.bytes + [1, 4, 0, 0, 0, 0, 0, 0]
        #expect(error.withUnsafeBytes { ICMPv6Prohibited.reply(to: $0, IPPacket($0)!) } == nil)
        error[40] = 128  // an echo request is answered
        #expect(error.withUnsafeBytes { ICMPv6Prohibited.reply(to: $0, IPPacket($0)!) } != nil)
    }

    /// RFC 4443 §2.4(e): no error about an ICMPv6 error behind extension
    /// headers (an MLD report's Hop-by-Hop header), to a multicast
    /// destination, or from the unspecified address.
    @Test func theExceptionsOfRFC4443AreHonoured() {
        // Hop-by-Hop (8 octets, next header 58), then ICMPv6 type 1.
        let behindHopByHop: [UInt8] = [0x60, 0, 0, 0, 0, 16, 0, 1] + Self.client.bytes + Self.server.bytes
            + [58, 0, 5, 2, 0, 0, 1, 0] + [1, 4, 0, 0, 0, 0, 0, 0]
        #expect(behindHopByHop.withUnsafeBytes { ICMPv6Prohibited.reply(to: $0, IPPacket($0)!) } == nil)
        var multicast = Self.syn()
        multicast.replaceSubrange(24..<40, with: IPv6Address("ff02::16")!.bytes)
        #expect(multicast.withUnsafeBytes { ICMPv6Prohibited.reply(to: $0, IPPacket($0)!) } == nil)
        var unspecified = Self.syn()
        unspecified.replaceSubrange(8..<24, with: [UInt8](repeating: 0, count: 16))
        #expect(unspecified.withUnsafeBytes { ICMPv6Prohibited.reply(to: $0, IPPacket($0)!) } == nil)
    }

    @Test func longPacketsAreQuotedWithinTheMinimumMTU() throws {
        let payload = [UInt8](repeating: 7, count: 1400)
        let packet: [UInt8] = [0x60, 0, 0, 0, UInt8(payload.count >> 8), UInt8(payload.count & 0xFF), 17, 64]
            + Self.client.bytes + Self.server.bytes + payload
        let reply = try #require(packet.withUnsafeBytes { ICMPv6Prohibited.reply(to: $0, IPPacket($0)!) })
        #expect(reply.count == 1280)
    }

    @Test func theRateLimitAllowsABudgetPerSecond() {
        var limit = RateLimit(perSecond: 3)
        let now = ContinuousClock.now
        let first = [limit.allow(now: now), limit.allow(now: now), limit.allow(now: now), limit.allow(now: now)]
        let next = limit.allow(now: now + .seconds(1))
        #expect(first == [true, true, true, false] && next)
    }
}
