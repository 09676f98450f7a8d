import IKECrypto
import IKEWire
import Logging

/// Exchanges on an established IKE SA: the peer's requests (INFORMATIONAL,
/// CREATE_CHILD_SA) and ours, which wait for the window of one (RFC 7296
/// §2.3) in a small queue and are matched to their responses by what was
/// asked. Timers of established SAs (session time, IKE SA rekey, liveness)
/// start them.
extension IKEEngine {
    func receiveEstablished(_ datagram: InboundDatagram, header: IKEHeader, on sa: IKESA, established: EstablishedState,
                            now: EngineInstant, into actions: inout [EngineAction]) {
        guard case .message(let header, let payloads) = open(datagram, header: header, on: sa, ike: established.ike, into: &actions) else { return }
        sa.lastHeard = now
        if header.isResponse {
            let exchange = sa.exchange
            sa.outstandingRequest = nil
            sa.exchange = nil
            responseArrived(payloads, to: exchange, on: sa, now: now, into: &actions)
            startQueued(sa, now: now, into: &actions)
            return
        }
        logUnrecognizedNotifies(in: payloads, peer: sa.remote, spi: sa.ourSPI)
        switch header.exchangeType {
        case .informational:
            informationalRequest(payloads, messageID: header.messageID, on: sa, now: now, into: &actions)
        case .createChildSA:
            createChildSARequest(payloads, messageID: header.messageID, on: sa, now: now, into: &actions)
        default:
            logger.debug("\(header.exchangeType) request on an established SA ignored", metadata: ["spi": "\(hex(sa.ourSPI))"])
        }
        // Answering may have freed a task (a rekey waiting for the peer's
        // own to end); ours start once the window is free.
        startQueued(sa, now: now, into: &actions)
    }

    private func responseArrived(_ payloads: [IKEPayload], to exchange: OwnExchange?, on sa: IKESA, now: EngineInstant,
                                 into actions: inout [EngineAction]) {
        switch exchange {
        case .deleteIKESA?:
            if let error = errorNotify(in: payloads) {
                logger.info("peer answered our Delete with \(error.logDescription)", metadata: ["spi": "\(hex(sa.ourSPI))"])
            }
            remove(sa, reason: sa.closingReason ?? "deleted", cause: sa.closingCause ?? .terminated, into: &actions)
        case .deleteChildren(let spis)?:
            childrenDeleted(spis, on: sa, into: &actions)
        case .liveness?:
            logger.trace("peer is alive", metadata: ["spi": "\(hex(sa.ourSPI))"])
        case .rekeyChild(let request)?:
            childRekeyAnswered(payloads, request: request, on: sa, now: now, into: &actions)
        case .rekeyIKESA(let request)?:
            ikeRekeyAnswered(payloads, request: request, on: sa, now: now, into: &actions)
        case .updateAddresses(let cookie)?:
            addressUpdateAnswered(payloads, cookie: cookie, on: sa, into: &actions)
        case .composed?:
            logger.debug("answer to a composed request", metadata: ["spi": "\(hex(sa.ourSPI))", "payloads": "\(payloads.count)"])
        case nil:
            logger.debug("response to no exchange of ours", metadata: ["spi": "\(hex(sa.ourSPI))"])
        }
    }

    // MARK: - Our requests

    /// Queues `task` and starts it if the window is free. A Delete of the
    /// IKE SA goes first and cancels everything else.
    func enqueue(_ task: OwnTask, on sa: IKESA, now: EngineInstant, into actions: inout [EngineAction]) {
        if task == .deleteIKESA {
            sa.queued = [task]
        } else if !sa.queued.contains(task), sa.closingCause == nil {
            sa.queued.append(task)
        }
        startQueued(sa, now: now, into: &actions)
    }

    func startQueued(_ sa: IKESA, now: EngineInstant, into actions: inout [EngineAction]) {
        while sa.outstandingRequest == nil, !sa.queued.isEmpty, case .established(let established) = sa.state {
            start(sa.queued.removeFirst(), on: sa, established, now: now, into: &actions)
        }
        reschedule(sa)
    }

    private func start(_ task: OwnTask, on sa: IKESA, _ established: EstablishedState, now: EngineInstant,
                       into actions: inout [EngineAction]) {
        switch task {
        case .deleteIKESA:
            stopChildren(of: sa, established, into: &actions)
            sa.exchange = .deleteIKESA
            request([.delete(.ikeSA)], exchange: .informational, on: sa, ike: established.ike, now: now, into: &actions)
        case .deleteChildren(let spis):
            var established = established
            let present = spis.filter { established.child(inbound: $0) != nil }
            guard !present.isEmpty else { return }
            for spi in present { established.update(spi) { $0.state = .deleting } }
            sa.state = .established(established)
            sa.exchange = .deleteChildren(present)
            request([.delete(DeletePayload(protocolID: .esp, spis: present))], exchange: .informational, on: sa, ike: established.ike,
                    now: now, into: &actions)
        case .liveness:
            sa.exchange = .liveness
            request([], exchange: .informational, on: sa, ike: established.ike, now: now, into: &actions)
        case .rekeyChild(let spi):
            startChildRekey(spi, on: sa, established, now: now, into: &actions)
        case .rekeyIKESA:
            startIKERekey(on: sa, established, now: now, into: &actions)
        case .updateAddresses:
            startAddressUpdate(on: sa, established, now: now, into: &actions)
        }
    }

