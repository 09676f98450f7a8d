import IKEWire

/// What a policy requires of the packets it matches (struct xfrm_user_tmpl):
/// an ESP tunnel-mode state between two gateways with a given reqid.
public struct XFRMTemplate: Hashable, Sendable, CustomStringConvertible {
    /// Tunnel source (outbound: the gateway; inbound: the peer).
    public let source: IPAddress
    /// Tunnel destination.
    public let destination: IPAddress
    /// Matches the state's reqid.
    public let reqid: UInt32

    public init(source: IPAddress, destination: IPAddress, reqid: UInt32) throws(XFRMError) {
        _ = try commonFamily(source, destination, "template")
        self.source = source
        self.destination = destination
        self.reqid = reqid
    }

    public var family: XFRMFamily { XFRMFamily(of: source) }

    public var description: String { "tmpl \(source) -> \(destination) esp tunnel reqid \(reqid)" }
}
