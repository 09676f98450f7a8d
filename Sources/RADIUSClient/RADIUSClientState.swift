import IKECrypto
import IKEWire
import NIOCore
import RADIUS

/// Everything the client's lock guards: sockets and their identifiers, the
/// requests waiting for an identifier, and which servers are dead. Methods
/// here only change state and return what the caller must resume or close
/// once the lock is released.
struct RADIUSClientState: Sendable {
    let maximumSockets: Int
    /// Per server (in the client's priority order): until when it is
    /// skipped; nil while it answers. Set when a request gets no answer
    /// from it through all its sends, cleared by its next verified answer.
    var deadUntil: [ContinuousClock.Instant?]
    var sockets: [Int: RADIUSSocket] = [:]
    private var nextSocketKey = 0
    /// Sockets being bound, per family, counted against the limit.
    private var opening: [RADIUSAddressFamily: Int] = [:]
    /// Requests waiting for an identifier, per family, first come first served.
    private var identifierWaiters: [RADIUSAddressFamily: [CheckedContinuation<RADIUSIdentifierWakeup, Never>]] = [:]
    private var nextGeneration: UInt64 = 0
    private(set) var isShutDown = false
    var unverifiedLog = RADIUSLogLimiter(interval: .seconds(1))
    var strayLog = RADIUSLogLimiter(interval: .seconds(1))

    init(serverCount: Int, maximumSockets: Int) {
        self.maximumSockets = maximumSockets
        deadUntil = Array(repeating: nil, count: serverCount)
    }

    // MARK: Servers

    /// The servers to try, in priority order, without those still dead; if
    /// every one is dead, all of them: a request must not fail unsent.
    ///
    /// A dead server whose dead time is over is included as a probe, and
    /// stays dead for everyone else for another dead time: if it is still
    /// down, one request waits out its timeouts, not every request that
    /// starts before the probe ends. Its answer revives it; its silence
    /// marks it dead again.
    mutating func candidates(now: ContinuousClock.Instant, deadTime: Duration) -> [Int] {
        var chosen: [Int] = []
        for index in deadUntil.indices {
            guard let until = deadUntil[index] else {
                chosen.append(index)
                continue
            }
            if until <= now {
                deadUntil[index] = now.advanced(by: deadTime)
                chosen.append(index)
            }
        }
        return chosen.isEmpty ? Array(deadUntil.indices) : chosen
    }

    /// Marks a server dead until `until`; true if it was alive.
    mutating func markDead(_ server: Int, until: ContinuousClock.Instant) -> Bool {
        defer { deadUntil[server] = until }
        return deadUntil[server] == nil
    }

    // MARK: Identifiers

    /// A free identifier of `family` for the request whose continuation is
    /// `waiter`, or an instruction; nil when the request was queued and
    /// `waiter` will be resumed later.
    mutating func acquire(_ family: RADIUSAddressFamily,
                          orEnqueue waiter: CheckedContinuation<RADIUSIdentifierWakeup, Never>) -> RADIUSIdentifierWakeup? {
        if isShutDown { return .shutDown }
        if let lease = reserve(family) { return .leased(lease) }
        // A socket being opened will serve the queue; opening a second one
        // for every request of a burst would use up the limit at once.
        if opening[family, default: 0] == 0, let key = startOpening(family) { return .open(socket: key) }
        identifierWaiters[family, default: []].append(waiter)
        return nil
    }

    /// Adds a socket that finished binding and reserves an identifier of it
    /// for its opener; the other wakeups are for queued requests (leases
    /// from the new socket, and one told to open another socket if the
    /// queue is longer than the new socket has identifiers). The lease is
    /// nil if the client shut down meanwhile: the caller closes the channel.
    mutating func opened(_ key: Int, channel: any Channel, family: RADIUSAddressFamily, cursor: UInt8)
        -> (lease: RADIUSLease?, wakeups: [(CheckedContinuation<RADIUSIdentifierWakeup, Never>, RADIUSIdentifierWakeup)]) {
        opening[family, default: 1] -= 1
        if isShutDown { return (nil, []) }
        var socket = RADIUSSocket(channel: channel, family: family, cursor: cursor)
        let own = socket.reserve().map { RADIUSLease(socket: key, identifier: $0) }
        sockets[key] = socket
        return (own, wakeQueued(family))
    }

    /// A socket failed to bind: its place under the limit is free again, and
    /// the first queued request may try.
    mutating func openingFailed(_ family: RADIUSAddressFamily) -> CheckedContinuation<RADIUSIdentifierWakeup, Never>? {
        opening[family, default: 1] -= 1
        guard !isShutDown, !identifierWaiters[family, default: []].isEmpty else { return nil }
        return identifierWaiters[family]!.removeFirst()
    }

    /// Frees a request's identifier and hands identifiers to queued requests.
    mutating func release(_ lease: RADIUSLease) -> [(CheckedContinuation<RADIUSIdentifierWakeup, Never>, RADIUSIdentifierWakeup)] {
        // The socket is changed in place: a copy taken out of the
        // dictionary would copy its 256 slots on every request.
        guard let family = sockets[lease.socket]?.family else { return [] }
        if case .pending(let pending) = sockets[lease.socket]!.slots[Int(lease.identifier)] { pending.timer?.cancel() }
        sockets[lease.socket]!.release(lease.identifier)
        return isShutDown ? [] : wakeQueued(family)
    }

