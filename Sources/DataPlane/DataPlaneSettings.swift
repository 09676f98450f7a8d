import ESP

/// How the gateway carries tunnel traffic (the `data-plane` section).
public struct DataPlaneSettings: Sendable, Equatable {
    public enum Backend: String, Sendable {
        /// XFRM where the kernel accepts an ESP SA (probed at start),
        /// userspace otherwise, with a log line saying why.
        case auto
        case userspace
        case xfrm
        /// No data plane: IKE only (tests of the control plane, or a
        /// gateway whose ESP is handled elsewhere).
        case none
    }

    public var backend = Backend.auto
    /// The TUN device's name.
    public var interface = "gh0"
    /// The TUN device's MTU: what fits in one ESP packet on a 1500-octet
    /// path with UDP encapsulation and the largest overhead (AES-CBC, IV 16,
    /// padding up to 15, SHA-512 ICV 32) is 1500 - 20 - 8 - 8 - 16 - 17 - 32
    /// = 1399; 1400 is what Windows uses for its own side.
    public var mtu = 1400
    /// Lower the MSS of TCP SYNs in both directions to fit the MTU.
    public var mssClamp = true
    /// Turn on IP forwarding at start (net.ipv4.ip_forward and IPv6
    /// forwarding when an IPv6 pool exists).
    public var forwarding = true
    /// Source NAT for traffic from the pools to other interfaces, with
    /// nftables (a full tunnel whose upstream does not route the pools).
    public var masquerade = false
    /// Refuse every IPv6 packet from clients with ICMPv6 "administratively
    /// prohibited" (IPv6 leak protection; the engine gives them ::/0).
    public var blockIPv6 = false
    /// Per-SA limits; time limits are checked once a second.
    public var lifetime = ChildSALifetime()
    /// The anti-replay window in packets.
    public var replayWindow = ReplayWindow.defaultSize
    /// Reader threads for the TUN device (one queue each); 0 means one per
    /// core.
    public var threads = 0

    public init() {}
}
