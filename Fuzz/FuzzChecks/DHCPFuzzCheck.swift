import DHCP
import IKEWire

/// What the DHCP fuzzer checks for one input. The first octet chooses a mode:
///
/// - bit 0: which responder answers: a small configuration, or one with
///   enough routes that options 121 and 249 are split (RFC 3396) and
///   overflow a 576-octet reply.
/// - bit 1 clear: the rest is a whole IPv4 packet from the client, which
///   exercises the IPv4 and UDP checks.
/// - bit 1 set: the rest is a BOOTP message, which the harness wraps in a
///   correct IPv4/UDP header from the client to 255.255.255.255:67, so the
///   fuzzer reaches the DHCP parser without forging checksums. With bit 2
///   also set the harness writes `op` 1, `ciaddr` and the magic cookie, so
///   most inputs get as far as the options and the reply.
///
/// For every input the responder must not trap and must decide the same way
/// twice. Every reply is checked here, with code that shares nothing with the
/// responder: IPv4 and UDP checksums, addresses and ports, the BOOTP fields
/// RFC 2131 table 3 fixes, well-formed options with 53 and 54 first, no
/// option the client did not ask for, RFC 3442 routes in every instance of
/// 121 and 249 and the same data in both, and the size limit. A reply fed
/// back to the responder must not be answered.
///
/// Regression tests replay saved inputs through ``run(_:)``.
public enum DHCPFuzzCheck {
    public static let server = IPv4Address(10, 8, 0, 1)
    public static let client = IPv4Address(10, 8, 0, 2)

    /// The two fixed responders, chosen by bit 0 of the mode octet.
    public static let responders: [DHCPInformResponder] = {
        do {
            let router = server
            let small = try DHCPInformConfiguration(
                serverIdentifier: server,
                routes: [try DHCPRoute(destination: IPv4Address(10, 0, 0, 0), prefixLength: 8, router: router),
                         try DHCPRoute(destination: IPv4Address(192, 168, 10, 0), prefixLength: 24, router: router)],
                dnsServers: [IPv4Address(10, 0, 0, 53)], domainName: "corp.example.com",
                domainSearch: ["corp.example.com", "example.com"], netbiosNameServers: [IPv4Address(10, 0, 0, 44)])
            let many = try DHCPInformConfiguration(
                serverIdentifier: server,
                routes: try (0..<60).map { try DHCPRoute(destination: IPv4Address(10, UInt8($0), 128, 0), prefixLength: 17, router: router) },
                dnsServers: [IPv4Address(10, 0, 0, 53), IPv4Address(10, 0, 1, 53)], domainName: "corp.example.com")
            return [DHCPInformResponder(configuration: small), DHCPInformResponder(configuration: many)]
        } catch {
            preconditionFailure("fixed fuzz configurations must be valid: \(error)")
        }
    }()

    public static func run(_ input: [UInt8]) {
        guard let mode = input.first else { return }
        let responder = responders[Int(mode & 1)]
        var packet = Array(input.dropFirst())
        if mode & 2 != 0 {
            if mode & 4 != 0 && packet.count >= 240 {
                packet[0] = 1
                packet.replaceSubrange(12..<16, with: client.bytes)
                packet.replaceSubrange(236..<240, with: [99, 130, 83, 99])
            }
            packet = wrap(bootp: packet, from: client)
        }

        let outcome = Result { () throws(DHCPError) in try responder.handle(packet, from: client) }
        let again = Result { () throws(DHCPError) in try responder.handle(packet, from: client) }
        guard outcome == again else { preconditionFailure("the same packet was handled two ways") }
        guard case .success(.answered(let reply)) = outcome else { return }
        verify(reply, responder: responder)
        let echoed = Result { () throws(DHCPError) in try responder.handle(reply.packet, from: client) }
        guard case .success(.notForUs) = echoed else { preconditionFailure("the responder did not pass its own reply through") }
    }

    /// `bootp` in an IPv4/UDP datagram from `source`:68 to 255.255.255.255:67
    /// with correct checksums (at most 65,507 octets of it are used).
    public static func wrap(bootp: [UInt8], from source: IPv4Address) -> [UInt8] {
        let payload = bootp.prefix(65_535 - 28)
        let total = 28 + payload.count
        var ip: [UInt8] = [0x45, 0, UInt8(total >> 8), UInt8(total & 0xFF), 0x12, 0x34, 0, 0, 128, 17, 0, 0]
        ip += source.bytes + [255, 255, 255, 255]
        let ipChecksum = ~fold(sum(ip))
        ip[10] = UInt8(ipChecksum >> 8)
        ip[11] = UInt8(ipChecksum & 0xFF)
        var udp: [UInt8] = [0, 68, 0, 67, UInt8((total - 20) >> 8), UInt8((total - 20) & 0xFF), 0, 0] + payload
        let pseudo = source.bytes + [255, 255, 255, 255, 0, 17, UInt8((total - 20) >> 8), UInt8((total - 20) & 0xFF)]
        var udpChecksum = ~fold(sum(pseudo) + sum(udp))
        if udpChecksum == 0 { udpChecksum = 0xFFFF }
        udp[6] = UInt8(udpChecksum >> 8)
        udp[7] = UInt8(udpChecksum & 0xFF)
        return ip + udp
    }

