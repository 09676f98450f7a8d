import Accounting

/// What the gateway's accounting knows of its sessions, kept under one
/// lock so that a Start, a CHILD_SA's retirement, an interim read, a Stop
/// and shutdown all see the same state: a CHILD_SA's traffic is either
/// live or retired, never both, and a session is either still open or has
/// had its Stop queued.
struct AccountingLedger {
    /// Established SAs waiting for their CHILD_SA to be installed.
    var pendingStarts: [UInt64: AccountingSession] = [:]
    /// IKE SAs whose Start was queued and whose Stop was not.
    var open: Set<UInt64> = []
    /// Installed CHILD_SAs (inbound SPIs) by IKE SA.
    var liveChildren: [UInt64: Set<UInt32>] = [:]
    /// The traffic of CHILD_SAs already removed, by IKE SA (RFC 2866 §5.3:
    /// a session's counters cover all of its CHILD_SAs, rekeys included).
    var retired: [UInt64: AccountingCounters] = [:]
    /// Set at shutdown: from then on the shutdown sends the Stops.
    var closed = false

    /// Forgets an IKE SA; returns its retired traffic and live CHILD_SAs,
    /// and whether its session was open.
    mutating func remove(_ ikeSPI: UInt64) -> (wasOpen: Bool, retired: AccountingCounters, live: Set<UInt32>) {
        pendingStarts[ikeSPI] = nil
        return (open.remove(ikeSPI) != nil, retired.removeValue(forKey: ikeSPI) ?? .zero, liveChildren.removeValue(forKey: ikeSPI) ?? [])
    }
}
