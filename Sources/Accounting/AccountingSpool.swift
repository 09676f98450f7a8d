import Dispatch
import Foundation
import IKEWire
import RADIUS
import SQLiteStore
import Synchronization

/// The durable queue of accounting records, in SQLite.
///
/// Journal mode WAL with `synchronous = FULL`: a transaction is on disk
/// (the WAL fsynced) when `write` returns, so a record the service sends has
/// survived a crash or power loss before the server sees it. The fsync is
/// what costs, so the service batches: one transaction per ~20 ms of
/// changes, whatever their number.
///
/// Blocking calls run on the spool's own serial queue, never on the
/// concurrency pool's threads; the async methods wait for them there.
final class AccountingSpool: @unchecked Sendable {
    /// `PRAGMA user_version` of the schema below.
    static let schemaVersion: Int64 = 1

    let path: String
    private let database: SQLiteDatabase
    private let queue = DispatchQueue(label: "gatehouse.accounting-spool")
    private let transactionCount = Atomic<Int>(0)

    /// Opens or creates the spool. `@unchecked Sendable` above is sound
    /// because `database` is only used on `queue` after this returns (and in
    /// `init`, before anything else can see it).
    init(path: String) throws(AccountingSpoolError) {
        self.path = path
        do {
            database = try SQLiteDatabase(path: path)
            var version: Int64 = 0
            try database.query("PRAGMA user_version") { version = $0.integer(0) }
            guard version <= Self.schemaVersion else { throw AccountingSpoolError.newerSchema(path: path, version: version) }
            try database.execute("""
                PRAGMA journal_mode = WAL;
                PRAGMA synchronous = FULL;
                CREATE TABLE IF NOT EXISTS records (
                    sequence INTEGER PRIMARY KEY,
                    session TEXT NOT NULL,
                    status INTEGER NOT NULL,
                    event_time INTEGER NOT NULL,
                    attributes BLOB NOT NULL
                );
                CREATE TABLE IF NOT EXISTS open_sessions (
                    session TEXT PRIMARY KEY,
                    user_name TEXT NOT NULL,
                    calling_station TEXT NOT NULL,
                    framed_ipv4 TEXT,
                    framed_ipv6 TEXT,
                    classes BLOB NOT NULL,
                    interim_interval INTEGER,
                    started INTEGER NOT NULL,
                    updated INTEGER NOT NULL,
                    input_octets INTEGER NOT NULL,
                    output_octets INTEGER NOT NULL,
                    input_packets INTEGER NOT NULL,
                    output_packets INTEGER NOT NULL
                );
                PRAGMA user_version = \(Self.schemaVersion);
                """)
        } catch let error as AccountingSpoolError {
            throw error
        } catch {
            throw .cannotOpen(path: path, reason: "\(error)")
        }
    }

    /// How many write transactions have committed, for the batching test and
    /// status.
    var transactions: Int { transactionCount.load(ordering: .relaxed) }

    // MARK: Reading what a previous run left

    /// What a previous run left: the sessions it had open, the number of
    /// records not yet acknowledged, and the last sequence number used.
    /// Called once, from the service's `init`.
    func previousRun() throws(AccountingSpoolError) -> (openSessions: [SpooledSession], records: Int, lastSequence: Int64) {
        try onQueueNow { () throws(AccountingSpoolError) in
            var sessions: [SpooledSession] = [], records = 0, last: Int64 = 0
            try storage {
                try database.query("SELECT count(*), coalesce(max(sequence), 0) FROM records") { row in
                    records = Int(row.integer(0))
                    last = row.integer(1)
                }
                try database.query("""
                    SELECT session, user_name, calling_station, framed_ipv4, framed_ipv6, classes, interim_interval, started,
                           updated, input_octets, output_octets, input_packets, output_packets
                    FROM open_sessions ORDER BY started, session
                    """) { row in
                    let session = AccountingSession(
                        sessionID: row.text(0), userName: row.text(1), callingStationID: row.text(2),
                        framedIPv4: row.isNull(3) ? nil : IPv4Address(row.text(3)),
                        framedIPv6: row.isNull(4) ? nil : IPv6Address(row.text(4)),
                        classes: Self.decodedClasses(row.blob(5)),
                        interimInterval: row.isNull(6) ? nil : .milliseconds(row.integer(6)),
                        started: Self.date(milliseconds: row.integer(7)))
                    let counters = AccountingCounters(inputOctets: UInt64(bitPattern: row.integer(9)),
                                                      outputOctets: UInt64(bitPattern: row.integer(10)),
                                                      inputPackets: UInt64(bitPattern: row.integer(11)),
                                                      outputPackets: UInt64(bitPattern: row.integer(12)))
                    sessions.append(SpooledSession(session: session, counters: counters, updated: Self.date(milliseconds: row.integer(8))))
                }
            }
            return (sessions, records, last)
        }
    }

    /// Up to `limit` records after `sequence`, in spool order. A row whose
    /// octets no longer decode (the file was damaged) could never be sent
    /// and would hold back its session forever, so it is deleted here and
    /// its sequence returned for the service to log.
    func records(after sequence: Int64, limit: Int) async throws(AccountingSpoolError)
        -> (records: [AccountingRecord], discarded: [(sequence: Int64, error: RADIUSDecodingError)]) {
        try await onQueue { [self] () throws(AccountingSpoolError) in
            var records: [AccountingRecord] = [], discarded: [(Int64, RADIUSDecodingError)] = []
            try storage {
                try database.query("""
                    SELECT sequence, session, status, event_time, attributes FROM records
                    WHERE sequence > ?1 ORDER BY sequence LIMIT ?2
                    """, .integer(sequence), .integer(Int64(limit))) { row in
                    do throws(RADIUSDecodingError) {
                        records.append(try AccountingRecord(
                            sequence: row.integer(0), sessionID: row.text(1),
                            status: AccountingStatusType(rawValue: UInt32(truncatingIfNeeded: row.integer(2))),
                            eventTime: Self.date(milliseconds: row.integer(3)), encodedAttributes: row.blob(4)))
                    } catch {
                        discarded.append((row.integer(0), error))
                    }
                }
                if !discarded.isEmpty {
                    try database.transaction {
                        let delete = try database.prepare("DELETE FROM records WHERE sequence = ?1")
                        for (sequence, _) in discarded { try delete.run(.integer(sequence)) }
                    }
                }
            }
            return (records, discarded.map { (sequence: $0.0, error: $0.1) })
        }
    }