    // MARK: Checking a reply

    private static func check(_ condition: Bool, _ message: @autoclosure () -> String) {
        if !condition { preconditionFailure(message()) }
    }

    private static func verify(_ reply: DHCPReply, responder: DHCPInformResponder) {
        let packet = reply.packet
        let request = reply.request
        check(packet.count >= 20 + 8 + 300, "reply of \(packet.count) octets")
        check(packet.count <= reply.sizeLimit && reply.sizeLimit >= 576, "reply of \(packet.count) octets over \(reply.sizeLimit)")
        // IPv4 (RFC 791).
        check(packet[0] == 0x45 && Int(packet[2]) << 8 | Int(packet[3]) == packet.count, "IPv4 version, IHL or length")
        check(fold(sum(packet[0..<20])) == 0xFFFF, "IPv4 header checksum")
        check(packet[6] & 0x3F == 0 && packet[7] == 0 && packet[9] == 17, "fragmented or not UDP")
        check(Array(packet[12..<16]) == server.bytes && Array(packet[16..<24]) == client.bytes + [0, 67, 0, 68],
              "addresses or ports")
        // UDP (RFC 768), checksum over the pseudo-header.
        let udpLength = Int(packet[24]) << 8 | Int(packet[25])
        check(udpLength == packet.count - 20, "UDP length")
        let pseudo = Array(packet[12..<20]) + [0, 17, packet[24], packet[25]]
        check(!(packet[26] == 0 && packet[27] == 0) && fold(sum(pseudo) + sum(packet[20...])) == 0xFFFF, "UDP checksum")
        // BOOTP fields (RFC 2131 table 3, §4.3.5).
        let bootp = Array(packet[28...])
        check(bootp.count >= 300 && bootp[0] == 2 && bootp[3] == 0, "op or hops")
        check(bootp[4..<8].reduce(0) { $0 << 8 | UInt32($1) } == request.transactionID, "xid")
        check(Array(bootp[12..<16]) == client.bytes && bootp[16..<24].allSatisfy { $0 == 0 }, "ciaddr, yiaddr or siaddr")
        check(Array(bootp[28..<(28 + request.hardwareAddress.count)]) == request.hardwareAddress, "chaddr")
        check(bootp[44..<236].allSatisfy { $0 == 0 } && Array(bootp[236..<240]) == [99, 130, 83, 99], "sname, file or cookie")
        // Options: well formed, End, nothing but padding after it.
        var instances: [(code: UInt8, data: ArraySlice<UInt8>)] = []
        var index = 240
        while true {
            check(index < bootp.count, "no End option")
            let code = bootp[index]
            if code == 255 { break }
            if code == 0 { index += 1; continue }
            check(index + 1 < bootp.count && index + 2 + Int(bootp[index + 1]) <= bootp.count, "option \(code) overruns")
            instances.append((code, bootp[(index + 2)..<(index + 2 + Int(bootp[index + 1]))]))
            index += 2 + Int(bootp[index + 1])
        }
        check(bootp[(index + 1)...].allSatisfy { $0 == 0 }, "data after End")
        check(instances.count >= 2 && instances[0].code == 53 && Array(instances[0].data) == [5], "message type not first")
        check(instances[1].code == 54 && Array(instances[1].data) == server.bytes, "server identifier not second")
        let requested = Set(request.requestedOptions.map(\.rawValue))
        for instance in instances.dropFirst(2) {
            check(requested.contains(instance.code), "option \(instance.code) was not requested")
            check(!instance.data.isEmpty, "empty option \(instance.code)")
            if instance.code == 121 || instance.code == 249 { check(areRoutes(instance.data), "option \(instance.code) split inside a route") }
        }
        let routes121 = instances.filter { $0.code == 121 }.flatMap(\.data)
        let routes249 = instances.filter { $0.code == 249 }.flatMap(\.data)
        check(routes121.isEmpty || routes249.isEmpty || routes121 == routes249, "options 121 and 249 differ")
        check(reply.omittedOptions.allSatisfy { requested.contains($0.rawValue) }, "omitted an option that was not requested")
    }

    /// Whether `data` is a whole number of RFC 3442 routes.
    private static func areRoutes(_ data: ArraySlice<UInt8>) -> Bool {
        var index = data.startIndex
        while index < data.endIndex {
            let width = Int(data[index])
            guard width <= 32 else { return false }
            index += 1 + (width + 7) / 8 + 4
        }
        return index == data.endIndex
    }

    private static func sum<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> UInt32 {
        var total: UInt32 = 0
        var iterator = bytes.makeIterator()
        while let high = iterator.next() {
            total += UInt32(high) << 8 | UInt32(iterator.next() ?? 0)
        }
        return total
    }

    private static func fold(_ value: UInt32) -> UInt16 {
        var value = value
        while value > 0xFFFF { value = (value & 0xFFFF) + (value >> 16) }
        return UInt16(value)
    }
}
