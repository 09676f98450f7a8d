import IKECrypto
import IKEWire
import Logging
import NIOCore
import NIOEndpoint
import NIOPosix
import RADIUS
import Synchronization

/// Sends RADIUS requests over UDP and returns verified replies: server
/// choice by priority with dead servers skipped, retransmission of the
/// identical octets with backoff (RFC 5080 §2.2.1), identifiers allocated
/// per socket with more sockets under load, and every reply matched by
/// socket, source and identifier, then verified (RFC 2865 §3, RFC 2866 §3,
/// RFC 3579 §3.2) before anything reads it.
///
/// Nothing here blocks an event loop: requests wait as suspended tasks,
/// timeouts are event-loop timers and replies are verified where they are
/// read. Call ``shutdown()`` before shutting down the event loop group.
public final class RADIUSClient: Sendable {
    /// In priority order; indices into it name servers in the state.
    private let servers: [RADIUSServer]
    private let peers: [Endpoint]
    private let addresses: [SocketAddress]
    private let settings: RADIUSTransportSettings
    private let group: any EventLoopGroup
    private let logger: Logger
    private let state: Mutex<RADIUSClientState>

    /// - Throws: ``RADIUSClientError/invalidConfiguration(_:)`` for no
    ///   servers, two with the same address and port (their replies could
    ///   not be told apart), or settings that cannot work.
    public init(servers: [RADIUSServer], settings: RADIUSTransportSettings, group: any EventLoopGroup,
                logger: Logger) throws(RADIUSClientError) {
        guard !servers.isEmpty else { throw .invalidConfiguration("no RADIUS server") }
        if let problem = settings.problem { throw .invalidConfiguration(problem) }
        let ordered = servers.enumerated().sorted { ($0.element.priority, $0.offset) < ($1.element.priority, $1.offset) }.map(\.element)
        let peers = ordered.map { Endpoint(address: $0.address, port: $0.port) }
        guard Set(peers).count == peers.count else { throw .invalidConfiguration("a RADIUS server is listed twice") }
        var addresses: [SocketAddress] = []
        for peer in peers {
            do { addresses.append(try peer.socketAddress()) } catch { throw .invalidConfiguration("address \(peer): \(error)") }
        }
        self.servers = ordered
        self.peers = peers
        self.addresses = addresses
        self.settings = settings
        self.group = group
        self.logger = logger
        state = Mutex(RADIUSClientState(serverCount: ordered.count, maximumSockets: settings.maximumSockets))
    }

    /// Sends a request and returns the first verified answer.
    ///
    /// An Access-Request or Status-Server gets a fresh random Request
    /// Authenticator for each server tried (RFC 2865 §3) and a
    /// Message-Authenticator (``RADIUSPacket/encodedRequest(secret:)``); an
    /// Accounting-Request is signed by
    /// ``RADIUSPacket/encodedAccountingRequest(secret:)`` and its
    /// authenticator is the one in its octets. The packet's identifier and
    /// authenticator are ignored: the client sets them.
    ///
    /// Unpinned, the servers are tried in priority order, dead ones skipped
    /// (when all are dead, all are tried). Pinned, only `server` is: an
    /// Access-Challenge's State binds the EAP conversation to the server that
    /// sent it (RFC 2865 §5.24), so when that one is lost the attempt fails
    /// and the client's retry starts over elsewhere.
    public func send(_ request: RADIUSPacket, pinnedTo server: RADIUSServer? = nil) async throws(RADIUSClientError) -> RADIUSReply {
        guard [.accessRequest, .accountingRequest, .statusServer].contains(request.code) else { throw .unsupportedCode(request.code) }
        if let server {
            guard let index = servers.firstIndex(of: server) else { throw .unknownServer(server) }
            if let reply = try await exchange(request, with: index) { return reply }
            throw .pinnedServerLost(server)
        }
        let deadTime = settings.deadTime
        let order = state.withLock { $0.candidates(now: .now, deadTime: deadTime) }
        for index in order {
            if let reply = try await exchange(request, with: index) { return reply }
        }
        throw .noServerAnswered(order.map { servers[$0] })
    }

    /// Closes the sockets of a client dropped without ``shutdown()``: their
    /// handlers hold it only weakly, so nothing else would.
    deinit {
        for channel in state.withLock({ $0.sockets.values.map(\.channel) }) { channel.close(promise: nil) }
    }

    /// Fails every waiting request with ``RADIUSClientError/shutDown`` and
    /// closes the sockets. Later sends fail the same way.
    public func shutdown() async {
        let (waits, identifiers, channels) = state.withLock { $0.shutDown() }
        for waiter in waits { waiter.resume(returning: .shutDown) }
        for waiter in identifiers { waiter.resume(returning: .shutDown) }
        for channel in channels { try? await channel.close() }
    }