    // MARK: Writing

    /// Writes `operations` in one transaction, in order; durable on return.
    func write(_ operations: [AccountingSpoolOperation]) async throws(AccountingSpoolError) {
        try await onQueue { [self] () throws(AccountingSpoolError) in try writeNow(operations) }
    }

    private func writeNow(_ operations: [AccountingSpoolOperation]) throws(AccountingSpoolError) {
        guard !operations.isEmpty else { return }
        try storage {
            try database.transaction {
                // Prepared lazily: most batches use one or two of them.
                var statements: [String: SQLiteDatabase.Statement] = [:]
                func statement(_ sql: String) throws -> SQLiteDatabase.Statement {
                    if let prepared = statements[sql] { return prepared }
                    let prepared = try database.prepare(sql)
                    statements[sql] = prepared
                    return prepared
                }
                for operation in operations {
                    switch operation {
                    case .append(let record, let octets):
                        try statement("INSERT INTO records (sequence, session, status, event_time, attributes) VALUES (?1, ?2, ?3, ?4, ?5)")
                            .run(.integer(record.sequence), .text(record.sessionID), .integer(Int64(record.status.rawValue)),
                                 .integer(Self.milliseconds(record.eventTime)), .blob(octets))
                    case .acknowledge(let sequence):
                        try statement("DELETE FROM records WHERE sequence = ?1").run(.integer(sequence))
                    case .open(let session):
                        let started = Self.milliseconds(session.started)
                        try statement("""
                            INSERT OR REPLACE INTO open_sessions (session, user_name, calling_station, framed_ipv4, framed_ipv6,
                                classes, interim_interval, started, updated, input_octets, output_octets, input_packets, output_packets)
                            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8, 0, 0, 0, 0)
                            """).run(.text(session.sessionID), .text(session.userName), .text(session.callingStationID),
                                     session.framedIPv4.map { .text($0.description) } ?? .null,
                                     session.framedIPv6.map { .text($0.description) } ?? .null,
                                     .blob(Self.encodedClasses(session.classes)),
                                     session.interimInterval.map { .integer(Self.milliseconds($0)) } ?? .null,
                                     .integer(started))
                    case .update(let sessionID, let counters, let time):
                        try statement("""
                            UPDATE open_sessions SET updated = ?2, input_octets = ?3, output_octets = ?4, input_packets = ?5,
                                output_packets = ?6 WHERE session = ?1
                            """).run(.text(sessionID), .integer(Self.milliseconds(time)),
                                     .integer(Int64(bitPattern: counters.inputOctets)), .integer(Int64(bitPattern: counters.outputOctets)),
                                     .integer(Int64(bitPattern: counters.inputPackets)), .integer(Int64(bitPattern: counters.outputPackets)))
                    case .close(let sessionID):
                        try statement("DELETE FROM open_sessions WHERE session = ?1").run(.text(sessionID))
                    }
                }
            }
        }
        transactionCount.add(1, ordering: .relaxed)
    }

    // MARK: Helpers

    private func storage(_ body: () throws -> Void) throws(AccountingSpoolError) {
        do { try body() } catch { throw .storage("\(error)") }
    }

    private func onQueue<T: Sendable>(_ body: @escaping @Sendable () throws(AccountingSpoolError) -> T) async throws(AccountingSpoolError) -> T {
        let result: Result<T, AccountingSpoolError> = await withCheckedContinuation { continuation in
            queue.async { continuation.resume(returning: Result { () throws(AccountingSpoolError) -> T in try body() }) }
        }
        return try result.get()
    }

    private func onQueueNow<T>(_ body: () throws(AccountingSpoolError) -> T) throws(AccountingSpoolError) -> T {
        try queue.sync { Result { () throws(AccountingSpoolError) -> T in try body() } }.get()
    }

    /// Class values as a 2-octet length then the octets, each.
    static func encodedClasses(_ classes: [[UInt8]]) -> [UInt8] {
        classes.flatMap { [UInt8(truncatingIfNeeded: $0.count >> 8), UInt8(truncatingIfNeeded: $0.count)] + $0 }
    }

    /// The inverse of `encodedClasses`; a damaged tail is dropped, not read
    /// past.
    static func decodedClasses(_ octets: [UInt8]) -> [[UInt8]] {
        var classes: [[UInt8]] = [], offset = 0
        while offset + 2 <= octets.count {
            let count = Int(octets[offset]) << 8 | Int(octets[offset + 1])
            guard offset + 2 + count <= octets.count else { break }
            classes.append(Array(octets[(offset + 2)..<(offset + 2 + count)]))
            offset += 2 + count
        }
        return classes
    }

    static func milliseconds(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1000).rounded())
    }

    static func milliseconds(_ duration: Duration) -> Int64 {
        duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
    }

    static func date(milliseconds: Int64) -> Date {
        Date(timeIntervalSince1970: Double(milliseconds) / 1000)
    }
}
