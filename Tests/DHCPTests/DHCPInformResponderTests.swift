import IKEWire
import Testing
import TestSupport
@testable import DHCP

/// The responder against the Windows DHCPINFORM fixture and its variants.
@Suite struct DHCPInformResponderTests {
    typealias F = InformFixture

    static func configuration(routes: [DHCPRoute]? = nil, maximumMessageSize: Int = 576) throws -> DHCPInformConfiguration {
        try DHCPInformConfiguration(
            serverIdentifier: F.server,
            routes: routes ?? [try DHCPRoute(destination: IPv4Address(10, 0, 0, 0), prefixLength: 8, router: F.server),
                               try DHCPRoute(destination: IPv4Address(192, 168, 50, 0), prefixLength: 24, router: F.server)],
            dnsServers: [IPv4Address(10, 0, 0, 53), IPv4Address(10, 0, 1, 53)],
            domainName: "corp.example.com",
            domainSearch: ["corp.example.com", "example.com"],
            netbiosNameServers: [IPv4Address(10, 0, 0, 44)],
            maximumMessageSize: maximumMessageSize)
    }

    static func responder(routes: [DHCPRoute]? = nil) throws -> DHCPInformResponder {
        DHCPInformResponder(configuration: try configuration(routes: routes))
    }

    static func answer(_ packet: [UInt8], responder: DHCPInformResponder? = nil) throws -> DHCPReply {
        guard case .answered(let reply) = try (responder ?? Self.responder()).handle(packet, from: F.client) else {
            throw TestFailure("not answered")
        }
        return reply
    }

    @Test func windowsInformGetsADHCPACKReadFieldByField() throws {
        let reply = try Self.answer(F.windowsInform)
        let parsed = try ParsedReply(reply.packet)
        // IPv4 and UDP: from the server identifier port 67 to the virtual address port 68.
        #expect(parsed.ipChecksumVerifies, "IPv4 header checksum")
        #expect(parsed.udpChecksumVerifies && parsed.udpChecksumField != 0, "UDP checksum")
        #expect(parsed.ipHeader[9] == 17 && parsed.ipHeader[6] == 0x40 && parsed.ipHeader[7] == 0, "UDP, DF, not fragmented")
        #expect(parsed.source == F.server && parsed.destination == F.client)
        #expect(parsed.sourcePort == 67 && parsed.destinationPort == 68)
        // BOOTP (RFC 2131 table 3 for a DHCPACK answering a DHCPINFORM).
        #expect(parsed.bootp.count >= 300, "BOOTP minimum")
        #expect(parsed.field(0..<4) == [2, 1, 6, 0], "op BOOTREPLY, htype, hlen, hops 0")
        #expect(parsed.field(4..<8) == be32(F.transactionID), "xid")
        #expect(parsed.field(8..<12) == [0, 0, 0, 0], "secs 0, flags copied")
        #expect(parsed.address(at: 12) == F.client, "ciaddr copied")
        #expect(parsed.address(at: 16) == .any, "yiaddr 0 (RFC 2131 §4.3.5)")
        #expect(parsed.address(at: 20) == .any && parsed.address(at: 24) == .any, "siaddr, giaddr")
        #expect(parsed.field(28..<44) == F.mac + Array(repeating: 0, count: 10), "chaddr copied")
        #expect(parsed.field(44..<236).allSatisfy { $0 == 0 }, "sname and file empty")
        #expect(parsed.field(236..<240) == [99, 130, 83, 99], "magic cookie")
        // Options: 53, 54, then what was asked for, in the client's order.
        #expect(parsed.codes == [53, 54, 6, 15, 44, 119, 121, 249])
        #expect(parsed.option(53) == [5])
        #expect(parsed.option(54) == F.server.bytes)
        #expect(parsed.option(6) == [10, 0, 0, 53, 10, 0, 1, 53])
        #expect(parsed.option(15) == Array("corp.example.com".utf8))
        #expect(parsed.option(44) == [10, 0, 0, 44])
        let routes = try classlessRoutes(try #require(parsed.option(121)))
        #expect(routes.map { "\($0.0)/\($0.1) via \($0.2)" } == ["10.0.0.0/8 via 10.8.0.1", "192.168.50.0/24 via 10.8.0.1"])
        #expect(parsed.option(249) == parsed.option(121), "249 carries the same RFC 3442 encoding")
        #expect(parsed.option(51) == nil && parsed.option(61) == nil, "no lease time, no client identifier (table 3)")
        #expect(reply.includedOptions.map(\.rawValue) == parsed.codes && reply.omittedOptions.isEmpty)
    }

    @Test func theRequestHasALogForm() throws {
        let reply = try Self.answer(F.windowsInform)
        #expect(reply.request.description == "DHCPINFORM from 10.8.0.2 to 255.255.255.255 xid 0x5a3c91e7 ciaddr 10.8.0.2"
                + " chaddr 02:00:4c:4f:4f:50 requests [1 3 6 15 31 33 43 44 46 47 119 121 249 252]"
                + " vendor \"MSFT 5.0\" host \"DESKTOP-7QK2L9F\"")
        #expect(reply.description.hasPrefix("DHCPACK to 10.8.0.2 xid 0x5a3c91e7 options [53 54 6 15 44 119 121 249]"))
    }

