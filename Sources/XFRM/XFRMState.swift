import IKEWire

/// One ESP security association in tunnel mode, as XFRM_MSG_NEWSA installs it
/// (struct xfrm_usersa_info and its attributes).
///
/// Values are checked when built, so encoding cannot fail. Keys live in
/// `SecretBytes` inside the algorithms and `description` leaves them out.
public struct XFRMState: Sendable, Equatable, CustomStringConvertible {
    /// Outer source address (the sender of the ESP packets).
    public let source: IPAddress
    /// Outer destination address; with the SPI and protocol it identifies the
    /// state (struct xfrm_id).
    public let destination: IPAddress
    /// The SPI in host order; the encoder writes it in network order.
    public let spi: UInt32
    /// Request ID that binds the state to the policies whose templates carry
    /// the same value.
    public let reqid: UInt32
    public let cipher: XFRMCipher
    /// UDP encapsulation when a NAT was detected (RFC 7296 §2.23), else nil.
    public let encapsulation: XFRMEncapsulation?
    /// Anti-replay window in packets (RFC 4303 §3.4.3), 0 for none (outbound
    /// states), at most 4096.
    public let replayWindow: UInt32
    /// 64-bit sequence numbers (RFC 4303 §2.2.1), negotiated with the ESN transform.
    public let extendedSequenceNumbers: Bool
    public let lifetime: XFRMLifetime
    /// The traffic the state may carry; nil leaves the selector empty, as
    /// iproute2 does without `sel` (the policy decides what is sent).
    public let selector: XFRMSelector?

    /// ESP is the only protocol this module installs (IPPROTO_ESP).
    public static let protocolESP: UInt8 = 50
    /// Tunnel mode is the only mode a remote-access gateway uses (XFRM_MODE_TUNNEL).
    public static let modeTunnel: UInt8 = 1
    /// The largest window the kernel takes: XFRMA_REPLAY_ESN_MAX bits, a
    /// bitmap of at most 128 words (verify_replay in net/xfrm/xfrm_user.c).
    public static let maximumReplayWindow: UInt32 = 4096

    public init(source: IPAddress, destination: IPAddress, spi: UInt32, reqid: UInt32, cipher: XFRMCipher,
                encapsulation: XFRMEncapsulation? = nil, replayWindow: UInt32 = 32, extendedSequenceNumbers: Bool = false,
                lifetime: XFRMLifetime = .unlimited, selector: XFRMSelector? = nil) throws(XFRMError) {
        _ = try commonFamily(source, destination, "state")
        // SPIs 1-255 are reserved by IANA and 0 means "no SA" (RFC 4303 §2.1).
        guard spi > 255 else { throw .invalidArgument("SPI \(spi) is reserved") }
        guard replayWindow <= Self.maximumReplayWindow else {
            throw .invalidArgument("replay window \(replayWindow) above \(Self.maximumReplayWindow)")
        }
        self.source = source
        self.destination = destination
        self.spi = spi
        self.reqid = reqid
        self.cipher = cipher
        self.encapsulation = encapsulation
        self.replayWindow = replayWindow
        self.extendedSequenceNumbers = extendedSequenceNumbers
        self.lifetime = lifetime
        self.selector = selector
    }

    /// The outer address family.
    public var family: XFRMFamily { XFRMFamily(of: source) }

    /// Whether the replay state goes in XFRMA_REPLAY_ESN_VAL rather than the
    /// 8-bit `replay_window` field: needed for ESN and for windows beyond the
    /// 32 bits of the legacy bitmap (struct xfrm_replay_state). strongSwan's
    /// kernel_netlink makes the same choice.
    var usesReplayESNAttribute: Bool { extendedSequenceNumbers || replayWindow > 32 }

    /// Bitmap words for the window, rounded up: the kernel refuses a window
    /// larger than `bmp_len * 32` (xfrm_init_replay in net/xfrm/xfrm_replay.c).
    var replayBitmapWords: Int { (Int(replayWindow) + 31) / 32 }

    public var description: String {
        var text = "ESP tunnel \(source) -> \(destination) spi 0x\(String(spi, radix: 16)) reqid \(reqid) \(cipher)"
        if let encapsulation { text += " encap \(encapsulation)" }
        text += " replay-window \(replayWindow)"
        if extendedSequenceNumbers { text += " esn" }
        if lifetime != .unlimited { text += " lifetime \(lifetime)" }
        if let selector { text += " sel \(selector)" }
        return text
    }
}