    private mutating func reserve(_ family: RADIUSAddressFamily) -> RADIUSLease? {
        for key in sockets.keys.sorted() where sockets[key]!.family == family && sockets[key]!.hasFreeIdentifier {
            if let identifier = sockets[key]!.reserve() { return RADIUSLease(socket: key, identifier: identifier) }
        }
        return nil
    }

    private mutating func startOpening(_ family: RADIUSAddressFamily) -> Int? {
        let count = sockets.values.count { $0.family == family } + opening[family, default: 0]
        guard count < maximumSockets else { return nil }
        opening[family, default: 0] += 1
        defer { nextSocketKey += 1 }
        return nextSocketKey
    }

    private mutating func wakeQueued(_ family: RADIUSAddressFamily)
        -> [(CheckedContinuation<RADIUSIdentifierWakeup, Never>, RADIUSIdentifierWakeup)] {
        var wakeups: [(CheckedContinuation<RADIUSIdentifierWakeup, Never>, RADIUSIdentifierWakeup)] = []
        while !identifierWaiters[family, default: []].isEmpty, let lease = reserve(family) {
            wakeups.append((identifierWaiters[family]!.removeFirst(), .leased(lease)))
        }
        if !identifierWaiters[family, default: []].isEmpty, opening[family, default: 0] == 0, let key = startOpening(family) {
            wakeups.append((identifierWaiters[family]!.removeFirst(), .open(socket: key)))
        }
        return wakeups
    }

    // MARK: Requests

    /// Records what was sent under `lease`; nil after shutdown.
    mutating func register(_ lease: RADIUSLease, server: Int, peer: Endpoint, requestAuthenticator: [UInt8], secret: SecretBytes,
                           requestCode: RADIUSCode) -> (channel: any Channel, generation: UInt64)? {
        guard !isShutDown, let channel = sockets[lease.socket]?.channel else { return nil }
        nextGeneration += 1
        sockets[lease.socket]!.slots[Int(lease.identifier)] = .pending(RADIUSPendingRequest(
            generation: nextGeneration, server: server, peer: peer, requestAuthenticator: requestAuthenticator,
            secret: secret, requestCode: requestCode))
        return (channel, nextGeneration)
    }

    /// The request a datagram on `socket` with `identifier` from `peer`
    /// could answer, if one is waiting for an answer.
    func pending(socket: Int, identifier: UInt8, from peer: Endpoint) -> (lease: RADIUSLease, request: RADIUSPendingRequest)? {
        guard case .pending(let request) = sockets[socket]?.slots[Int(identifier)], request.peer == peer,
              request.outcome == nil else { return nil }
        return (RADIUSLease(socket: socket, identifier: identifier), request)
    }

    /// Changes the request under `lease` if it is still the one of
    /// `generation`; nil if the slot moved on.
    mutating func withPending<R>(_ lease: RADIUSLease, generation: UInt64, _ body: (inout RADIUSPendingRequest) -> R) -> R? {
        guard case .pending(var request) = sockets[lease.socket]?.slots[Int(lease.identifier)],
              request.generation == generation else { return nil }
        // The socket is changed in place (a copy would copy all 256 slots).
        let result = body(&request)
        sockets[lease.socket]!.slots[Int(lease.identifier)] = .pending(request)
        return result
    }

    /// Delivers `outcome` to the request: to its waiting task, which is
    /// returned for resuming, or kept for its next wait.
    mutating func complete(_ lease: RADIUSLease, generation: UInt64,
                           with outcome: RADIUSWaitOutcome) -> CheckedContinuation<RADIUSWaitOutcome, Never>? {
        withPending(lease, generation: generation) { request in
            request.timer?.cancel()
            request.timer = nil
            guard let waiter = request.waiter else {
                request.outcome = outcome
                return nil
            }
            request.waiter = nil
            return waiter
        } ?? nil
    }

    // MARK: Shutdown

    /// Marks the client shut down and returns everyone to wake and every
    /// channel to close. Requests between two waits find `.shutDown` kept
    /// for their next wait.
    mutating func shutDown() -> (waits: [CheckedContinuation<RADIUSWaitOutcome, Never>],
                                 identifiers: [CheckedContinuation<RADIUSIdentifierWakeup, Never>], channels: [any Channel]) {
        guard !isShutDown else { return ([], [], []) }
        isShutDown = true
        var waits: [CheckedContinuation<RADIUSWaitOutcome, Never>] = []
        for key in sockets.keys {
            for index in 0..<256 {
                guard case .pending(var request) = sockets[key]!.slots[index] else { continue }
                request.timer?.cancel()
                request.timer = nil
                if let waiter = request.waiter { waits.append(waiter) } else if request.outcome == nil { request.outcome = .shutDown }
                request.waiter = nil
                sockets[key]!.slots[index] = .pending(request)
            }
        }
        let identifiers = identifierWaiters.values.flatMap { $0 }
        identifierWaiters = [:]
        return (waits, identifiers, sockets.values.map(\.channel))
    }
}
