import IKECrypto
import IKEWire

/// What the engine remembers of a CHILD_SA once the data plane has its
/// keys: enough to rekey it with the same algorithms and selectors (RFC
/// 7296 §2.8) and to delete it, and nothing secret.
struct ChildSARecord {
    enum State: Equatable {
        /// Carrying traffic.
        case installed
        /// A rekey of ours is outstanding.
        case rekeying
        /// Replaced by the CHILD_SA with this inbound SPI; the Delete
        /// follows from whoever initiated the rekey.
        case rekeyed(by: UInt32)
        /// Our Delete for it is outstanding.
        case deleting
    }

    /// The SPI we receive on (ours) and the one we send with (the peer's).
    let inboundSPI: UInt32
    let outboundSPI: UInt32
    let encryption: EncryptionAlgorithm
    let integrity: IntegrityAlgorithm?
    let extendedSequenceNumbers: Bool
    /// Our selectors and the peer's.
    let localSelectors: [TrafficSelector]
    let remoteSelectors: [TrafficSelector]
    /// The Diffie-Hellman group of the exchange that created it; nil
    /// without PFS. Our own rekey uses PFS only when this is set: a client
    /// that never used it (Windows' default) is never asked for it.
    let pfsGroup: KeyExchangeGroup?
    var state = State.installed
    /// For a CHILD_SA a rekey replaced: when we delete it ourselves if the
    /// peer, whose job it is, has not (a peer that keeps rekeying and never
    /// deletes must not pile up SAs).
    var deleteBy: EngineInstant?

    /// Marks it replaced by `successor`, to be gone by `deadline`.
    mutating func replaced(by successor: UInt32, deleteBy deadline: EngineInstant) {
        state = .rekeyed(by: successor)
        deleteBy = deadline
    }

    init(_ child: ChildSAParameters, pfsGroup: KeyExchangeGroup?) {
        inboundSPI = child.inboundSPI
        outboundSPI = child.outboundSPI
        encryption = child.encryption
        integrity = child.integrity
        extendedSequenceNumbers = child.extendedSequenceNumbers
        localSelectors = child.localSelectors
        remoteSelectors = child.remoteSelectors
        self.pfsGroup = pfsGroup
    }

    /// Whether a rekey may start or be answered for it.
    var isLive: Bool { state == .installed || state == .rekeying }
}
