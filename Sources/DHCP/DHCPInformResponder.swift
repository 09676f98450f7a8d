import IKEWire

/// Answers the DHCPINFORM a client sends through its tunnel (RFC 2131 §3.4,
/// §4.3.5), which is how Windows learns split-tunnel routes (options 121 and
/// 249), DNS servers and its DNS suffix once the IKE SA is up.
///
/// The data plane hands it every decrypted inner IPv4 packet of a client
/// together with the virtual address of the SA the packet came through.
/// Packets that are not DHCP to this server come back as
/// ``DHCPHandling/notForUs`` after a look at a few header octets.
///
/// Choices:
/// - Only DHCPINFORM is answered. DHCPDISCOVER, DHCPREQUEST, DHCPDECLINE and
///   DHCPRELEASE are parsed (so they are logged with their fields) and come
///   back as ``DHCPHandling/ignored(_:)``: the address is assigned by IKEv2's
///   configuration payload (RFC 7296 §3.15), and a DHCPOFFER or DHCPACK
///   with an address would be a second, competing assignment, and a DHCPNAK
///   could make a client drop the one it has. A client that tries them times
///   out, as without a DHCP server.
/// - A DHCPINFORM must come from the SA's own address and carry it in
///   `ciaddr`, or it is refused as ``DHCPError/spoofedClient(source:clientAddress:expected:)``:
///   the reply is sent to `ciaddr` (RFC 2131 §4.3.5), and one client must
///   not obtain, or direct, the configuration of another.
/// - The reply follows RFC 2131 table 3 for a DHCPACK to a DHCPINFORM:
///   `yiaddr` 0 and no lease time (§4.3.5), `xid`, `flags`, `giaddr`,
///   `htype`, `hlen`, `chaddr` and `ciaddr` copied, `secs` and `hops` 0; no
///   client identifier (table 3: MUST NOT). It is unicast to `ciaddr`
///   port 68 whatever the broadcast flag (§4.1, `ciaddr` set), and the
///   BOOTP message is padded to 300 octets, the BOOTP minimum (RFC 951) some
///   clients still expect.
/// - Options: 53 and 54 first, then what the client asked for in option 55
///   that the configuration has, in the client's order (RFC 2132 §9.8).
/// - Size: a reply is kept within the client's option 57, or within
///   ``DHCPInformConfiguration/maximumMessageSize`` (576 by default, all that
///   RFC 2131 §2 promises) when it sent none. An option that does not fit is
///   left out whole and named in ``DHCPReply/omittedOptions``, never
///   truncated: half a route list would silently misroute. The `sname` and
///   `file` fields are not used for options (no overload): they add 192
///   octets, which does not change what fits much, and client support varies.
public struct DHCPInformResponder: Sendable {
    public let configuration: DHCPInformConfiguration

    /// The options the configuration can answer, encoded once.
    private let options: [DHCPOptionCode: DHCPEncodedOption]
    private let alwaysIncluded: [DHCPEncodedOption]

    /// IPv4 (20), UDP (8), the fixed BOOTP fields and the magic cookie (240),
    /// and the End option (1): a reply with no options at all.
    private static let emptyReplySize = 20 + 8 + DHCPRequest.fixedLength + 4 + 1
    /// The smallest BOOTP message (RFC 951: 64 octets of vendor area).
    static let minimumBOOTPLength = 300

    public init(configuration: DHCPInformConfiguration) {
        self.configuration = configuration
        let addresses = { (list: [IPv4Address]) in list.map(\.bytes) }
        let routes = configuration.routes.map(\.classlessEncoding)
        let candidates: [DHCPEncodedOption?] = [
            DHCPEncodedOption(code: .domainNameServer, elements: addresses(configuration.dnsServers)),
            DHCPEncodedOption(code: .domainName, elements: configuration.domainName.map { name in
                // The suffix as configured, without a root dot, one octet per element.
                Array((name.hasSuffix(".") ? String(name.dropLast()) : name).utf8).map { [$0] }
            } ?? []),
            DHCPEncodedOption(code: .netbiosNameServer, elements: addresses(configuration.netbiosNameServers)),
            DHCPEncodedOption(code: .domainSearch, elements: DomainName.searchList(configuration.domainSearch)),
            DHCPEncodedOption(code: .classlessStaticRoute, elements: routes),
            DHCPEncodedOption(code: .microsoftClasslessStaticRoute, elements: routes),
        ]
        var options: [DHCPOptionCode: DHCPEncodedOption] = [:]
        for case let option? in candidates { options[option.code] = option }
        self.options = options
        guard let messageType = DHCPEncodedOption(code: .messageType, elements: [[DHCPMessageType.ack.rawValue]]),
              let serverIdentifier = DHCPEncodedOption(code: .serverIdentifier, elements: [configuration.serverIdentifier.bytes])
        else { preconditionFailure("options 53 and 54 always have data") }
        alwaysIncluded = [messageType, serverIdentifier]
    }

