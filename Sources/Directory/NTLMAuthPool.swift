import Dispatch
import Glibc
import IKECrypto
import Logging
import Synchronization

/// MSCHAPv2 against Active Directory through Samba's `ntlm_auth`.
///
/// AD never hands out NT hashes, so the gateway host is a winbind member
/// of the domain and passes the challenge and response to long-lived
/// `ntlm_auth --helper-protocol=ntlm-server-1 --allow-mschapv2` processes
/// (`settings.processes` of them, started on first use), which answer with
/// the user session key: MD4(NT hash), what the authenticator response and
/// the MSK need.
///
/// Each helper's blocking pipe I/O runs on its own serial dispatch queue;
/// callers await a continuation. Requests beyond the helpers wait in a
/// bounded queue. A helper that exits, misses `settings.timeout` or answers
/// something that is not the protocol is killed and started again (after a
/// pause that doubles with each failure in a row).
///
/// Only a domain outage is `.unavailable` (what a credential chain falls
/// back on): a helper that missed its timeout (winbindd waiting for a
/// domain controller it cannot reach) and the outage statuses
/// (`NTStatus.isOutage`). Everything that is this host's trouble is
/// `.failed`: a full wait queue, a pool shut down, garbage, an `Error:`
/// reply, `Authenticated: Yes` without the session key, a helper that
/// cannot be started or dies. User names are checked before anything is
/// written; keys and responses are never logged.
public final class NTLMAuthPool: Sendable {
    private let settings: NTLMAuthSettings
    private let logger: Logger
    private let slots: [Slot]
    private let state: Mutex<State>

    private struct State {
        var free: [Int]
        var waiters: [CheckedContinuation<Int?, Never>] = []
        var closed = false
    }

    public init(settings: NTLMAuthSettings, logger: Logger) {
        self.settings = settings
        self.logger = logger
        // A write to a helper that died must fail with EPIPE, not end the process.
        signal(SIGPIPE, SIG_IGN)
        slots = (0..<settings.processes).map { Slot(index: $0, settings: settings, logger: logger) }
        state = Mutex(State(free: Array((0..<settings.processes).reversed())))
    }

    deinit { shutdown() }

    /// Checks an MSCHAPv2 response with the domain.
    /// - Parameters:
    ///   - challengeHash: the 8-octet ChallengeHash of RFC 2759 §8.2 (`MSCHAPv2.challengeHash`).
    ///   - ntResponse: the 24-octet NT-Response.
    public func verify(userName: String, domain: String?, challengeHash: [UInt8], ntResponse: [UInt8]) async -> NTLMAuthVerdict {
        let request: [UInt8]
        do throws(NTLMServerExchange.RequestError) {
            request = try NTLMServerExchange.encodeRequest(userName: userName, domain: domain,
                                                           challengeHash: challengeHash, ntResponse: ntResponse)
        } catch .invalidUserName {
            // No account in the domain has a name with a line break or NUL (or none).
            logger.notice("ntlm_auth: user name refused before sending", metadata: ["reason": "it is empty or holds a line break or NUL"])
            return .refused(.noSuchUser)
        } catch {
            // The configured domain or the lengths: a fault on our side, not the user's.
            logger.error("ntlm_auth: request not sent", metadata: ["user": "\(userName)", "reason": "\(error)"])
            return .failed(reason: "the ntlm_auth request cannot be written (\(error))")
        }
        guard let index = await acquire() else {
            if state.withLock({ $0.closed }) { return .failed(reason: "the ntlm_auth pool is shut down") }
            logger.warning("ntlm_auth: request turned away, the wait queue is full",
                           metadata: ["helpers": "\(settings.processes)", "queued": "\(settings.maximumQueued)"])
            return .failed(reason: "too many ntlm_auth requests waiting (\(settings.maximumQueued) queued)")
        }
        defer { release(index) }
        let slot = slots[index]
        let reply = await withCheckedContinuation { (continuation: CheckedContinuation<Slot.Outcome, Never>) in
            slot.queue.async { continuation.resume(returning: slot.exchange(request)) }
        }
        switch reply {
        case .failed(let reason, outage: true):
            return .unavailable(reason: reason)
        case .failed(let reason, outage: false):
            return .failed(reason: reason)
        case .noSessionKey:
            logger.error("ntlm_auth authenticated the user but gave no user session key: it reads as all zero when winbindd's privileged pipe is out of reach; the gateway needs access to it (the winbindd_priv group, or the gateway's user allowed to winbindd's privileged pipe directory)",
                         metadata: ["user": "\(userName)"])
            return .failed(reason: "ntlm_auth gave no user session key (a configuration error: the gateway cannot use winbindd's privileged pipe)")
        case .reply(.authenticated(let key)):
            logger.debug("ntlm_auth: authenticated", metadata: ["user": "\(userName)"])
            return .authenticated(ntKey: key)
        case .reply(.notAuthenticated(let status?, _)) where status.isOutage:
            logger.warning("ntlm_auth: the domain could not be asked", metadata: ["user": "\(userName)", "status": "\(status.name)"])
            return .unavailable(reason: "\(status.name): \(status.meaning)")
        case .reply(.notAuthenticated(let status?, _)):
            logger.notice("ntlm_auth refused the logon", metadata: ["user": "\(userName)", "status": "\(status.name)", "meaning": "\(status.meaning)"])
            return .refused(status)
        case .reply(.notAuthenticated(nil, let message)):
            logger.notice("ntlm_auth refused the logon", metadata: ["user": "\(userName)", "status": "unrecognised", "message": "\(message)"])
            return .refused(.logonFailure)
        case .reply(.helperError(let message)):
            // The helper found fault with the request's form: a bug on our side, not the user's.
            logger.error("ntlm_auth: helper error", metadata: ["user": "\(userName)", "message": "\(message)"])
            return .failed(reason: "ntlm_auth helper error: \(message)")
        }
    }

