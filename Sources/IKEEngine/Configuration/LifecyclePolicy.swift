import IKECrypto

/// How established SAs are kept alive and renewed (RFC 7296 §2.4, §2.8;
/// RFC 4555). CHILD_SA lifetimes are the data plane's: it counts the
/// traffic and reports soft and hard limits to the engine.
public struct LifecyclePolicy: Sendable, Equatable {
    /// When the gateway rekeys an IKE SA itself; nil leaves it to the
    /// peer. Windows' own IKE SA lifetime is long (RRAS: 8 h) and it does
    /// not always rekey first, so the gateway does, proposing the group
    /// already negotiated (MODP-1024 for a default Windows client).
    public var ikeRekeyTime: Duration? = .seconds(4 * 3600)
    /// Each IKE SA's rekey time is shortened by a random part of this
    /// fraction, so that SAs made in the same second (a restart, a morning)
    /// do not all rekey in the same second.
    public var rekeyJitter = 0.1
    /// Idle time after which an empty INFORMATIONAL asks whether the peer
    /// is alive (dead peer detection); traffic on its CHILD_SAs counts as
    /// life. Nil turns the checks off.
    public var livenessInterval: Duration? = .seconds(30)
    /// Whether MOBIKE (RFC 4555) is answered to peers that announce it.
    public var mobike = true
    /// How long after a TEMPORARY_FAILURE (the peer was busy, RFC 7296
    /// §2.25) a rekey of ours is tried again.
    public var rekeyRetry: Duration = .seconds(30)

    /// PFS for the CHILD_SA rekeys we start on SAs made without it. Off by
    /// default: a CHILD_SA keeps what it was made with, and a client that
    /// never used PFS (Windows' default) may refuse a rekey that asks for it.
    public var rekeyPFSGroup: KeyExchangeGroup?

    public init() {}

    /// `base` shortened by a random part of the jitter.
    func jittered(_ base: Duration) -> Duration {
        guard rekeyJitter > 0 else { return base }
        return base * (1 - Double.random(in: 0...min(rekeyJitter, 0.9)))
    }
}
