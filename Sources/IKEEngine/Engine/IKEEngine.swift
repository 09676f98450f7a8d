import EAP
import IKECrypto
import IKEWire
import Logging

/// The sans-I/O IKEv2 engine for one shard of the SA table.
///
/// The runtime hands it datagrams and the time, and carries out the actions
/// it returns; it owns no sockets, threads or clocks (DESIGN §1). One engine
/// instance belongs to one event loop. Responder SPIs carry the shard index
/// in their top octet, so the runtime routes every later datagram of an SA
/// to the engine that holds it without a shared lock.
///
/// Processing order for an unknown peer follows RFC 7296 §2.6: the cheap
/// checks (per-source and global half-open limits, cookies, proposal
/// selection) come before any Diffie-Hellman or signature work.
public final class IKEEngine {
    /// The configuration in force.
    public private(set) var configuration: EngineConfiguration
    /// This engine's shard index.
    public let shard: UInt8
    let logger: Logger
    let cookies: CookieGenerator

    /// The SAs, keyed by our SPI.
    var sas: [UInt64: IKESA] = [:]
    /// Half-open responder SAs by the peer's endpoint and SPI, so that a
    /// retransmitted IKE_SA_INIT request finds its SA (RFC 7296 §2.1).
    var initRequests: [InitRequestKey: UInt64] = [:]
    /// Half-open SAs per peer address, for the per-source limit.
    var halfOpenBySource: [IPAddress: Int] = [:]
    /// Half-open SAs in all.
    var halfOpenCount = 0
    /// IKE_SA_INIT requests turned away, for ``load(now:)``.
    var loadAccounting = LoadAccounting()
    var timers = TimerQueue()
    /// The IKE SA (our SPI) that carries each session now: a session keeps
    /// the SPI of its first IKE SA as its name across rekeys.
    var sessionIndex: [UInt64: UInt64] = [:]

    /// Inbound ESP packets a CHILD_SA has received so far (by inbound SPI),
    /// if the data plane counts them: traffic from the peer proves it
    /// alive, so an SA that carries some needs no liveness check.
    public var inboundPackets: ((UInt32) -> UInt64?)?

    struct InitRequestKey: Hashable {
        let remote: Endpoint
        let initiatorSPI: UInt64
    }

    /// Where virtual addresses come from; nil assigns none.
    let addresses: (any AddressAllocator)?
    /// Each user's established SAs, shared by all shards.
    let identities: IdentityRegistry

    /// - Parameters:
    ///   - addresses: the virtual address pools, shared by all shards.
    ///   - identities: the users' SAs, shared by all shards; one engine alone
    ///     may keep its own.
    public init(configuration: EngineConfiguration, shard: UInt8 = 0, addresses: (any AddressAllocator)? = nil,
                identities: IdentityRegistry = IdentityRegistry(), logger: Logger = Logger(label: "gatehouse.ike"),
                now: EngineInstant) throws {
        self.configuration = configuration
        self.shard = shard
        self.addresses = addresses
        self.identities = identities
        self.logger = logger
        cookies = try CookieGenerator(lifetime: configuration.denialOfService.cookieSecretLifetime, now: now)
    }

    /// Applies a reloaded configuration. Established SAs keep what they
    /// negotiated; everything decided from now on (proposals, addresses
    /// served, uniqueness, limits, the gateway certificate) follows the
    /// new one.
    public func reconfigure(_ configuration: EngineConfiguration) {
        self.configuration = configuration
    }

    /// The shard a datagram belongs to, from its header alone: the SPI we
    /// chose encodes it; a new IKE_SA_INIT request goes wherever the
    /// runtime's hash of the peer puts it.
    public static func shard(ofOurSPI spi: UInt64) -> UInt8 { UInt8(truncatingIfNeeded: spi >> 56) }

    /// When the engine next needs ``wake(now:)``, if ever.
    public var nextWakeUp: EngineInstant? { timers.earliest }

    /// The number of IKE SAs, established or not.
    public var count: Int { sas.count }

    /// Whether this engine holds the IKE SA with our SPI `spi`, or the
    /// session of that name.
    public func holds(spi: UInt64) -> Bool { sa(for: spi) != nil }

    /// The IKE SA with our SPI `id`, or the one that carries session `id`.
    func sa(for id: UInt64) -> IKESA? {
        sas[sessionIndex[id] ?? id]
    }

    // MARK: - Input

    /// Processes one datagram.
    public func receive(_ datagram: InboundDatagram, now: EngineInstant) -> [EngineAction] {
        let header: IKEHeader
        do {
            header = try IKEHeader.peek(datagram.message[...]).header
        } catch {
            return rejectUnreadableHeader(datagram, error)
        }
        if header.exchangeType == .ikeSAInit, header.responderSPI == 0, !header.isResponse {
            return receiveInitRequest(datagram, header: header, now: now)
        }
        // Our SPI is the responder SPI in messages the original initiator sent.
        let ourSPI = header.flags.contains(.initiator) ? header.responderSPI : header.initiatorSPI
        guard let sa = sas[ourSPI] else {
            // No INVALID_IKE_SPI reply: an unauthenticated answer to forged
            // SPIs would only make us a reflector (RFC 7296 §2.21.4 allows silence).
            logger.debug("message for unknown IKE SA dropped", metadata: ["peer": "\(datagram.remote)", "spi": "\(hex(ourSPI))"])
            return []
        }
        var actions: [EngineAction] = []
        receive(datagram, header: header, for: sa, now: now, into: &actions)
        reschedule(sa)
        return actions
    }

