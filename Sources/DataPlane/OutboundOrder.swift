import IKEWire

/// The CHILD_SAs that may carry outbound traffic to the same addresses, in
/// the order they take it over: the last one carries it, each one below
/// waits for those above it to be removed.
///
/// This is how a rekey hands traffic over without loss (RFC 7296 §2.8).
/// The initiator of a rekey sends on the new SA at once: it goes on top.
/// The responder keeps sending on the old SA until the initiator deletes
/// it, because the initiator installs the new inbound SA only when our
/// response arrives: the new SA goes directly below the one it rekeys and
/// becomes active when that one is removed. Removing any SA leaves the one
/// below the top active, so three generations hand over in turn.
///
/// Usually one SA long, two during a rekey: searches are linear.
struct OutboundOrder {
    /// Bottom first; the active SA is the last.
    private(set) var sas: [InstalledChildSA] = []

    var isEmpty: Bool { sas.isEmpty }

    /// The SA that carries the traffic.
    var active: InstalledChildSA? { sas.last }

    /// The topmost SA whose selectors admit `destination` (for SAs whose
    /// selectors are ranges, kept in one order).
    func active(for destination: IPAddress) -> InstalledChildSA? {
        sas.last { $0.admitsOutbound(destination) }
    }

    /// Places `sa` by its handover rule: below the SA it waits for if that
    /// one is here, on top otherwise (nothing else would ever hand it the
    /// traffic).
    mutating func insert(_ sa: InstalledChildSA) {
        if let predecessor = sa.outboundAfter, let index = sas.firstIndex(where: { $0.spi == predecessor }) {
            sas.insert(sa, at: index)
        } else {
            sas.append(sa)
        }
    }

    /// Removes the SA with this inbound SPI; the next one down takes over
    /// if it was active.
    mutating func remove(spi: UInt32) {
        sas.removeAll { $0.spi == spi }
    }

    /// Puts `sa` where the SA with its inbound SPI is (a path update).
    mutating func replace(with sa: InstalledChildSA) {
        if let index = sas.firstIndex(where: { $0.spi == sa.spi }) { sas[index] = sa }
    }
}
