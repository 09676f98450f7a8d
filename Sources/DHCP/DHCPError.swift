import IKEWire

/// Why a packet addressed to the DHCP server port could not be answered.
///
/// The responder never traps on what a client sends; every failure is one of
/// these. The data plane logs it and drops the packet: a malformed packet
/// cannot be forwarded either, and a spoofed DHCPINFORM must not be.
public enum DHCPError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Fewer octets than the 20 of a minimal IPv4 header, or than its IHL says.
    case truncatedIPHeader(octets: Int)
    /// IHL below 5 words (RFC 791 §3.1).
    case invalidIPHeaderLength(Int)
    /// The IPv4 Total Length is below the header length or beyond the octets received.
    case invalidTotalLength(declared: Int, available: Int)
    /// The IPv4 header checksum does not verify (RFC 791 §3.1, RFC 1122 §3.2.1.2).
    case ipHeaderChecksum
    /// A first fragment to port 67 (More Fragments set). DHCP messages fit one
    /// datagram, and answering a part would mean answering unchecked options.
    case fragmented
    /// The IPv4 payload is shorter than a UDP header.
    case truncatedUDPHeader
    /// The UDP Length disagrees with the IPv4 payload (RFC 768).
    case udpLengthMismatch(declared: Int, available: Int)
    /// A non-zero UDP checksum that does not verify (RFC 768, RFC 1122 §4.1.3.4).
    case udpChecksum
    /// Shorter than the 236 octets of fixed BOOTP fields (RFC 2131 §2, figure 1).
    case bootpTooShort(octets: Int)
    /// `op` is not BOOTREQUEST (1): only servers send BOOTREPLY.
    case notBootRequest(op: UInt8)
    /// `hlen` beyond the 16 octets of `chaddr`.
    case invalidHardwareAddressLength(UInt8)
    /// No DHCP magic cookie 99.130.83.99 after the fixed fields (RFC 2131 §3):
    /// a plain BOOTP request, which this responder does not serve.
    case missingMagicCookie
    /// An option whose length runs past the end of its field.
    case optionOverrun(code: DHCPOptionCode)
    /// An options field without the End option (RFC 2131 §4.1).
    case missingEndOption
    /// An option whose length or value the format forbids (53, 52, 57).
    case invalidOption(code: DHCPOptionCode)
    /// No DHCP Message Type option (RFC 2131 §3: every DHCP message has one).
    case missingMessageType
    /// A type only servers send (DHCPOFFER, DHCPACK, DHCPNAK) from a client.
    case unexpectedMessageType(DHCPMessageType)
    /// A DHCPINFORM whose IPv4 source or `ciaddr` is not the virtual address of
    /// the SA it came through: one client asking on behalf of another.
    case spoofedClient(source: IPv4Address, clientAddress: IPv4Address, expected: IPv4Address)

    public var description: String {
        switch self {
        case .truncatedIPHeader(let octets): "truncated IPv4 header (\(octets) octets)"
        case .invalidIPHeaderLength(let length): "invalid IPv4 header length \(length)"
        case .invalidTotalLength(let declared, let available):
            "IPv4 total length \(declared) does not fit the \(available) octets received"
        case .ipHeaderChecksum: "bad IPv4 header checksum"
        case .fragmented: "fragmented DHCP request"
        case .truncatedUDPHeader: "truncated UDP header"
        case .udpLengthMismatch(let declared, let available):
            "UDP length \(declared) but \(available) octets of IPv4 payload"
        case .udpChecksum: "bad UDP checksum"
        case .bootpTooShort(let octets): "BOOTP message of \(octets) octets, below 236"
        case .notBootRequest(let op): "BOOTP op \(op) is not BOOTREQUEST"
        case .invalidHardwareAddressLength(let length): "hardware address length \(length) beyond 16"
        case .missingMagicCookie: "no DHCP magic cookie"
        case .optionOverrun(let code): "option \(code) runs past the end of its field"
        case .missingEndOption: "options without End"
        case .invalidOption(let code): "invalid option \(code)"
        case .missingMessageType: "no DHCP message type"
        case .unexpectedMessageType(let type): "\(type) from a client"
        case .spoofedClient(let source, let clientAddress, let expected):
            "DHCPINFORM from \(source) with ciaddr \(clientAddress) on the SA of \(expected)"
        }
    }
}