    /// Runs what is due at `now`: retransmissions, give-ups and timeouts.
    public func wake(now: EngineInstant) -> [EngineAction] {
        var actions: [EngineAction] = []
        for spi in Set(timers.popDue(now)) {
            guard let sa = sas[spi] else { continue }
            sa.scheduledWakeUp = nil
            if let deadline = sa.halfOpenDeadline, deadline <= now {
                logger.info("half-open IKE SA timed out", metadata: ["peer": "\(sa.remote)", "spi": "\(hex(spi))"])
                remove(sa, reason: "not established within \(configuration.denialOfService.halfOpenTimeout)", into: &actions)
                continue
            }
            if case .responderAuthenticating(let auth) = sa.state, case .failing(let deadline, _, _) = auth.phase, deadline <= now {
                sendAuthenticationFailure(sa, now: now, into: &actions)
                continue
            }
            if case .established(let established) = sa.state, sa.closingCause == nil, sa.outstandingRequest == nil {
                if let deleteBy = established.deleteBy, deleteBy <= now {
                    logger.info("the peer did not delete the IKE SA it rekeyed; deleting it", metadata: ["peer": "\(sa.remote)", "spi": "\(hex(spi))"])
                    actions += terminate(sa, cause: .replaced, now: now)
                    continue
                }
                if let expires = established.expires, expires <= now {
                    logger.info("session time is over; deleting the IKE SA", metadata: ["peer": "\(sa.remote)", "spi": "\(hex(spi))",
                                                                                         "user": "\(established.user)"])
                    actions += terminate(sa, cause: .sessionTimeout, now: now)
                    continue
                }
                establishedTimers(sa, established, now: now, into: &actions)
            }
            if var request = sa.outstandingRequest, request.deadline <= now {
                guard request.transmissions < configuration.retransmission.maximumTransmissions else {
                    logger.info("peer did not answer, giving up", metadata: ["peer": "\(sa.remote)", "spi": "\(hex(spi))"])
                    remove(sa, reason: "no response after \(request.transmissions) transmissions", cause: sa.closingCause ?? .peerUnresponsive, into: &actions)
                    continue
                }
                request.transmissions += 1
                request.deadline = now.advanced(by: configuration.retransmission.timeout(afterTransmission: request.transmissions))
                sa.outstandingRequest = request
                actions += request.datagrams.map { .send(OutboundDatagram(local: sa.local, remote: sa.remote, message: $0)) }
            }
            reschedule(sa)
        }
        return actions
    }

    // MARK: - Dispatch to an existing SA

    private func receive(_ datagram: InboundDatagram, header: IKEHeader, for sa: IKESA, now: EngineInstant,
                         into actions: inout [EngineAction]) {
        switch sa.state {
        case .initiatorSentInit:
            guard header.exchangeType == .ikeSAInit, header.isResponse, header.messageID == 0 else {
                logger.debug("unexpected message while waiting for IKE_SA_INIT response", metadata: ["peer": "\(datagram.remote)"])
                return
            }
            receiveInitResponse(datagram, for: sa, now: now, into: &actions)
        case .initDone(let ike):
            if header.exchangeType == .ikeSAInit, !header.isResponse, sa.role == .responder, let response = sa.lastResponse {
                // The initiator did not get our IKE_SA_INIT response: resend it.
                actions += response.datagrams.map { .send(OutboundDatagram(local: sa.local, remote: sa.remote, message: $0)) }
                return
            }
            guard sa.role == .responder else { return }
            receiveAuthRequest(datagram, header: header, on: sa, ike: ike, now: now, into: &actions)
        case .responderAuthenticating(let auth):
            receiveAuthRequest(datagram, header: header, on: sa, ike: auth.ike, now: now, into: &actions)
        case .initiatorAuthenticating(let auth):
            receiveAuthResponse(datagram, header: header, on: sa, auth: auth, now: now, into: &actions)
        case .established(let established):
            receiveEstablished(datagram, header: header, on: sa, established: established, now: now, into: &actions)
        case .closed:
            return
        }
    }

    // MARK: - SA table