    @Test func onlyRequestedOptionsAreSent() throws {
        // Option 55 lists 121 only: no DNS, no suffix, no 249, no search list.
        let parsed = try ParsedReply(try Self.answer(F.packet(F.bootp(requestList: [121]))).packet)
        #expect(parsed.codes == [53, 54, 121])
        // Order follows the request, and codes asked twice are answered once.
        let reordered = try ParsedReply(try Self.answer(F.packet(F.bootp(requestList: [249, 15, 6, 249, 53, 54]))).packet)
        #expect(reordered.codes == [53, 54, 249, 15, 6])
        // No option 55 at all: only 53 and 54.
        let bare = F.bootp(options: [53, 1, 8, 255])
        #expect(try ParsedReply(try Self.answer(F.packet(bare)).packet).codes == [53, 54])
    }

    @Test func emptyConfigurationValuesAreNotSent() throws {
        let responder = DHCPInformResponder(configuration: try DHCPInformConfiguration(serverIdentifier: F.server))
        let parsed = try ParsedReply(try Self.answer(F.windowsInform, responder: responder).packet)
        #expect(parsed.codes == [53, 54])
    }

    @Test func flagsAndUnicastToCiaddr() throws {
        // The broadcast flag is copied, and the reply still goes to ciaddr (RFC 2131 §4.1).
        let parsed = try ParsedReply(try Self.answer(F.packet(F.bootp(flags: 0x8000))).packet)
        #expect(parsed.field(10..<12) == [0x80, 0] && parsed.destination == F.client)
    }

    @Test func informToTheServerIdentifierIsAnsweredToo() throws {
        let reply = try Self.answer(F.packet(F.bootp(), to: F.server))
        #expect(reply.request.destination == F.server)
    }

    @Test func otherTrafficIsNotForUs() throws {
        let responder = try Self.responder()
        let udp = [UInt8](repeating: 0x11, count: 40)
        for packet in [
            F.packet(udp, sourcePort: 5353, destinationPort: 53),                    // DNS
            F.packet(F.bootp(), to: IPv4Address(10, 0, 0, 67)),                            // a DHCP server on the LAN
            F.packet(F.bootp(), sourcePort: 67, destinationPort: 68),                      // port 68
            F.packet(udp, flagsAndOffset: 0x0010),                                         // a non-first fragment
        ] {
            #expect(try responder.handle(packet, from: F.client) == .notForUs)
            #expect(try responder.respond(to: packet, from: F.client) == nil)
        }
        // TCP to port 67, and IPv6.
        var tcp = F.windowsInform
        tcp[9] = 6
        #expect(try responder.handle(tcp, from: F.client) == .notForUs)
        let ipv6: [UInt8] = [0x60] + Array(repeating: 0, count: 47)
        #expect(try responder.handle(ipv6, from: F.client) == .notForUs)
    }

    @Test func discoverAndRequestAreRecognisedAndNotAnswered() throws {
        let responder = try Self.responder()
        for type: UInt8 in [1, 3, 4, 7] {
            let packet = F.packet(F.bootp(type: type, clientAddress: .any), from: .any)
            guard case .ignored(let request) = try responder.handle(packet, from: F.client) else {
                Issue.record("type \(type) was not ignored")
                continue
            }
            #expect(request.messageType.rawValue == type && request.hardwareAddress == F.mac)
            #expect(try responder.respond(to: packet, from: F.client) == nil)
        }
    }

    @Test func rawBufferAndArrayGiveTheSameAnswer() throws {
        let responder = try Self.responder()
        let packet = F.windowsInform
        let fromArray = try responder.respond(to: packet, from: F.client)
        let fromBuffer = try packet.withUnsafeBytes { try responder.respond(to: $0, from: F.client) }
        #expect(fromArray != nil && fromArray == fromBuffer)
    }

    @Test func trailingOctetsAfterTotalLengthAreIgnored() throws {
        let reply = try Self.answer(F.windowsInform + [1, 2, 3, 4])
        #expect(reply.request.transactionID == F.transactionID)
    }

    @Test func theReplyIsNotAnsweredWhenItComesBack() throws {
        let responder = try Self.responder()
        let reply = try Self.answer(F.windowsInform, responder: responder)
        #expect(try responder.handle(reply.packet, from: F.client) == .notForUs)
    }

    @Test func requestSplitAcrossInstancesAndOverloadIsRead() throws {
        // Option 55 in two instances (RFC 3396), the rest in `file` (option 52 = 1).
        var message = F.bootp(options: [53, 1, 8, 55, 1, 6, 55, 1, 121, 52, 1, 1, 255])
        message.replaceSubrange(108..<113, with: [55, 1, 15, 255, 0])
        let parsed = try ParsedReply(try Self.answer(F.packet(message)).packet)
        #expect(parsed.codes == [53, 54, 6, 121, 15])
    }
}