    /// Kills the helpers; requests after this (and those waiting) are `.failed`.
    /// Does not block: the helpers get SIGKILL at once, and each slot's
    /// queue reaps its own after any request in flight there ends (its
    /// read sees end of file). A helper in its restart pause is not started.
    public func shutdown() {
        let waiters = state.withLock { state -> [CheckedContinuation<Int?, Never>] in
            if state.closed { return [] }
            state.closed = true
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume(returning: nil) }
        // Marked stopped before the kill: a request that starts a helper
        // after this either has its pid seen by killNow or sees the mark.
        for slot in slots {
            slot.markStopped()
            slot.killNow()
        }
        for slot in slots { slot.queue.async { slot.stop() } }
    }

    /// Helpers running now, for tests: waits for each slot's queue, so it
    /// blocks its thread while a request is in flight.
    public var runningHelpers: Int { slots.reduce(0) { count, slot in count + (slot.queue.sync { slot.isRunning } ? 1 : 0) } }

    private func acquire() async -> Int? {
        await withCheckedContinuation { (continuation: CheckedContinuation<Int?, Never>) in
            enum Decision { case ready(Int?), wait }
            let decision = state.withLock { state -> Decision in
                if state.closed { return .ready(nil) }
                if let index = state.free.popLast() { return .ready(index) }
                if state.waiters.count >= settings.maximumQueued { return .ready(nil) }
                state.waiters.append(continuation)
                return .wait
            }
            if case .ready(let index) = decision { continuation.resume(returning: index) }
        }
    }

    private func release(_ index: Int) {
        let waiter = state.withLock { state -> CheckedContinuation<Int?, Never>? in
            if !state.waiters.isEmpty { return state.waiters.removeFirst() }
            state.free.append(index)
            return nil
        }
        waiter?.resume(returning: index)
    }
}

extension NTLMAuthPool {
    /// One helper process and its queue. Everything but `queue` is touched
    /// only on `queue`.
    final class Slot: @unchecked Sendable {
        enum Outcome: Sendable {
            case reply(NTLMServerReply)
            /// No reply; `outage`: the helper missed its timeout (or is
            /// pausing after one), i.e. the domain could not be asked.
            case failed(String, outage: Bool)
            /// `Authenticated: Yes` without `User-Session-Key`.
            case noSessionKey
        }

        let queue: DispatchQueue
        /// The running helper's pid (0: none), readable off the queue.
        private let runningPid = Atomic<Int32>(0)
        /// Set by `NTLMAuthPool.shutdown()` from any thread: no helper is
        /// started after it, even by a request pausing before a restart.
        private let stopping = Atomic<Bool>(false)
        private let index: Int
        private let settings: NTLMAuthSettings
        private let logger: Logger
        private var process: NTLMHelperProcess?
        private var failuresInARow = 0
        private var notBefore: ContinuousClock.Instant?
        /// The last failure was a timeout: requests turned away during the
        /// pause after it are an outage too.
        private var lastFailureWasTimeout = false
        private var stopped = false

        init(index: Int, settings: NTLMAuthSettings, logger: Logger) {
            self.index = index
            self.settings = settings
            self.logger = logger
            queue = DispatchQueue(label: "gatehouse.ntlm-auth.\(index)")
        }

        var isRunning: Bool { process.map { !$0.hasExited } ?? false }

        func stop() {
            stopped = true
            if let process { forget(process) }
        }

        func markStopped() { stopping.store(true, ordering: .sequentiallyConsistent) }

        private var isStopped: Bool { stopped || stopping.load(ordering: .sequentiallyConsistent) }