    /// What an established SA's timers ask for: our IKE SA rekey and
    /// liveness checks (session time is handled by the caller).
    func establishedTimers(_ sa: IKESA, _ established: EstablishedState, now: EngineInstant, into actions: inout [EngineAction]) {
        var established = established
        var due: [OwnTask] = []
        if let rekeyAt = established.rekeyAt, rekeyAt <= now {
            established.rekeyAt = nil
            due.append(.rekeyIKESA)
        }
        for (spi, retry) in established.retryChildRekeys where retry <= now {
            established.retryChildRekeys[spi] = nil
            due.append(.rekeyChild(spi))
        }
        let overdue = established.children.filter { $0.deleteBy.map { $0 <= now } ?? false }.map(\.inboundSPI)
        if !overdue.isEmpty {
            logger.info("the peer did not delete the CHILD_SAs it rekeyed; deleting them",
                        metadata: ["spi": "\(hex(sa.ourSPI))", "spi_in": "\(overdue.map { Hex.string($0) })"])
            for spi in overdue { established.update(spi) { $0.deleteBy = nil } }
            due.append(.deleteChildren(overdue))
        }
        sa.state = .established(established)
        for task in due { enqueue(task, on: sa, now: now, into: &actions) }
        if sa.outstandingRequest == nil, let check = established.livenessDue(lastHeard: sa.lastHeard), check <= now {
            if receivedTraffic(sa, established) {
                sa.lastHeard = now
            } else {
                logger.debug("peer idle; checking it is alive", metadata: ["spi": "\(hex(sa.ourSPI))", "peer": "\(sa.remote)"])
                enqueue(.liveness, on: sa, now: now, into: &actions)
            }
        }
    }

    /// Whether ESP arrived on any of the SA's CHILD_SAs since the last look.
    private func receivedTraffic(_ sa: IKESA, _ established: EstablishedState) -> Bool {
        guard let inboundPackets else { return false }
        var received = false
        var seen: [UInt32: UInt64] = [:]
        for child in established.children {
            guard let count = inboundPackets(child.inboundSPI) else { continue }
            if count != sa.inboundSeen[child.inboundSPI] ?? 0 { received = true }
            seen[child.inboundSPI] = count
        }
        sa.inboundSeen = seen
        return received
    }

    /// Starts an established SA's life: its session's name, rekey time,
    /// liveness checks and whether MOBIKE is in use (both announced it).
    func beginLifecycle(_ sa: IKESA, _ established: inout EstablishedState, peerSupportsMOBIKE: Bool, now: EngineInstant) {
        sessionIndex[sa.sessionID] = sa.ourSPI
        sa.lastHeard = now
        established.rekeyAt = nextIKERekey(after: now)
        established.livenessInterval = configuration.lifecycle.livenessInterval
        established.mobike = configuration.lifecycle.mobike && peerSupportsMOBIKE
        established.nat = established.ike.nat
    }

    /// When the next IKE SA rekey of ours is due, jittered.
    func nextIKERekey(after now: EngineInstant) -> EngineInstant? {
        configuration.lifecycle.ikeRekeyTime.map { now.advanced(by: configuration.lifecycle.jittered($0)) }
    }

    // MARK: - Public triggers

    /// Deletes an established IKE SA (or the one that carries session
    /// `spi`): sends INFORMATIONAL with Delete, after any request of ours
    /// still outstanding, and removes the SA when the peer answers or
    /// retransmissions give up. Its CHILD_SAs stop carrying traffic at once.
    /// `cause` is what the deletion event reports.
    public func terminate(spi: UInt64, cause: SAEndCause = .terminated, now: EngineInstant) -> [EngineAction] {
        guard let sa = sa(for: spi) else { return [] }
        return terminate(sa, cause: cause, now: now)
    }

    /// Deletes this IKE SA (see ``terminate(spi:cause:now:)``).
    func terminate(_ sa: IKESA, cause: SAEndCause, now: EngineInstant) -> [EngineAction] {
        guard case .established(let established) = sa.state, sa.closingCause == nil else { return [] }
        var actions: [EngineAction] = []
        sa.closingReason = "\(cause)"
        sa.closingCause = cause
        stopChildren(of: sa, established, into: &actions)
        enqueue(.deleteIKESA, on: sa, now: now, into: &actions)
        return actions
    }

