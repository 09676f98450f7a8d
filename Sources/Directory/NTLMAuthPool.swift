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
/// pause that doubles with each failure in a row), and its request is
/// `.unavailable`. User names are checked before anything is written; keys
/// and responses are never logged.
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
        do {
            request = try NTLMServerExchange.encodeRequest(userName: userName, domain: domain,
                                                           challengeHash: challengeHash, ntResponse: ntResponse)
        } catch {
            logger.notice("ntlm_auth: request refused before sending", metadata: ["reason": "\(error)"])
            return .refused(.invalidParameter)
        }
        guard let index = await acquire() else {
            return .unavailable(reason: state.withLock { $0.closed } ? "the ntlm_auth pool is shut down" : "too many ntlm_auth requests waiting")
        }
        defer { release(index) }
        let slot = slots[index]
        let reply = await withCheckedContinuation { (continuation: CheckedContinuation<Slot.Outcome, Never>) in
            slot.queue.async { continuation.resume(returning: slot.exchange(request)) }
        }
        switch reply {
        case .failed(let reason):
            return .unavailable(reason: reason)
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
            return .refused(.invalidParameter)
        }
    }

    /// Kills the helpers; requests after this (and those waiting) are `.unavailable`.
    public func shutdown() {
        let waiters = state.withLock { state -> [CheckedContinuation<Int?, Never>] in
            if state.closed { return [] }
            state.closed = true
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume(returning: nil) }
        // SIGKILL first, so a request in flight ends at once (its read sees
        // end of file) and the sync below does not wait for its timeout.
        for slot in slots { slot.killNow() }
        for slot in slots { slot.queue.sync { slot.stop() } }
    }

    /// Helpers running now (for tests and status).
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
            case failed(String)
        }

        let queue: DispatchQueue
        /// The running helper's pid (0: none), readable off the queue.
        private let runningPid = Atomic<Int32>(0)
        private let index: Int
        private let settings: NTLMAuthSettings
        private let logger: Logger
        private var process: NTLMHelperProcess?
        private var failuresInARow = 0
        private var notBefore: ContinuousClock.Instant?
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

        /// SIGKILL to the running helper, from any thread; the queue reaps it.
        func killNow() {
            let pid = runningPid.load(ordering: .acquiring)
            if pid > 0 { kill(pid, SIGKILL) }
        }

        private func forget(_ helper: NTLMHelperProcess) {
            runningPid.store(0, ordering: .releasing)
            helper.terminate()
            process = nil
        }

        func exchange(_ request: [UInt8]) -> Outcome {
            let deadline = ContinuousClock.now + settings.timeout
            if stopped { return .failed("the ntlm_auth pool is shut down") }
            if let current = process, current.hasExited {
                logger.warning("ntlm_auth helper exited while idle; starting another", metadata: ["helper": "\(index)", "pid": "\(current.pid)"])
                fail(current)
            }
            if process == nil {
                if let notBefore, notBefore > ContinuousClock.now {
                    guard notBefore < deadline else { return .failed("ntlm_auth helper restarting (backing off after \(failuresInARow) failures)") }
                    let pause = ContinuousClock.now.duration(to: notBefore)
                    let (seconds, attoseconds) = pause.components
                    usleep(UInt32(clamping: seconds * 1_000_000 + attoseconds / 1_000_000_000_000))
                }
                do {
                    let started = try NTLMHelperProcess.spawn(settings.command)
                    process = started
                    runningPid.store(started.pid, ordering: .releasing)
                    logger.info("ntlm_auth helper started", metadata: ["helper": "\(index)", "pid": "\(started.pid)"])
                } catch {
                    failuresInARow += 1
                    notBefore = ContinuousClock.now + backoff()
                    logger.error("ntlm_auth helper could not be started", metadata: ["command": "\(settings.command[0])", "error": "\(error)"])
                    return .failed("cannot start \(settings.command[0]): \(error)")
                }
            }
            guard let helper = process else { return .failed("no ntlm_auth helper") }
            guard helper.write(request) else {
                fail(helper)
                return .failed("ntlm_auth helper exited (write failed)")
            }
            let failure: String
            switch helper.readBlock(deadline: deadline) {
            case .block(let lines):
                do {
                    let reply = try NTLMServerExchange.decodeBlock(lines)
                    failuresInARow = 0
                    notBefore = nil
                    if case .helperError = reply {
                        // Samba prints "Error:" as soon as it reads a bad line and
                        // again at the ".": the helper may be a reply ahead. Start afresh.
                        forget(helper)
                    }
                    return .reply(reply)
                } catch {
                    failure = "ntlm_auth helper answered garbage (\(error))"
                }
            case .garbage(let error): failure = "ntlm_auth helper answered garbage (\(error))"
            case .timedOut: failure = "ntlm_auth helper did not answer within \(settings.timeout)"
            case .endOfFile: failure = "ntlm_auth helper exited"
            case .failed(let error): failure = "reading from the ntlm_auth helper failed (errno \(error))"
            }
            logger.warning("ntlm_auth helper killed, will be restarted", metadata: ["helper": "\(index)", "pid": "\(helper.pid)", "reason": "\(failure)"])
            fail(helper)
            return .failed(failure)
        }

        private func fail(_ helper: NTLMHelperProcess) {
            forget(helper)
            failuresInARow += 1
            notBefore = ContinuousClock.now + backoff()
        }

        private func backoff() -> Duration {
            let doubling = min(max(failuresInARow - 1, 0), 16)
            let delay = settings.restartDelay * (1 << doubling)
            return min(delay, settings.maximumRestartDelay)
        }
    }
}