    /// A fresh SPI in this shard: random, non-zero, unused (RFC 7296 §2.6 asks
    /// for unpredictable SPIs; the top octet is the shard).
    func allocateSPI() -> UInt64 {
        while true {
            let random = secureRandomBytes(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            let spi = UInt64(shard) << 56 | random & 0x00FF_FFFF_FFFF_FFFF
            if spi != 0, sas[spi] == nil, sessionIndex[spi] == nil { return spi }
        }
    }

    /// Adds an SA that a rekey created: established from the start, so
    /// outside the half-open counts.
    func adopt(_ sa: IKESA, now: EngineInstant) {
        sas[sa.ourSPI] = sa
        sa.createdAt = now
        sa.lastHeard = now
        reschedule(sa)
    }

    func insert(_ sa: IKESA, now: EngineInstant) {
        sas[sa.ourSPI] = sa
        sa.createdAt = now
        sa.halfOpenDeadline = now.advanced(by: configuration.denialOfService.halfOpenTimeout)
        halfOpenCount += 1
        halfOpenBySource[sa.remote.address, default: 0] += 1
        reschedule(sa)
    }

    /// Takes the SA out of the half-open counts once it is established.
    func markEstablished(_ sa: IKESA) {
        guard sa.halfOpenDeadline != nil else { return }
        sa.halfOpenDeadline = nil
        releaseHalfOpen(sa)
    }

    /// Removes an SA and everything it holds: its half-open slot, its
    /// authentication session, its address lease and its CHILD_SA.
    ///
    /// - Parameter reported: whether the caller already emitted an event
    ///   for the removal (then no `.failed` is added).
    func remove(_ sa: IKESA, reason: String, cause: SAEndCause = .gatewayError, reported: Bool = false,
                into actions: inout [EngineAction]) {
        sas[sa.ourSPI] = nil
        if sa.halfOpenDeadline != nil {
            releaseHalfOpen(sa)
            if !reported { actions.append(.event(.failed(spi: sa.ourSPI, peer: sa.remote, reason: reason))) }
        }
        switch sa.state {
        case .responderAuthenticating(let auth):
            // Once the service was asked to start (the EAP identity came),
            // it holds state for the SA whatever the phase: a failed or
            // out-of-turn exchange must release it too.
            if auth.eapIdentity != nil {
                actions.append(.authenticate(AuthenticationRequest(spi: sa.ourSPI, peer: sa.remote.address, step: .abandon)))
            }
        case .established(let established):
            // An old IKE SA after its rekey, or the redundant one of a
            // collision, ends nothing: the session lives on in another.
            guard sa.holdsSession else {
                logger.debug("IKE SA without a session removed", metadata: ["spi": "\(hex(sa.ourSPI))", "reason": "\(reason)"])
                break
            }
            sessionIndex[sa.sessionID] = nil
            if sa.servesClient {
                for address in established.virtualAddresses { addresses?.release(address, of: sa.sessionID) }
                identities.remove(sa.sessionID, user: established.user)
            }
            if !sa.childStopped {
                actions += established.children.map { .deleteChildSA(inboundSPI: $0.inboundSPI, ikeSPI: sa.sessionID) }
            }
            actions.append(.event(.deleted(spi: sa.sessionID, peer: sa.remote, user: established.user, reason: reason, cause: cause)))
        case .initiatorSentInit, .initDone, .initiatorAuthenticating, .closed:
            break
        }
        sa.state = .closed
    }

    private func releaseHalfOpen(_ sa: IKESA) {
        halfOpenCount -= 1
        let remaining = (halfOpenBySource[sa.remote.address] ?? 1) - 1
        halfOpenBySource[sa.remote.address] = remaining > 0 ? remaining : nil
        if sa.role == .responder {
            initRequests[InitRequestKey(remote: sa.remote, initiatorSPI: sa.peerSPI)] = nil
        }
    }

    func reschedule(_ sa: IKESA) {
        guard let deadline = sa.nextDeadline else { return }
        // An earlier wake-up still queued will recheck and reschedule.
        if let scheduled = sa.scheduledWakeUp, scheduled <= deadline { return }
        timers.schedule(sa.ourSPI, at: deadline)
        sa.scheduledWakeUp = deadline
    }

    // MARK: - Helpers

    /// A datagram whose header cannot be read gets no answer, except a
    /// request from a newer major version (RFC 7296 §2.5).
    private func rejectUnreadableHeader(_ datagram: InboundDatagram, _ error: IKEDecodingError) -> [EngineAction] {
        logger.debug("unreadable IKE header dropped", metadata: ["peer": "\(datagram.remote)", "error": "\(error)"])
        guard case .unsupportedMajorVersion(let major) = error.reason, major > IKEHeader.majorVersion,
              datagram.message.count >= IKEHeader.length, datagram.message[19] & IKEHeader.Flags.response.rawValue == 0
        else { return [] }
        let spis = datagram.message[0..<16].reduce((UInt64(0), UInt64(0), 0)) { state, byte in
            state.2 < 8 ? (state.0 << 8 | UInt64(byte), state.1, state.2 + 1) : (state.0, state.1 << 8 | UInt64(byte), state.2 + 1)
        }
        let header = IKEHeader(initiatorSPI: spis.0, responderSPI: spis.1, exchangeType: ExchangeType(rawValue: datagram.message[18]),
                               flags: .response, messageID: datagram.message[20..<24].reduce(0) { $0 << 8 | UInt32($1) })
        return [.send(OutboundDatagram(local: datagram.local, remote: datagram.remote, message: IKEMessage(
            header: header, payloads: [.notify(NotifyPayload(type: .invalidMajorVersion))]).encode()))]
    }
}

/// An SPI as 16 hex digits, for logs.
func hex(_ spi: UInt64) -> String { Hex.string(spi) }