    /// Every server in priority order and whether it is alive: not marked
    /// dead, or answering again since.
    public var serverStates: [(server: RADIUSServer, alive: Bool)] {
        let dead = state.withLock { $0.deadUntil.map { $0 != nil } }
        return servers.indices.map { (server: servers[$0], alive: !dead[$0]) }
    }

    // MARK: One server

    /// One request to one server, with its retransmissions; nil if the
    /// server never answered.
    private func exchange(_ request: RADIUSPacket, with index: Int) async throws(RADIUSClientError) -> RADIUSReply? {
        let server = servers[index]
        let lease = try await acquireIdentifier(peers[index].family)
        defer { release(lease) }
        var packet = request
        packet.identifier = lease.identifier
        let octets: [UInt8]
        let requestAuthenticator: [UInt8]
        do {
            if request.code == .accountingRequest {
                octets = try packet.encodedAccountingRequest(secret: server.secret)
                requestAuthenticator = Array(octets[4..<20])
            } else {
                packet.authenticator = secureRandomBytes(RADIUSPacket.authenticatorSize)
                octets = try packet.encodedRequest(secret: server.secret)
                requestAuthenticator = packet.authenticator
            }
        } catch {
            throw .encoding(error)
        }
        guard let (channel, generation) = state.withLock({
            $0.register(lease, server: index, peer: peers[index], requestAuthenticator: requestAuthenticator,
                        secret: server.secret, requestCode: request.code)
        }) else { throw .shutDown }

        var timeout = settings.timeout
        for sent in 1...settings.attempts {
            // The same octets every time (RFC 5080 §2.2.1): a server that
            // answered an earlier copy answers this one from its cache.
            write(octets, to: addresses[index], on: channel)
            switch await wait(for: lease, generation: generation, timeout: timeout, on: channel.eventLoop) {
            case .reply(let packet):
                return RADIUSReply(packet: packet, server: server, requestAuthenticator: requestAuthenticator)
            case .shutDown:
                throw .shutDown
            case .timedOut:
                logger.debug("RADIUS request unanswered", metadata: [
                    "server": "\(server)", "code": "\(request.code)", "identifier": "\(lease.identifier)",
                    "sent": "\(sent)", "timeout": "\(timeout)",
                ])
            }
            timeout = settings.timeout(after: timeout)
        }
        let now = ContinuousClock.now
        if state.withLock({ $0.markDead(index, until: now.advanced(by: settings.deadTime)) }) {
            logger.warning("RADIUS server not answering; skipped for a while", metadata: [
                "server": "\(server)", "sends": "\(settings.attempts)", "dead_time": "\(settings.deadTime)",
            ])
        }
        return nil
    }

    private func write(_ octets: [UInt8], to address: SocketAddress, on channel: any Channel) {
        var buffer = channel.allocator.buffer(capacity: octets.count)
        buffer.writeBytes(octets)
        let logger = self.logger
        channel.writeAndFlush(AddressedEnvelope(remoteAddress: address, data: buffer)).whenFailure { error in
            // Counted as unanswered: the timeout retransmits or fails over.
            logger.debug("RADIUS send failed", metadata: ["server": "\(address)", "error": "\(error)"])
        }
    }

    /// Waits for the request under `lease` to be answered, at most `timeout`.
    private func wait(for lease: RADIUSLease, generation: UInt64, timeout: Duration,
                      on eventLoop: any EventLoop) async -> RADIUSWaitOutcome {
        await withCheckedContinuation { (continuation: CheckedContinuation<RADIUSWaitOutcome, Never>) in
            let immediate: RADIUSWaitOutcome? = state.withLock { state in
                state.withPending(lease, generation: generation) { request -> RADIUSWaitOutcome? in
                    if let outcome = request.outcome {
                        request.outcome = nil
                        return outcome
                    }
                    request.waiter = continuation
                    // The timer takes the lock only when it runs, after this
                    // closure has stored it.
                    request.timer = eventLoop.scheduleTask(in: TimeAmount(timeout)) { [weak self] in
                        self?.timedOut(lease, generation: generation)
                    }
                    return nil
                } ?? .shutDown
            }
            if let immediate { continuation.resume(returning: immediate) }
        }
    }

    private func timedOut(_ lease: RADIUSLease, generation: UInt64) {
        let waiter = state.withLock { state in
            state.withPending(lease, generation: generation) { request -> CheckedContinuation<RADIUSWaitOutcome, Never>? in
                request.timer = nil
                defer { request.waiter = nil }
                return request.waiter
            } ?? nil
        }
        waiter?.resume(returning: .timedOut)
    }

    // MARK: Identifiers and sockets

    private func acquireIdentifier(_ family: RADIUSAddressFamily) async throws(RADIUSClientError) -> RADIUSLease {
        while true {
            let wakeup = await withCheckedContinuation { (continuation: CheckedContinuation<RADIUSIdentifierWakeup, Never>) in
                if let now = state.withLock({ $0.acquire(family, orEnqueue: continuation) }) { continuation.resume(returning: now) }
            }
            switch wakeup {
            case .leased(let lease): return lease
            case .open(let key): return try await openSocket(key, family: family)
            case .retry: continue
            case .shutDown: throw .shutDown
            }
        }
    }

