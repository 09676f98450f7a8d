/// A state's anti-replay position as the kernel reports it: XFRMA_REPLAY_VAL
/// (struct xfrm_replay_state, 32-bit counters and bitmap) or, for ESN and
/// large windows, XFRMA_REPLAY_ESN_VAL (struct xfrm_replay_state_esn).
public struct XFRMReplayState: Hashable, Sendable, CustomStringConvertible {
    /// Last sequence number sent (outbound states); high half from `oseq_hi`.
    public let outboundSequence: UInt64
    /// Highest sequence number received (inbound states); high half from `seq_hi`.
    public let inboundSequence: UInt64
    /// Window size in packets.
    public let window: UInt32
    /// Which of the last `window` packets arrived, 32 per word.
    public let bitmap: [UInt32]
    /// Whether the kernel reported it in the ESN structure.
    public let extended: Bool

    public init(outboundSequence: UInt64, inboundSequence: UInt64, window: UInt32, bitmap: [UInt32], extended: Bool) {
        self.outboundSequence = outboundSequence
        self.inboundSequence = inboundSequence
        self.window = window
        self.bitmap = bitmap
        self.extended = extended
    }

    public var description: String {
        "replay oseq \(outboundSequence) seq \(inboundSequence) window \(window)\(extended ? " esn" : "")"
    }
}
