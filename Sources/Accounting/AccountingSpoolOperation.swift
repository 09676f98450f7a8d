import Foundation

/// One change to the spool. The service collects them and the spool writes
/// a batch in one transaction, so a record and the open-session change it
/// goes with (a Stop and the session's removal) are durable together or not
/// at all.
enum AccountingSpoolOperation: Sendable {
    /// A new record, to be sent.
    case append(AccountingRecord, encodedAttributes: [UInt8])
    /// The server acknowledged the record: delete it.
    case acknowledge(sequence: Int64)
    /// A session started: remember it until its Stop.
    case open(AccountingSession)
    /// An Interim-Update: the last known counters and when they were read.
    case update(sessionID: String, counters: AccountingCounters, at: Date)
    /// The session's Stop is spooled: forget it.
    case close(sessionID: String)
}
