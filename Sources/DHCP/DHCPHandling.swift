/// What the responder made of one packet from a client.
public enum DHCPHandling: Hashable, Sendable {
    /// Not a DHCP message to this responder: the data plane forwards the
    /// packet as usual.
    case notForUs
    /// A DHCP message to this responder that it does not answer (any type
    /// but DHCPINFORM; see ``DHCPInformResponder``). The data plane drops
    /// it; the request is here for its log.
    case ignored(DHCPRequest)
    /// A DHCPINFORM, answered.
    case answered(DHCPReply)
}
