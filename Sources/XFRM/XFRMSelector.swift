import IKEWire

/// Which packets a policy or state applies to (struct xfrm_selector): source
/// and destination prefixes of one family, an IP protocol and optional ports.
public struct XFRMSelector: Hashable, Sendable, CustomStringConvertible {
    public let source: XFRMPrefix
    public let destination: XFRMPrefix
    /// IP protocol number (6 TCP, 17 UDP…), 0 for any.
    public let ipProtocol: UInt8
    /// A single source port (mask 0xffff in the selector), nil for any. For
    /// ICMP the kernel reads the source port as the type and the destination
    /// port as the code (net/xfrm/xfrm_policy.c, __xfrm4_selector_match).
    public let sourcePort: UInt16?
    public let destinationPort: UInt16?

    public init(source: XFRMPrefix, destination: XFRMPrefix, ipProtocol: UInt8 = 0,
                sourcePort: UInt16? = nil, destinationPort: UInt16? = nil) throws(XFRMError) {
        guard source.family == destination.family else {
            throw .invalidArgument("selector mixes IPv4 and IPv6 (\(source), \(destination))")
        }
        if ipProtocol == 0, sourcePort != nil || destinationPort != nil {
            throw .invalidArgument("selector ports without an IP protocol")
        }
        self.source = source
        self.destination = destination
        self.ipProtocol = ipProtocol
        self.sourcePort = sourcePort
        self.destinationPort = destinationPort
    }

    public var family: XFRMFamily { source.family }

    public var description: String {
        var text = "\(source) -> \(destination)"
        if ipProtocol != 0 { text += " proto \(ipProtocol)" }
        if let sourcePort { text += " sport \(sourcePort)" }
        if let destinationPort { text += " dport \(destinationPort)" }
        return text
    }
}
