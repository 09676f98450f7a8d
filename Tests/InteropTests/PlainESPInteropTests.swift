import Foundation
import IKECrypto
import IKEEngine
import IKEWire
import Testing

/// Plain ESP (IP protocol 50), which Windows uses when no NAT is detected,
/// with Gatehouse's own initiator and ESP as the client (Debian's strongSwan
/// cannot send it).
extension InteropTests {
    static let lan = IPv4Address(203, 0, 113, 10)

    static func gatewayPublicKey() throws -> PublicKey {
        try PrivateKey(pemEncoded: String(contentsOfFile: "\(state)/pki/gateway.key", encoding: .utf8)).publicKey
    }

    @Test func plainESPWithoutNATCarriesTrafficAndDropsWhatItMust() throws {
        try Self.withLab {
            let client = try SwiftESPClient(namespace: Self.clientNamespace, ike: "aes256-sha1-modp1024", esp: "aes256-sha1")
            try client.connect(user: "alice", password: "alice-pw", gatewayKey: try Self.gatewayPublicKey())
            let address = try #require(client.virtualAddress)
            let sa = try #require(try Self.gatewaySAs().first)
            #expect(sa.child?.udpEncapsulation == false && sa.child?.esp == "AES_CBC_256/HMAC_SHA1_96", "no NAT: plain ESP")

            // An echo to the LAN host comes back through the tunnel.
            try client.send(InnerPacket.echoRequest(from: address, to: Self.lan, identifier: 7, sequence: 1))
            let reply = try #require(client.receive(timeout: 3000), "no echo reply through the tunnel")
            #expect(InnerPacket.isEchoReply(reply, from: Self.lan, to: address, identifier: 7, sequence: 1))

            // A packet with another client's source address is dropped by
            // the gateway (RFC 4301 §5.2), so nothing answers it.
            let spoofed = IPv4Address(198, 18, 0, 250)
            try client.send(InnerPacket.echoRequest(from: spoofed, to: Self.lan, identifier: 7, sequence: 2))
            #expect(client.receive(timeout: 1000) == nil)

            // Both arrived and decrypted; only the first was forwarded.
            let traffic = try #require(try Self.gatewaySAs().first?.child?.traffic)
            #expect(traffic.packetsIn == 2 && traffic.packetsOut == 1, "\(traffic)")

            // Windows' DHCPINFORM is answered inside the tunnel with the
            // split-tunnel route (RFC 3442: 24.203.0.113 via the pool's
            // first host) in options 121 and 249, and the DNS server.
            try client.send(InnerPacket.dhcpInform(from: address, transaction: 0xC0FFEE))
            let ack = try #require(client.receive(timeout: 3000), "no DHCPACK")
            #expect(Array(ack[12..<16]) == [198, 18, 0, 1] && Array(ack[16..<20]) == address.bytes, "from the gateway to the client")
            let options = InnerPacket.dhcpOptions(ack)
            #expect(options[53] == [5], "DHCPACK")
            #expect(options[121] == [24, 203, 0, 113, 198, 18, 0, 1] && options[249] == options[121])
            #expect(options[6] == [203, 0, 113, 53])

            // After the gateway deletes the SA, ESP on it reaches nobody.
            #expect(try Self.harness("gatehouse", "terminate", sa.spi).status == 0)
            Thread.sleep(forTimeInterval: 0.5)
            try client.send(InnerPacket.echoRequest(from: address, to: Self.lan, identifier: 7, sequence: 3))
            #expect(client.receive(timeout: 1000) == nil)
        }
    }

    /// IPv6 leak protection: a client that asks for IPv6 (as Windows does)
    /// gets an address from the sink prefix, and its IPv6 packets are
    /// answered with ICMPv6 "administratively prohibited" from inside the
    /// tunnel instead of leaving by another route.
    @Test func blockedIPv6IsRefusedInsideTheTunnel() throws {
        try Self.withLab("block-ipv6") {
            let client = try SwiftESPClient(namespace: Self.clientNamespace, ike: "aes256-sha1-modp1024", esp: "aes256-sha1")
            try client.connect(user: "alice", password: "alice-pw", gatewayKey: try Self.gatewayPublicKey(),
                               configurationRequest: ClientCredentials.windowsConfigurationRequest)
            let address6 = try #require(client.virtualAddress6, "no IPv6 address from the sink")
            #expect(address6.description.hasPrefix("2001:db8:ffff:fffe:"))
            let child = try #require(try Self.gatewaySAs().first?.child)
            #expect(child.localSelectors.contains("::/0"), "\(child.localSelectors)")

            let server = IPv6Address("2001:db8:1::80")!
            let tcp: [UInt8] = [0xC3, 0x50, 0x00, 0x50, 0, 0, 0, 1, 0, 0, 0, 0, 0x50, 0x02, 0xFF, 0xFF, 0, 0, 0, 0]
            try client.send([0x60, 0, 0, 0, 0, UInt8(tcp.count), 6, 64] + address6.bytes + server.bytes + tcp)
            let reply = try #require(client.receive(timeout: 3000), "no ICMPv6 answer")
            #expect(reply.count > 48 && reply[0] >> 4 == 6 && reply[6] == 58 && reply[40] == 1 && reply[41] == 1, "\(reply.prefix(48))")
            #expect(Array(reply[24..<40]) == address6.bytes)

            // IPv4 still flows.
            let address = try #require(client.virtualAddress)
            try client.send(InnerPacket.echoRequest(from: address, to: Self.lan, identifier: 9, sequence: 1))
            #expect(client.receive(timeout: 3000).map { InnerPacket.isEchoReply($0, from: Self.lan, to: address, identifier: 9, sequence: 1) } == true)
        }
    }
}
