import ESP
import IKEWire
import Synchronization

/// The installed CHILD_SAs, found by inbound SPI (for ESP that arrives) and
/// by the client's address (for packets the TUN device hands out): hash
/// tables, so a lookup costs the same with ten SAs or a hundred thousand
/// (strongSwan's libipsec scans a list), and allocates nothing. SAs whose
/// remote selectors are ranges rather than one address (site-to-site
/// peers) are kept in one order searched after the table.
///
/// Each address has an `OutboundOrder`: a rekey's new SA takes the traffic
/// at once or when the SA it replaces is removed, and both keep receiving
/// by SPI until then (RFC 7296 §2.8). The SAs' time limits are filed here
/// too, under the same lock, so an SA removed or moved is never reported.
final class ChildSATable: Sendable {
    private struct State {
        var bySPI: [UInt32: InstalledChildSA] = [:]
        var byAddress: [IPAddress: OutboundOrder] = [:]
        var ranged = OutboundOrder()
        var timeLimits = TimeLimitCalendar()
    }

    private let state = Mutex(State())

    var count: Int { state.withLock { $0.bySPI.count } }

    func inbound(spi: UInt32) -> InstalledChildSA? {
        state.withLock { $0.bySPI[spi] }
    }

    func outbound(to destination: IPAddress) -> InstalledChildSA? {
        state.withLock { state in
            state.byAddress[destination]?.active ?? state.ranged.active(for: destination)
        }
    }

    /// Adds `sa`, for its addresses on top or below the SA it waits for
    /// (`OutboundOrder`). Returns false, changing nothing, when another SA
    /// already has its inbound SPI: removing one of them later must not
    /// remove the other.
    func insert(_ sa: InstalledChildSA) -> Bool {
        state.withLock { state in
            guard state.bySPI[sa.spi] == nil else { return false }
            state.bySPI[sa.spi] = sa
            if sa.remoteHostAddresses.isEmpty { state.ranged.insert(sa) }
            for address in sa.remoteHostAddresses { state.byAddress[address, default: OutboundOrder()].insert(sa) }
            state.timeLimits.add(spi: sa.spi, soft: sa.softDeadline, hard: sa.hardDeadline)
            return true
        }
    }

    /// Removes the SA with this inbound SPI and returns it. Only its own
    /// addresses' orders are touched, never a scan of all SAs.
    func remove(spi: UInt32) -> InstalledChildSA? {
        state.withLock { state in
            guard let sa = state.bySPI.removeValue(forKey: spi) else { return nil }
            if sa.remoteHostAddresses.isEmpty { state.ranged.remove(spi: spi) }
            for address in sa.remoteHostAddresses {
                state.byAddress[address]?.remove(spi: spi)
                if state.byAddress[address]?.isEmpty == true { state.byAddress[address] = nil }
            }
            state.timeLimits.remove(spi: spi, soft: sa.softDeadline, hard: sa.hardDeadline)
            return sa
        }
    }

    /// Sends the SA with this inbound SPI on `path` from now on, in the same
    /// place in its orders. Returns false when no such SA is installed.
    func move(spi: UInt32, to path: OuterPath) -> Bool {
        state.withLock { state in
            guard let sa = state.bySPI[spi]?.moved(to: path) else { return false }
            state.bySPI[spi] = sa
            if sa.remoteHostAddresses.isEmpty { state.ranged.replace(with: sa) }
            for address in sa.remoteHostAddresses { state.byAddress[address]?.replace(with: sa) }
            return true
        }
    }

    /// Moves the SA with this inbound SPI to the path `sockets` choose for
    /// these endpoints, as for an SA installed with them.
    func move(spi: UInt32, local: Endpoint, remote: Endpoint, udpEncapsulation: Bool,
              sockets: ESPSockets) throws(DataPlaneError) {
        let path = try sockets.path(forSPI: spi, local: local, remote: remote, udpEncapsulation: udpEncapsulation)
        guard move(spi: spi, to: path) else { throw .notInstalled(spi) }
    }

    /// The SAs whose soft or hard time limit fell due by `now`, each limit
    /// once. A soft limit is left out when the hard one has passed too, as
    /// the SA ends anyway. Empty, and allocated nothing, when none is due.
    func dueTimeLimits(at now: ContinuousClock.Instant) -> [(sa: InstalledChildSA, expiry: ESPExpiry)] {
        state.withLock { state in
            var due: [(sa: InstalledChildSA, expiry: ESPExpiry)] = []
            let bySPI = state.bySPI
            state.timeLimits.takeDue(at: now) { spi, expiry in
                guard let sa = bySPI[spi] else { return }
                if expiry == .soft, let hard = sa.hardDeadline, hard <= now { return }
                due.append((sa, expiry))
            }
            return due
        }
    }
}