    private func release(_ lease: RADIUSLease) {
        let wakeups = state.withLock { $0.release(lease) }
        for (waiter, wakeup) in wakeups { waiter.resume(returning: wakeup) }
    }

    /// Room for a burst of answers to all 256 identifiers of a socket: a
    /// queued datagram costs its size plus kernel overhead (1 KiB or more
    /// even for a short Access-Reject), and the Linux default of 208 KiB
    /// drops answers a busy server sends together, each one costing a
    /// retransmission. The kernel caps it at net.core.rmem_max.
    static let receiveBufferSize: SocketOptionValue = 1 << 20

    /// Binds the socket `key` of `family` to an ephemeral port and returns
    /// an identifier of it for the request that opened it.
    private func openSocket(_ key: Int, family: RADIUSAddressFamily) async throws(RADIUSClientError) -> RADIUSLease {
        let handler = RADIUSReplyHandler(socket: key) { [weak self] socket, source, octets in
            self?.received(octets, on: socket, from: source)
        }
        let channel: any Channel
        do {
            channel = try await DatagramBootstrap(group: group)
                .channelOption(.socketOption(.so_rcvbuf), value: Self.receiveBufferSize)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(handler) }
                }
                .bind(host: family.wildcardHost, port: 0).get()
        } catch {
            state.withLock { $0.openingFailed(family) }?.resume(returning: .retry)
            logger.error("RADIUS socket not opened", metadata: ["family": "\(family)", "error": "\(error)"])
            throw .socket("\(family): \(error)")
        }
        let cursor = secureRandomBytes(1)[0]
        let (lease, wakeups) = state.withLock { $0.opened(key, channel: channel, family: family, cursor: cursor) }
        for (waiter, wakeup) in wakeups { waiter.resume(returning: wakeup) }
        guard let lease else {
            try? await channel.close()
            throw .shutDown
        }
        logger.debug("RADIUS socket opened", metadata: ["family": "\(family)", "local": "\(channel.localAddress.map { "\($0)" } ?? "?")"])
        return lease
    }

    // MARK: Replies

    /// A datagram on socket `socket`, on its event loop. It answers a request
    /// only if it comes from that request's server and carries its
    /// identifier, and then only if it verifies with that request's
    /// authenticator and the server's secret. Anything else is dropped and
    /// the request keeps waiting: a forged packet must not end a
    /// conversation.
    private func received(_ octets: [UInt8], on socket: Int, from source: SocketAddress) {
        guard let peer = Endpoint(source), octets.count >= RADIUSPacket.headerSize,
              let (lease, request) = state.withLock({ $0.pending(socket: socket, identifier: octets[1], from: peer) }) else {
            logDropped(level: .debug, "RADIUS datagram matching no request dropped", from: source, octets: octets, reason: nil)
            return
        }
        let packet: RADIUSPacket
        do {
            packet = try RADIUSPacket.verifiedResponse(octets, requestAuthenticator: request.requestAuthenticator, secret: request.secret)
        } catch {
            logDropped(level: .warning, "RADIUS reply failed verification; dropped", from: source, octets: octets, reason: "\(error)")
            return
        }
        guard request.isAnswered(by: packet.code) else {
            logDropped(level: .warning, "RADIUS reply of the wrong kind dropped", from: source, octets: octets, reason: "\(packet.code)")
            return
        }
        let (waiter, revived) = state.withLock { state in
            let waiter = state.complete(lease, generation: request.generation, with: .reply(packet))
            let revived = state.deadUntil[request.server] != nil
            state.deadUntil[request.server] = nil
            return (waiter, revived)
        }
        if revived { logger.notice("RADIUS server answering again", metadata: ["server": "\(servers[request.server])"]) }
        waiter?.resume(returning: .reply(packet))
    }

    /// Logs a dropped datagram at most once a second per kind, with how many
    /// were not logged since; the source, code and identifier only.
    private func logDropped(level: Logger.Level, _ message: Logger.Message, from source: SocketAddress, octets: [UInt8], reason: String?) {
        let now = ContinuousClock.now
        let suppressed = state.withLock { state in
            level == .debug ? state.strayLog.admit(now: now) : state.unverifiedLog.admit(now: now)
        }
        guard let suppressed else { return }
        var metadata: Logger.Metadata = ["source": "\(source)", "octets": "\(octets.count)"]
        if octets.count >= 2 {
            metadata["code"] = "\(RADIUSCode(rawValue: octets[0]))"
            metadata["identifier"] = "\(octets[1])"
        }
        if let reason { metadata["reason"] = "\(reason)" }
        if suppressed > 0 { metadata["suppressed"] = "\(suppressed)" }
        logger.log(level: level, message, metadata: metadata)
    }
}
