import Foundation
import Logging
import RADIUS

/// RADIUS accounting for the gateway's sessions (RFC 2866, RFC 2869 §2.1):
/// Start, Interim-Update and Stop per session, Accounting-On and -Off for
/// the gateway, through a durable spool.
///
/// Every record is written to the spool (and fsynced, in batches) before it
/// is sent, and deleted only after its Accounting-Response. While no server
/// answers, records accumulate in the spool and the sender retries with
/// exponential backoff; when one answers, the spool drains in order. A
/// session's records go out strictly in spool order (its Stop never before
/// its Start), one at a time; different sessions' records go in parallel.
/// Accounting-On and -Off are barriers: sent when everything before them is
/// acknowledged, and nothing after them before they are.
///
/// The spool also keeps the open sessions with their last counters, so after
/// a crash `start()` can close them with a NAS-Reboot Stop.
public actor AccountingService {
    private let spool: AccountingSpool
    private let transport: any AccountingTransport
    private let builder: AccountingRecordBuilder
    private let configuredInterimInterval: Duration?
    private let counters: @Sendable (String) async -> AccountingCounters?
    private let settings: AccountingSpoolSettings
    private let logger: Logger

    private enum Phase { case idle, running, draining, stopped }
    private var phase = Phase.idle

    /// Sessions the previous run left open, closed by `start()`.
    private var previousRunSessions: [SpooledSession]
    /// Sessions of this run, with their interim timers.
    private var sessions: [String: (session: AccountingSession, interim: Task<Void, Never>?)] = [:]
    private var nextSequence: Int64
    /// Records spooled or about to be, not yet acknowledged.
    private var unacknowledged: Int

    // Writer: changes wait here until the next batch.
    private var pendingOperations: [AccountingSpoolOperation] = []
    private var flushTimer: Task<Void, Never>?
    private var flushing = false
    /// Every record up to this sequence is on disk.
    private var committedThrough: Int64

    // Sender: the oldest unacknowledged records, in spool order. Only this
    // window is in memory, so a spool that grew during a long outage costs
    // disk, not memory.
    private static let windowSize = 256
    private var window: [AccountingRecord] = []
    private var loadedThrough: Int64 = 0
    private var loading = false
    private var inFlight: Set<Int64> = []
    private var retryTimer: Task<Void, Never>?
    private var retryDelay: Duration
    /// Set while the transport fails, so the outage is logged once, not per
    /// record.
    private var failingSince: Date?

    /// Opens (or creates) the spool at `spoolPath` and reads what a previous
    /// run left in it. Sends nothing until `start()`.
    ///
    /// - Parameters:
    ///   - interimInterval: the configured Interim-Update interval; a
    ///     session's own (from Acct-Interim-Interval) overrides it. No
    ///     updates for a session when both are nil.
    ///   - counters: a session's counters now, by Acct-Session-Id; nil if the
    ///     session is gone.
    public init(spoolPath: String, transport: any AccountingTransport, nas: NASIdentity, interimInterval: Duration?,
                counters: @escaping @Sendable (String) async -> AccountingCounters?, logger: Logger,
                settings: AccountingSpoolSettings = AccountingSpoolSettings()) throws(AccountingSpoolError) {
        spool = try AccountingSpool(path: spoolPath)
        let previous = try spool.previousRun()
        self.transport = transport
        builder = AccountingRecordBuilder(nas: nas)
        configuredInterimInterval = interimInterval
        self.counters = counters
        self.settings = settings
        self.logger = logger
        previousRunSessions = previous.openSessions
        unacknowledged = previous.records
        nextSequence = previous.lastSequence + 1
        committedThrough = previous.lastSequence
        retryDelay = settings.initialRetryDelay
    }

    /// Records spooled and not yet acknowledged by a server.
    public var pendingRecords: Int { unacknowledged }

    // MARK: Lifecycle

    /// Stop records (cause NAS-Reboot, last known counters, Acct-Session-Time from the last interim) for every
    /// session the spool still has open from a previous run, then Accounting-On; starts the sender and interim timers.
    ///
    /// Records the previous run did not get acknowledged go first, in their
    /// order; the NAS-Reboot Stop's Event-Timestamp is now, when the gateway
    /// learnt the session had ended.
    public func start() async {
        guard phase == .idle else { return }
        phase = .running
        let now = settings.now()
        if !previousRunSessions.isEmpty {
            logger.warning("accounting: the previous run left sessions open; sending NAS-Reboot Stops",
                           metadata: ["sessions": "\(previousRunSessions.count)"])
        }
        for stale in previousRunSessions {
            append(.stop, sessionID: stale.session.sessionID,
                   builder.sessionRecord(.stop, session: stale.session, at: now,
                                         sessionTime: stale.updated.timeIntervalSince(stale.session.started),
                                         counters: stale.counters, cause: .nasReboot),
                   at: now, with: [.close(sessionID: stale.session.sessionID)])
        }
        previousRunSessions = []
        appendNASRecord(.accountingOn, at: now)
        if unacknowledged > 0 { logger.info("accounting: spooled records to send", metadata: ["records": "\(unacknowledged)"]) }
        for (sessionID, entry) in sessions where entry.interim == nil {
            sessions[sessionID]?.interim = interimTimer(for: entry.session)
        }
        flushNow()
        pump()
    }

    /// Accounting-Off, then drains for at most `drainTimeout`; what is left stays spooled for the next start.
    ///
    /// Sessions still open stay open in the spool, so the next start closes
    /// them with NAS-Reboot Stops; the gateway stops its sessions first
    /// (with their own cause) when it can.
    public func stop(drainTimeout: Duration) async {
        guard phase == .idle || phase == .running else { return }
        for entry in sessions.values { entry.interim?.cancel() }
        if phase == .running {
            appendNASRecord(.accountingOff, at: settings.now())
            phase = .draining
            flushNow()
            pump()
            let deadline = ContinuousClock.now + drainTimeout
            while unacknowledged > 0, ContinuousClock.now < deadline {
                try? await Task.sleep(for: .milliseconds(5))
            }
        }
        phase = .stopped
        retryTimer?.cancel()
        // Acknowledgements and records still waiting are written now, so
        // the next start neither resends the one nor loses the other.
        await writeAllPending()
        if unacknowledged > 0 {
            logger.warning("accounting: records stay spooled for the next start", metadata: ["records": "\(unacknowledged)"])
        }
    }

    // MARK: Sessions

    /// Start record (Framed-IP-Address etc.)
    public func sessionStarted(_ session: AccountingSession) {
        guard phase != .stopped else {
            logger.error("accounting: session started after stop; not accounted", metadata: ["session": "\(session.sessionID)"])
            return
        }
        guard sessions[session.sessionID] == nil else {
            logger.error("accounting: session started twice; the second Start is ignored", metadata: ["session": "\(session.sessionID)"])
            return
        }
        let now = settings.now()
        let appended = append(.start, sessionID: session.sessionID, builder.sessionRecord(.start, session: session, at: now),
                              at: now, with: [.open(session)])
        guard appended else { return }
        sessions[session.sessionID] = (session, phase == .running ? interimTimer(for: session) : nil)
    }

    public func sessionStopped(sessionID: String, counters: AccountingCounters, cause: AccountingTerminateCause) {
        guard let entry = sessions.removeValue(forKey: sessionID) else {
            logger.error("accounting: Stop for a session that was not started", metadata: ["session": "\(sessionID)"])
            return
        }
        entry.interim?.cancel()
        guard phase != .stopped else {
            logger.error("accounting: session stopped after stop; the next start sends its Stop", metadata: ["session": "\(sessionID)"])
            return
        }
        let now = settings.now()
        append(.stop, sessionID: sessionID,
               builder.sessionRecord(.stop, session: entry.session, at: now, sessionTime: now.timeIntervalSince(entry.session.started),
                                     counters: counters, cause: cause),
               at: now, with: [.close(sessionID: sessionID)])
    }

    /// Interim-Update at the session's interval (RFC 2869 §2.1), on a fixed
    /// cadence from the start; a tick that finds the session gone is
    /// skipped. The task holds the service weakly so it cannot keep it alive.
    private func interimTimer(for session: AccountingSession) -> Task<Void, Never>? {
        guard let interval = session.interimInterval ?? configuredInterimInterval, interval > .zero else { return nil }
        let sessionID = session.sessionID, counters = self.counters
        return Task { [weak self] in
            var next = ContinuousClock.now + interval
            while !Task.isCancelled {
                do { try await Task.sleep(until: next, clock: .continuous) } catch { return }
                // After a stall, the next update is an interval from now,
                // not a burst of the ones missed.
                next = max(next + interval, ContinuousClock.now + interval / 2)
                guard let current = await counters(sessionID), let self else { continue }
                await self.interimUpdate(sessionID: sessionID, counters: current)
            }
        }
    }

    private func interimUpdate(sessionID: String, counters: AccountingCounters) {
        guard phase == .running, let entry = sessions[sessionID] else { return }
        let now = settings.now()
        append(.interimUpdate, sessionID: sessionID,
               builder.sessionRecord(.interimUpdate, session: entry.session, at: now,
                                     sessionTime: now.timeIntervalSince(entry.session.started), counters: counters),
               at: now, with: [.update(sessionID: sessionID, counters: counters, at: now)])
    }

    // MARK: Spooling

    /// Queues a record (and the session changes that go with it, in the
    /// same transaction) for the next batch. A record that cannot be
    /// encoded could never be sent: it is logged and dropped with its
    /// session changes, before it takes a sequence number.
    @discardableResult
    private func append(_ status: AccountingStatusType, sessionID: String, _ attributes: [RADIUSAttribute], at time: Date,
                        with sessionChanges: [AccountingSpoolOperation]) -> Bool {
        var record = AccountingRecord(sequence: 0, sessionID: sessionID, status: status, eventTime: time, attributes: attributes)
        let octets: [UInt8]
        do {
            octets = try record.encodedAttributes()
        } catch {
            logger.error("accounting: cannot encode the \(status) record; dropped: \(error)", metadata: ["session": "\(sessionID)"])
            return false
        }
        record.sequence = nextSequence
        nextSequence += 1
        unacknowledged += 1
        enqueue([.append(record, encodedAttributes: octets)] + sessionChanges)
        return true
    }

    private func appendNASRecord(_ status: AccountingStatusType, at time: Date) {
        let sessionID = String(UInt64.random(in: .min ... .max), radix: 16)
        append(status, sessionID: "", builder.nasRecord(status, sessionID: sessionID, at: time), at: time, with: [])
    }

    private func enqueue(_ operations: [AccountingSpoolOperation]) {
        pendingOperations += operations
        if pendingOperations.count >= settings.flushThreshold {
            flushNow()
        } else {
            scheduleFlush(after: settings.flushInterval)
        }
    }

    private func scheduleFlush(after delay: Duration) {
        guard flushTimer == nil, !flushing else { return }
        flushTimer = Task { [weak self] in
            do { try await Task.sleep(for: delay) } catch { return }
            await self?.flushTimerFired()
        }
    }

    private func flushTimerFired() {
        flushTimer = nil
        flushNow()
    }

    private func flushNow() {
        guard !flushing, !pendingOperations.isEmpty else { return }
        flushTimer?.cancel()
        flushTimer = nil
        flushing = true
        Task { await flush() }
    }

    /// Writes the pending changes in one transaction. On failure they stay
    /// pending, in order, ahead of newer ones, and are retried after the
    /// retry delay; nothing unwritten is sent meanwhile.
    private func flush() async {
        let batch = pendingOperations
        pendingOperations = []
        do {
            try await spool.write(batch)
            flushing = false
            committed(batch)
            if pendingOperations.count >= settings.flushThreshold {
                flushNow()
            } else if !pendingOperations.isEmpty {
                scheduleFlush(after: settings.flushInterval)
            }
        } catch {
            logger.error("accounting: cannot write the spool \(spool.path); retrying: \(error)", metadata: ["changes": "\(batch.count)"])
            pendingOperations = batch + pendingOperations
            flushing = false
            scheduleFlush(after: settings.initialRetryDelay)
        }
    }

    /// Used by `stop`: waits for a flush in progress, then writes what is
    /// left, so acknowledgements are on disk before the service goes.
    private func writeAllPending() async {
        while flushing { try? await Task.sleep(for: .milliseconds(1)) }
        flushTimer?.cancel()
        flushTimer = nil
        guard !pendingOperations.isEmpty else { return }
        let batch = pendingOperations
        pendingOperations = []
        do {
            try await spool.write(batch)
            committed(batch)
        } catch {
            let records = batch.filter { if case .append = $0 { true } else { false } }.count
            logger.error("accounting: cannot write the spool \(spool.path) at stop: \(error)",
                         metadata: ["lost records": "\(records)"])
        }
    }

    /// Records just made durable can be sent. While everything before them
    /// is in the window they join it directly; otherwise the sender reads
    /// them from the spool when it has room.
    private func committed(_ batch: [AccountingSpoolOperation]) {
        for case .append(let record, _) in batch {
            if loadedThrough == committedThrough, window.count < Self.windowSize, !loading {
                window.append(record)
                loadedThrough = record.sequence
            }
            committedThrough = record.sequence
        }
        pump()
    }

    // MARK: Sending

    /// Sends what may go now: records in spool order, skipping a session
    /// whose earlier record is unacknowledged, stopping at a barrier that
    /// is not first, up to `maximumInFlight`; nothing while waiting to retry.
    private func pump() {
        guard phase == .running || phase == .draining else { return }
        if window.count < Self.windowSize, loadedThrough < committedThrough, !loading {
            loading = true
            Task { await load() }
        }
        guard retryTimer == nil else { return }
        var busySessions: Set<String> = []
        for (index, record) in window.enumerated() {
            guard inFlight.count < settings.maximumInFlight else { break }
            if record.status.isBarrier {
                if index == 0, !inFlight.contains(record.sequence) { dispatch(record) }
                break
            }
            let (isNew, _) = busySessions.insert(record.sessionID)
            if isNew, !inFlight.contains(record.sequence) { dispatch(record) }
        }
    }

    private func load() async {
        do {
            let page = try await spool.records(after: loadedThrough, limit: Self.windowSize - window.count)
            for (sequence, error) in page.discarded {
                logger.error("accounting: spooled record \(sequence) is damaged and cannot be sent; deleted: \(error)")
            }
            unacknowledged -= page.discarded.count
            window += page.records
            if page.records.isEmpty, page.discarded.isEmpty {
                // Nothing after `loadedThrough` although more was committed:
                // the file changed under us. Do not ask again until the next
                // commit.
                loadedThrough = committedThrough
            } else {
                loadedThrough = max(loadedThrough, page.records.last?.sequence ?? loadedThrough,
                                    page.discarded.map(\.sequence).max() ?? loadedThrough)
            }
            loading = false
            pump()
        } catch {
            logger.error("accounting: cannot read the spool \(spool.path); retrying: \(error)")
            loading = false
            waitToRetry()
        }
    }

    private func dispatch(_ record: AccountingRecord) {
        inFlight.insert(record.sequence)
        let request = record.request(sentAt: settings.now())
        let transport = self.transport
        Task {
            let outcome: Result<RADIUSPacket, any Error>
            do { outcome = .success(try await transport.sendAccounting(request)) } catch { outcome = .failure(error) }
            await finished(record, outcome)
        }
    }

    private func finished(_ record: AccountingRecord, _ outcome: Result<RADIUSPacket, any Error>) async {
        inFlight.remove(record.sequence)
        let error: any Error
        switch outcome {
        case .success(let response) where response.code == .accountingResponse:
            window.removeAll { $0.sequence == record.sequence }
            unacknowledged -= 1
            retryDelay = settings.initialRetryDelay
            if let since = failingSince {
                logger.notice("accounting: the server answers again; sending the spool",
                              metadata: ["records": "\(unacknowledged)", "outage": "\(Int(settings.now().timeIntervalSince(since))) s"])
                failingSince = nil
            }
            enqueue([.acknowledge(sequence: record.sequence)])
            // Once stopped there is no next batch: write it now.
            if phase == .stopped { await writeAllPending() }
            pump()
            return
        case .success(let response): error = AccountingResponseError(code: response.code)
        case .failure(let failure): error = failure
        }
        if failingSince == nil {
            failingSince = settings.now()
            logger.warning("accounting: \(record.status) not acknowledged: \(error); spooling and retrying",
                           metadata: ["records": "\(unacknowledged)"])
        } else {
            logger.debug("accounting: \(record.status) not acknowledged: \(error)")
        }
        waitToRetry()
    }

    /// Pauses sending for the retry delay, then doubles the delay (up to
    /// the maximum) for the next failure. Failures of records already in
    /// flight during the pause do not lengthen it.
    private func waitToRetry() {
        guard retryTimer == nil, phase == .running || phase == .draining else { return }
        let delay = retryDelay
        retryDelay = min(retryDelay * 2, settings.maximumRetryDelay)
        retryTimer = Task { [weak self] in
            do { try await Task.sleep(for: delay) } catch { return }
            await self?.retryTimerFired()
        }
    }

    private func retryTimerFired() {
        retryTimer = nil
        pump()
    }

    // MARK: For tests

    /// Write transactions committed so far.
    var spoolTransactions: Int { spool.transactions }
}
