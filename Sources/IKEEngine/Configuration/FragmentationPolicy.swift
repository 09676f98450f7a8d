/// IKEv2 fragmentation (RFC 7383).
public struct FragmentationPolicy: Sendable {
    /// Whether we offer and use fragmentation.
    public var enabled = true
    /// The largest IKE message we send whole to a peer that supports
    /// fragmentation; longer ones are split into fragments of at most this
    /// size. 1232 keeps an IPv6 packet within the 1280-octet minimum MTU.
    public var maximumMessageLength = 1232
    /// The most fragments we accept for one message. Windows 11 sends its
    /// IKE_AUTH in five; this leaves room for large CERTREQs.
    public var maximumFragments = 32
    /// The most octets we hold for one message being reassembled.
    public var maximumReassemblyOctets = 65_535

    public init() {}
}