        /// SIGKILL to the running helper, from any thread; the queue reaps it.
        func killNow() {
            let pid = runningPid.load(ordering: .sequentiallyConsistent)
            if pid > 0 { kill(pid, SIGKILL) }
        }

        private func forget(_ helper: NTLMHelperProcess) {
            runningPid.store(0, ordering: .sequentiallyConsistent)
            helper.terminate()
            process = nil
        }

        func exchange(_ request: [UInt8]) -> Outcome {
            let deadline = ContinuousClock.now + settings.timeout
            if isStopped { return .failed("the ntlm_auth pool is shut down", outage: false) }
            if let current = process, current.hasExited {
                logger.warning("ntlm_auth helper exited while idle; starting another", metadata: ["helper": "\(index)", "pid": "\(current.pid)"])
                fail(current, timedOut: false)
            }
            if process == nil {
                if let notBefore, notBefore > ContinuousClock.now {
                    guard notBefore < deadline else {
                        return .failed("ntlm_auth helper restarting (backing off after \(failuresInARow) failures)", outage: lastFailureWasTimeout)
                    }
                    let pause = ContinuousClock.now.duration(to: notBefore)
                    let (seconds, attoseconds) = pause.components
                    usleep(UInt32(clamping: seconds * 1_000_000 + attoseconds / 1_000_000_000_000))
                    // shut down during the pause: start nothing
                    if isStopped { return .failed("the ntlm_auth pool is shut down", outage: false) }
                }
                do {
                    let started = try NTLMHelperProcess.spawn(settings.command)
                    process = started
                    runningPid.store(started.pid, ordering: .sequentiallyConsistent)
                    if stopping.load(ordering: .sequentiallyConsistent) {
                        forget(started)
                        return .failed("the ntlm_auth pool is shut down", outage: false)
                    }
                    logger.info("ntlm_auth helper started", metadata: ["helper": "\(index)", "pid": "\(started.pid)"])
                } catch {
                    failuresInARow += 1
                    lastFailureWasTimeout = false
                    notBefore = ContinuousClock.now + backoff()
                    // a configuration error (a missing or unusable program), not an outage
                    logger.error("ntlm_auth helper could not be started", metadata: ["command": "\(settings.command[0])", "error": "\(error)"])
                    return .failed("cannot start \(settings.command[0]): \(error)", outage: false)
                }
            }
            guard let helper = process else { return .failed("no ntlm_auth helper", outage: false) }
            guard helper.write(request) else {
                fail(helper, timedOut: false)
                return .failed("ntlm_auth helper exited (write failed)", outage: false)
            }
            let failure: String
            var timedOut = false
            switch helper.readBlock(deadline: deadline) {
            case .block(let lines):
                do throws(NTLMServerExchangeError) {
                    let reply = try NTLMServerExchange.decodeBlock(lines)
                    failuresInARow = 0
                    notBefore = nil
                    if case .helperError = reply {
                        // Samba prints "Error:" as soon as it reads a bad line and
                        // again at the ".": the helper may be a reply ahead. Start afresh.
                        forget(helper)
                    }
                    return .reply(reply)
                } catch .missingField("User-Session-Key") where lines.first == "Authenticated: Yes" {
                    // Samba leaves the key out when it is all zero: winbindd
                    // hands it only to callers of its privileged pipe. The
                    // helper is in step; the host is misconfigured.
                    failuresInARow = 0
                    notBefore = nil
                    return .noSessionKey
                } catch {
                    failure = "ntlm_auth helper answered garbage (\(error))"
                }
            case .garbage(let error): failure = "ntlm_auth helper answered garbage (\(error))"
            case .timedOut:
                failure = "ntlm_auth helper did not answer within \(settings.timeout)"
                timedOut = true
            case .endOfFile: failure = "ntlm_auth helper exited"
            case .failed(let error): failure = "reading from the ntlm_auth helper failed (errno \(error))"
            }
            logger.warning("ntlm_auth helper killed, will be restarted", metadata: ["helper": "\(index)", "pid": "\(helper.pid)", "reason": "\(failure)"])
            fail(helper, timedOut: timedOut)
            // A time-out is winbindd waiting for a domain controller it cannot
            // reach: an outage. The rest is this host's trouble.
            return .failed(failure, outage: timedOut && !isStopped)
        }

        private func fail(_ helper: NTLMHelperProcess, timedOut: Bool) {
            forget(helper)
            failuresInARow += 1
            lastFailureWasTimeout = timedOut
            notBefore = ContinuousClock.now + backoff()
        }

        private func backoff() -> Duration {
            let doubling = min(max(failuresInARow - 1, 0), 16)
            let delay = settings.restartDelay * (1 << doubling)
            return min(delay, settings.maximumRestartDelay)
        }
    }
}