    /// Deleting an IKE SA closes its CHILD_SAs (RFC 7296 §1.4.1): the
    /// traffic stops as our Delete leaves, not when the peer answers, so a
    /// peer that never answers cannot keep a terminated tunnel open for the
    /// whole retransmission schedule.
    private func stopChildren(of sa: IKESA, _ established: EstablishedState, into actions: inout [EngineAction]) {
        guard !sa.childStopped, sa.holdsSession else { return }
        sa.childStopped = true
        actions += established.children.map { .deleteChildSA(inboundSPI: $0.inboundSPI, ikeSPI: sa.sessionID) }
    }

    /// Deletes an IKE SA that a newer one of the same user replaces (RFC
    /// 7296 §2.4). Its address has already passed to the new SA.
    public func supersede(spi: UInt64, now: EngineInstant) -> [EngineAction] {
        guard let sa = sa(for: spi), case .established(let established) = sa.state else { return [] }
        logger.info("IKE SA replaced by a newer one of the same user", metadata: ["peer": "\(sa.remote)", "spi": "\(hex(sa.ourSPI))",
                                                                                   "user": "\(established.user)"])
        identities.remove(sa.sessionID, user: established.user)
        return terminate(sa, cause: .replaced, now: now)
    }

    /// The data plane's report that a CHILD_SA of session `spi` reached a
    /// lifetime limit. Soft: we rekey it (the peer may well do so first).
    /// Hard: it is deleted; if it was the session's last CHILD_SA able to
    /// carry traffic, the IKE SA goes too, since a tunnel that carries
    /// nothing only looks connected.
    public func childSAExpired(spi: UInt64, inboundSPI: UInt32, hard: Bool, now: EngineInstant) -> [EngineAction] {
        guard let sa = sa(for: spi), case .established(let established) = sa.state, sa.closingCause == nil,
              let child = established.child(inbound: inboundSPI) else { return [] }
        var actions: [EngineAction] = []
        let metadata: Logger.Metadata = ["spi": "\(hex(sa.ourSPI))", "spi_in": "\(Hex.string(inboundSPI))"]
        guard hard else {
            guard child.state == .installed else { return [] }
            logger.info("CHILD_SA reached its soft lifetime; rekeying it", metadata: metadata)
            enqueue(.rekeyChild(inboundSPI), on: sa, now: now, into: &actions)
            return actions
        }
        let others = established.children.filter { $0.inboundSPI != inboundSPI && $0.isLive }
        guard !others.isEmpty || !child.isLive else {
            logger.notice("CHILD_SA reached its hard lifetime; deleting the IKE SA", metadata: metadata)
            return terminate(sa, cause: .lifetimeExpired, now: now)
        }
        logger.info("CHILD_SA reached its hard lifetime; deleting it", metadata: metadata)
        actions.append(.deleteChildSA(inboundSPI: inboundSPI, ikeSPI: sa.sessionID))
        enqueue(.deleteChildren([inboundSPI]), on: sa, now: now, into: &actions)
        return actions
    }

    /// Rekeys a CHILD_SA of session `spi` now (tests, `gatehouse rekey`).
    public func rekeyChildSA(spi: UInt64, inboundSPI: UInt32, now: EngineInstant) -> [EngineAction] {
        guard let sa = sa(for: spi), case .established = sa.state else { return [] }
        var actions: [EngineAction] = []
        enqueue(.rekeyChild(inboundSPI), on: sa, now: now, into: &actions)
        return actions
    }

    /// Rekeys the IKE SA of session `spi` now.
    public func rekeyIKESA(spi: UInt64, now: EngineInstant) -> [EngineAction] {
        guard let sa = sa(for: spi), case .established = sa.state else { return [] }
        var actions: [EngineAction] = []
        enqueue(.rekeyIKESA, on: sa, now: now, into: &actions)
        return actions
    }

    /// Sends `payloads` as a request of `exchange` on session `spi`, now if
    /// the window is free (false otherwise): a peer that says whatever its
    /// caller wants, for probing other implementations and for the fuzz
    /// target that feeds the gateway's handlers arbitrary requests.
    public func send(_ payloads: [IKEPayload], exchange: ExchangeType, session spi: UInt64, now: EngineInstant)
        -> (sent: Bool, actions: [EngineAction]) {
        guard let sa = sa(for: spi), case .established(let established) = sa.state, sa.outstandingRequest == nil else { return (false, []) }
        var actions: [EngineAction] = []
        sa.exchange = .composed
        request(payloads, exchange: exchange, on: sa, ike: established.ike, now: now, into: &actions)
        reschedule(sa)
        return (true, actions)
    }

    /// The inbound SPIs of the CHILD_SAs of session `spi`, oldest first.
    public func childSAs(ofSession spi: UInt64) -> [UInt32] {
        guard let sa = sa(for: spi), case .established(let established) = sa.state else { return [] }
        return established.children.map(\.inboundSPI)
    }

    /// Our SPI of the IKE SA that carries session `spi` now.
    public func currentSPI(ofSession spi: UInt64) -> UInt64? { sa(for: spi)?.ourSPI }
}
