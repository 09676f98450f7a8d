import Foundation

/// A session the spool has open: the session, its last counters from an
/// Interim-Update and when they were read (the start if none). What a
/// NAS-Reboot Stop is built from after a crash.
struct SpooledSession: Sendable, Hashable {
    var session: AccountingSession
    var counters: AccountingCounters
    var updated: Date
}
