import SQLiteStore
import Dispatch
import Foundation
import IKEEngine
import IKEWire
import Logging
import Synchronization

/// Persists the address pools' leases in SQLite, so that after a restart
/// each user gets their address back.
///
/// Writes are batched: the pools record changes in memory (under their
/// lock, so cheaply), and a background queue writes them in one
/// transaction per second, so durability does not cost a disk flush per
/// handshake. Pending changes are coalesced by address, so a database that
/// cannot be written holds at most one change per pool address in memory
/// until it can. On restart, no SA survives, so every lease is free again
/// but stays its user's preferred address.
public final class SQLiteLeaseJournal: LeaseJournal {
    public let path: String
    private let database: SQLiteDatabase
    private let pending = Mutex<[IPAddress: Change]>([:])
    private let queue = DispatchQueue(label: "gatehouse.leases")
    /// `nonisolated(unsafe)`: created in init, then only cancelled, which
    /// Dispatch allows from any thread.
    nonisolated(unsafe) private let timer: any DispatchSourceTimer
    private let logger: Logger

    struct Change {
        let user: String
        let active: Bool
        let time: Int64
    }

    /// Opens (or creates) the database, marks every lease inactive and
    /// starts the writer.
    public init(path: String, flushInterval: Duration = .seconds(1), logger: Logger) throws {
        self.path = path
        self.logger = logger
        database = try SQLiteDatabase(path: path)
        try database.execute("""
            PRAGMA journal_mode = WAL;
            PRAGMA synchronous = NORMAL;
            CREATE TABLE IF NOT EXISTS leases (
                address TEXT PRIMARY KEY,
                user TEXT NOT NULL,
                active INTEGER NOT NULL,
                updated INTEGER NOT NULL
            );
            UPDATE leases SET active = 0 WHERE active != 0;
            """)
        timer = DispatchSource.makeTimerSource(queue: queue)
        let nanoseconds = Int(flushInterval.components.seconds) * 1_000_000_000 + Int(flushInterval.components.attoseconds / 1_000_000_000)
        timer.schedule(deadline: .now() + .nanoseconds(nanoseconds), repeating: .nanoseconds(nanoseconds))
        timer.setEventHandler { [weak self] in self?.flush() }
        timer.resume()
    }

    deinit { timer.cancel() }

    /// Each user's most recent address of each family, for the pools.
    public func preferences() throws -> (ipv4: [String: IPv4Address], ipv6: [String: IPv6Address]) {
        var ipv4: [String: IPv4Address] = [:], ipv6: [String: IPv6Address] = [:]
        // Oldest first, so that each user's newest address wins.
        try database.query("SELECT address, user FROM leases ORDER BY updated, address") { row in
            switch IPAddress(row.text(0)) {
            case .v4(let address): ipv4[row.text(1)] = address
            case .v6(let address): ipv6[row.text(1)] = address
            case nil: break
            }
        }
        return (ipv4, ipv6)
    }

    public func leased(_ address: IPAddress, to user: String) {
        record(address, Change(user: user, active: true, time: Self.now))
    }

    public func released(_ address: IPAddress, by user: String) {
        record(address, Change(user: user, active: false, time: Self.now))
    }

    private func record(_ address: IPAddress, _ change: Change) {
        pending.withLock { $0[address] = change }
    }

    private static var now: Int64 { Int64(Date().timeIntervalSince1970) }

    /// Writes what is pending now, waiting until it is on disk.
    public func sync() {
        queue.sync { flush() }
    }

    /// Writes what is pending in one transaction; on failure the changes
    /// stay pending (unless newer ones replaced them) for the next try.
    /// Runs on `queue` only.
    private func flush() {
        let changes = pending.withLock { pending in
            defer { pending.removeAll(keepingCapacity: true) }
            return pending
        }
        guard !changes.isEmpty else { return }
        do {
            try database.transaction {
                let upsert = try database.prepare("""
                    INSERT INTO leases (address, user, active, updated) VALUES (?1, ?2, ?3, ?4)
                    ON CONFLICT (address) DO UPDATE SET user = ?2, active = ?3, updated = ?4
                    """)
                for (address, change) in changes {
                    try upsert.run(.text(address.description), .text(change.user), .integer(change.active ? 1 : 0), .integer(change.time))
                }
            }
        } catch {
            logger.error("cannot write leases to \(path): \(error); retrying", metadata: ["changes": "\(changes.count)"])
            pending.withLock { pending in pending.merge(changes) { newer, _ in newer } }
        }
    }

    /// Stops the writer after a last flush.
    public func close() {
        timer.cancel()
        queue.sync { flush() }
    }
}
