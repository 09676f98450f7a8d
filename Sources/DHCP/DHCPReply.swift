import IKEWire

/// The DHCPACK the responder built for a DHCPINFORM, with what the data
/// plane needs to log it.
public struct DHCPReply: Hashable, Sendable, CustomStringConvertible {
    /// The whole IPv4 packet, from the server identifier port 67 to the
    /// client's virtual address port 68, to encrypt back to the client.
    public let packet: [UInt8]
    /// The DHCPINFORM it answers.
    public let request: DHCPRequest
    /// The options in the reply, in order (53 and 54 first).
    public let includedOptions: [DHCPOptionCode]
    /// Options the client asked for and the configuration has, left out
    /// because they did not fit the size the client accepts. Empty unless the
    /// configuration outgrew the limit; logged, it tells an admin with many
    /// routes why a client lacks them.
    public let omittedOptions: [DHCPOptionCode]
    /// The size limit the reply was built for, in octets of IPv4 datagram.
    public let sizeLimit: Int

    public var description: String {
        var text = "DHCPACK to \(request.source) xid 0x\(String(request.transactionID, radix: 16))"
        text += " options [\(includedOptions.map(\.description).joined(separator: " "))], \(packet.count) octets"
        if !omittedOptions.isEmpty {
            text += "; omitted [\(omittedOptions.map(\.description).joined(separator: " "))]: beyond \(sizeLimit) octets"
        }
        return text
    }
}