    /// Looks at one decrypted packet from the client whose SA has the virtual
    /// address `client`.
    ///
    /// - Throws: ``DHCPError`` for a malformed IPv4 header, a malformed DHCP
    ///   message to this server, or a DHCPINFORM that is not from `client`.
    ///   The data plane logs and drops the packet.
    public func handle(_ packet: UnsafeRawBufferPointer, from client: IPv4Address) throws(DHCPError) -> DHCPHandling {
        guard let datagram = try IPv4UDPDatagram.locate(in: packet, serverIdentifier: configuration.serverIdentifier) else {
            return .notForUs
        }
        let request = try DHCPRequest(parsing: datagram)
        if request.messageType.isServerMessage { throw .unexpectedMessageType(request.messageType) }
        guard request.messageType == .inform else { return .ignored(request) }
        guard request.source == client, request.clientAddress == client else {
            throw .spoofedClient(source: request.source, clientAddress: request.clientAddress, expected: client)
        }
        return .answered(reply(to: request))
    }

    /// ``handle(_:from:)`` for a packet in an array.
    public func handle(_ packet: [UInt8], from client: IPv4Address) throws(DHCPError) -> DHCPHandling {
        try packet.withUnsafeBytes { bytes in
            Result { () throws(DHCPError) in try handle(bytes, from: client) }
        }.get()
    }

    /// The reply packet to encrypt back to the client, or nil when there is
    /// none: the packet is not DHCP to this server (forward it) or is a DHCP
    /// message this responder does not answer (drop it). ``handle(_:from:)``
    /// tells the two apart.
    public func respond(to packet: UnsafeRawBufferPointer, from client: IPv4Address) throws(DHCPError) -> [UInt8]? {
        guard case .answered(let reply) = try handle(packet, from: client) else { return nil }
        return reply.packet
    }

    /// ``respond(to:from:)`` for a packet in an array.
    public func respond(to packet: [UInt8], from client: IPv4Address) throws(DHCPError) -> [UInt8]? {
        guard case .answered(let reply) = try handle(packet, from: client) else { return nil }
        return reply.packet
    }

    /// Builds the DHCPACK for a DHCPINFORM already checked.
    private func reply(to request: DHCPRequest) -> DHCPReply {
        // Option 57 below 576 is invalid (RFC 2132 §9.10); every client takes 576.
        let limit = request.maximumMessageSize.map { max($0, DHCPInformConfiguration.minimumMessageSize) }
            ?? configuration.maximumMessageSize
        var room = limit - Self.emptyReplySize - alwaysIncluded.reduce(0) { $0 + $1.wireSize }
        var chosen = alwaysIncluded
        var omitted: [DHCPOptionCode] = []
        for code in request.requestedOptions {
            guard let option = options[code] else { continue }
            if option.wireSize <= room {
                chosen.append(option)
                room -= option.wireSize
            } else {
                omitted.append(code)
            }
        }

        var message: [UInt8] = []
        message.reserveCapacity(limit)
        message += [2, request.hardwareType, request.hardwareAddressLength, 0]             // op, htype, hlen, hops
        message += Self.bytes(request.transactionID)                                        // xid
        message += [0, 0, UInt8(request.flags >> 8), UInt8(request.flags & 0xFF)]           // secs, flags
        message += request.clientAddress.bytes                                              // ciaddr
        message += IPv4Address.any.bytes + IPv4Address.any.bytes                            // yiaddr, siaddr
        message += request.relayAddress.bytes                                               // giaddr
        message += request.hardwareAddressField                                             // chaddr
        message += repeatElement(0, count: DHCPRequest.fileRange.upperBound - DHCPRequest.snameRange.lowerBound) // sname, file
        message += DHCPRequest.magicCookie
        for option in chosen { option.write(to: &message) }
        message.append(DHCPOptionCode.end.rawValue)
        if message.count < Self.minimumBOOTPLength {
            message += repeatElement(DHCPOptionCode.pad.rawValue, count: Self.minimumBOOTPLength - message.count)
        }

        let packet = IPv4UDPDatagram.build(from: configuration.serverIdentifier, port: IPv4UDPDatagram.serverPort,
                                           to: request.clientAddress, port: IPv4UDPDatagram.clientPort, payload: message)
        return DHCPReply(packet: packet, request: request, includedOptions: chosen.map(\.code),
                         omittedOptions: omitted, sizeLimit: limit)
    }

    private static func bytes(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
    }
}
