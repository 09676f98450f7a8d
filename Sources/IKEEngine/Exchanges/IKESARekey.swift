import IKECrypto
import IKEWire
import Logging

/// Rekeying the IKE SA with CREATE_CHILD_SA (RFC 7296 §1.3.2, §2.18): a new
/// IKE SA with fresh SPIs, nonces and Diffie-Hellman, keyed from the old
/// SK_d, takes over the session (user, addresses, CHILD_SAs); the
/// exchange's initiator deletes the old one. Simultaneous rekeys keep the
/// new IKE SA whose exchange did not have the lowest nonce (§2.8.2).
extension IKEEngine {
    func ikeRekeyRequest(_ payloads: [IKEPayload], messageID: UInt32, on sa: IKESA, _ established: EstablishedState,
                         now: EngineInstant, into actions: inout [EngineAction]) {
        let ike = established.ike
        let metadata: Logger.Metadata = ["spi": "\(hex(sa.ourSPI))", "peer": "\(sa.remote)"]
        // §2.25.2: not under a CHILD_SA rekey of ours, which would land on
        // the old SA; not on an SA without the session; and one collision
        // at a time.
        var busy = !sa.holdsSession
        if case .rekeyChild = sa.exchange { busy = true }
        if case .rekeyIKESA(let ours) = sa.exchange, ours.collision != nil { busy = true }
        guard !busy else {
            return refuseCreateChildSA(.temporaryFailure, messageID: messageID, on: sa, ike, into: &actions)
        }
        guard let offer = payloads.securityAssociation, let nonce = payloads.nonce, Self.nonceLengths.contains(nonce.data.count),
              let peerKE = payloads.keyExchange else {
            logger.info("malformed IKE SA rekey request", metadata: metadata)
            return refuseCreateChildSA(.invalidSyntax, messageID: messageID, on: sa, ike, into: &actions)
        }
        let selected: SelectedIKEProposal
        switch ProposalSelector.selectIKE(from: offer, policies: configuration.ikeProposals, keyExchangeGroup: peerKE.group, rekeying: true) {
        case .selected(let match) where match.peerSPI != 0:
            selected = match
        case .selected:
            return refuseCreateChildSA(.invalidSyntax, messageID: messageID, on: sa, ike, into: &actions)
        case .invalidKE(let group):
            logger.info("IKE SA rekey with KE group \(peerKE.group); asking for \(group)", metadata: metadata)
            return refuseCreateChildSA(asking: group, messageID: messageID, on: sa, ike, into: &actions)
        case .noProposalChosen:
            logger.notice("no acceptable IKE proposal in an IKE SA rekey", metadata: metadata)
            return refuseCreateChildSA(.noProposalChosen, messageID: messageID, on: sa, ike, into: &actions)
        }
        do {
            let keyPair = try KeyExchangePrivateKey(group: selected.group)
            let sharedSecret = try keyPair.sharedSecret(peerPublicValue: peerKE.data)
            let ourNonce = secureRandomBytes(Self.ourNonceLength)
            let spi = allocateSPI()
            let keys = try ike.keys.deriveRekeyed(oldPRF: ike.suite.prf, newSuite: selected.suite, sharedSecret: sharedSecret,
                                                  initiatorNonce: nonce.data, responderNonce: ourNonce,
                                                  initiatorSPI: selected.peerSPI, responderSPI: spi)
            let new = try rekeyedSA(from: sa, established, ourSPI: spi, peerSPI: selected.peerSPI, role: .responder, suite: selected.suite,
                                    group: selected.group, keys: keys, initiatorNonce: Array(nonce.data), responderNonce: ourNonce, now: now)
            respond([.securityAssociation(SecurityAssociationPayload(proposals: [selected.responseProposal(ourSPI: spi)])),
                     .nonce(NoncePayload(data: ArraySlice(ourNonce))),
                     .keyExchange(KeyExchangePayload(group: KeyExchangeMethodID(rawValue: selected.group.rawValue),
                                                     data: ArraySlice(keyPair.publicValue)))],
                    to: messageID, exchange: .createChildSA, on: sa, ike: ike, into: &actions)
            if case .rekeyIKESA(var ours) = sa.exchange {
                ours.collision = RekeyCollision(initiatorNonce: Array(nonce.data), responderNonce: ourNonce, created: spi)
                sa.exchange = .rekeyIKESA(ours)
                // Until our own answer decides, it is the one that may be
                // redundant; if it is never decided, it goes by itself.
                awaitDeletion(new, now: now)
                logger.info("simultaneous IKE SA rekey", metadata: metadata)
            } else {
                transferSession(from: sa, to: new, now: now, into: &actions)
            }
        } catch {
            logger.notice("IKE SA rekey failed: \(error)", metadata: metadata)
            refuseCreateChildSA(.invalidSyntax, messageID: messageID, on: sa, ike, into: &actions)
        }
    }

    // MARK: - We rekey

    func startIKERekey(on sa: IKESA, _ established: EstablishedState, now: EngineInstant, into actions: inout [EngineAction]) {
        guard !established.rekeyed, sa.closingCause == nil, sa.holdsSession else { return }
        sendIKERekey(group: established.ike.group, restarts: 0, on: sa, established, now: now, into: &actions)
    }

    /// `SA KEi Ni`. The negotiated transforms and group come first: Windows
    /// expects its own group back (MODP-1024 by default) and a rekey should
    /// not change what both sides chose; the configured proposals follow.
    private func sendIKERekey(group: KeyExchangeGroup, restarts: Int, on sa: IKESA, _ established: EstablishedState, now: EngineInstant,
                              into actions: inout [EngineAction]) {
        do {
            let keyPair = try KeyExchangePrivateKey(group: group)
            let spi = allocateSPI()
            let nonce = secureRandomBytes(Self.ourNonceLength)
            let spiBytes = ArraySlice((0..<8).map { UInt8(truncatingIfNeeded: spi >> UInt64(56 - 8 * $0)) })
            let proposals = ikeRekeyPolicies(established).enumerated().map { index, policy in
                var proposal = policy.proposal(number: UInt8(truncatingIfNeeded: index + 1))
                proposal.spi = spiBytes
                return proposal
            }
            sa.exchange = .rekeyIKESA(IKERekeyRequest(spi: spi, nonce: nonce, keyExchange: keyPair, restarts: restarts))
            logger.info("rekeying IKE SA", metadata: ["spi": "\(hex(sa.ourSPI))", "group": "\(group)"])
            request([.securityAssociation(SecurityAssociationPayload(proposals: proposals)), .nonce(NoncePayload(data: ArraySlice(nonce))),
                     .keyExchange(KeyExchangePayload(group: KeyExchangeMethodID(rawValue: group.rawValue), data: ArraySlice(keyPair.publicValue)))],
                    exchange: .createChildSA, on: sa, ike: established.ike, now: now, into: &actions)
        } catch {
            logger.error("cannot start an IKE SA rekey: \(error)", metadata: ["spi": "\(hex(sa.ourSPI))"])
        }
    }

    private func ikeRekeyPolicies(_ established: EstablishedState) -> [IKEProposalPolicy] {
        [IKEProposalPolicy(suite: established.ike.suite, group: established.ike.group)] + configuration.ikeProposals
    }

    func ikeRekeyAnswered(_ payloads: [IKEPayload], request: IKERekeyRequest, on sa: IKESA, now: EngineInstant,
                          into actions: inout [EngineAction]) {
        // Closing: the rekey still completes, and the session then ends on
        // the new IKE SA (transferSession), which the peer now uses.
        guard case .established(var established) = sa.state else { return }
        let metadata: Logger.Metadata = ["spi": "\(hex(sa.ourSPI))", "peer": "\(sa.remote)"]
        if let error = errorNotify(in: payloads) {
            if error.type == .invalidKEPayload, error.data.count == 2, request.restarts < 2, request.collision == nil,
               let group = KeyExchangeGroup(rawValue: UInt16(error.data[error.data.startIndex]) << 8 | UInt16(error.data[error.data.startIndex + 1])),
               ikeRekeyPolicies(established).contains(where: { $0.groups.contains(group) }) {
                return sendIKERekey(group: group, restarts: request.restarts + 1, on: sa, established, now: now, into: &actions)
            }
            logger.notice("the peer refused our IKE SA rekey: \(error.logDescription)", metadata: metadata)
            if let created = request.collision?.created, let theirs = sas[created] {
                // §2.25.2: its own rekey went through instead; it deletes the old SA.
                transferSession(from: sa, to: theirs, now: now, into: &actions)
            } else {
                let lifecycle = configuration.lifecycle
                established.rekeyAt = error.type == .temporaryFailure ? now.advanced(by: lifecycle.jittered(lifecycle.rekeyRetry))
                    : nextIKERekey(after: now)
                sa.state = .established(established)
            }
            return
        }
        guard let offer = payloads.securityAssociation, offer.proposals.count == 1, let nonce = payloads.nonce,
              Self.nonceLengths.contains(nonce.data.count), let peerKE = payloads.keyExchange,
              peerKE.group.rawValue == request.keyExchange.group.rawValue,
              case .selected(let selected) = ProposalSelector.selectIKE(from: offer, policies: ikeRekeyPolicies(established),
                                                                        keyExchangeGroup: peerKE.group, rekeying: true),
              selected.peerSPI != 0
        else {
            logger.notice("unusable answer to our IKE SA rekey; trying again later", metadata: metadata)
            established.rekeyAt = nextIKERekey(after: now)
            sa.state = .established(established)
            return
        }
        do {
            let ike = established.ike
            let sharedSecret = try request.keyExchange.sharedSecret(peerPublicValue: peerKE.data)
            let keys = try ike.keys.deriveRekeyed(oldPRF: ike.suite.prf, newSuite: selected.suite, sharedSecret: sharedSecret,
                                                  initiatorNonce: request.nonce, responderNonce: nonce.data,
                                                  initiatorSPI: request.spi, responderSPI: selected.peerSPI)
            let new = try rekeyedSA(from: sa, established, ourSPI: request.spi, peerSPI: selected.peerSPI, role: .initiator,
                                    suite: selected.suite, group: selected.group, keys: keys, initiatorNonce: request.nonce,
                                    responderNonce: Array(nonce.data), now: now)
            if let collision = request.collision, let theirs = sas[collision.created],
               collision.ourExchangeIsRedundant(ourNonce: request.nonce, peerNonce: Array(nonce.data)) {
                // §2.8.2: ours has the lowest nonce; we made it, we delete
                // it. The peer's carries on, and the peer deletes the old SA.
                logger.info("simultaneous IKE SA rekey: ours is redundant; deleting it", metadata: metadata)
                transferSession(from: sa, to: theirs, now: now, into: &actions)
                close(new, reason: "redundant after a simultaneous rekey", now: now, into: &actions)
                return
            }
            transferSession(from: sa, to: new, now: now, into: &actions)
            // The peer's redundant one is the peer's to delete.
            if let created = request.collision?.created, let theirs = sas[created] { awaitDeletion(theirs, now: now) }
            // The rekey's initiator deletes the old IKE SA (§2.18).
            close(sa, reason: "rekeyed", now: now, into: &actions)
        } catch {
            logger.notice("IKE SA rekey failed: \(error)", metadata: metadata)
            established.rekeyAt = nextIKERekey(after: now)
            sa.state = .established(established)
        }
    }

    /// How long an IKE SA without a session waits for the peer's Delete
    /// before we delete it ourselves.
    static let deletionGrace: Duration = .seconds(60)

    /// Marks an IKE SA that no longer carries the session (rekeyed, or the
    /// peer's redundant one of a collision) as waiting for the peer's
    /// Delete; if none comes, ours goes after ``deletionGrace``.
    func awaitDeletion(_ sa: IKESA, now: EngineInstant) {
        guard case .established(var state) = sa.state else { return }
        state.rekeyed = true
        state.rekeyAt = nil
        state.deleteBy = now.advanced(by: Self.deletionGrace)
        sa.state = .established(state)
        reschedule(sa)
    }

    /// Deletes an IKE SA that carries no session any more.
    func close(_ sa: IKESA, reason: String, now: EngineInstant, into actions: inout [EngineAction]) {
        sa.closingReason = reason
        sa.closingCause = .replaced
        enqueue(.deleteIKESA, on: sa, now: now, into: &actions)
    }

    /// The IKE SA a rekey created, established from the start and without
    /// a session until ``transferSession(from:to:now:into:)`` gives it one.
    /// Message IDs start at zero (§2.18); no AUTH is computed on it again,
    /// so the IKE_SA_INIT messages are not kept.
    private func rekeyedSA(from old: IKESA, _ established: EstablishedState, ourSPI: UInt64, peerSPI: UInt64, role: IKERole,
                           suite: IKECipherSuite, group: KeyExchangeGroup, keys: IKESAKeys, initiatorNonce: [UInt8], responderNonce: [UInt8],
                           now: EngineInstant) throws -> IKESA {
        let ike = InitDoneState(suite: suite, group: group, keys: keys, protection: try IKEMessageProtection(suite: suite, keys: keys, role: role),
                                initiatorNonce: initiatorNonce, responderNonce: responderNonce, initiatorMessage: [], responderMessage: [],
                                nat: established.nat, peerSupportsFragmentation: established.ike.peerSupportsFragmentation,
                                peerSignatureHashes: established.ike.peerSignatureHashes)
        var state = EstablishedState(ike: ike, user: established.user, virtualAddresses: established.virtualAddresses)
        state.expires = established.expires
        state.mobike = established.mobike
        state.nat = established.nat
        state.livenessInterval = established.livenessInterval
        let new = IKESA(ourSPI: ourSPI, peerSPI: peerSPI, role: role, local: old.local, remote: old.remote, state: .established(state))
        new.sessionID = old.sessionID
        new.holdsSession = false
        new.servesClient = old.servesClient
        new.clientCredentials = old.clientCredentials
        adopt(new, now: now)
        return new
    }

    /// Moves the session (CHILD_SAs, pending CHILD_SA work, the session's
    /// name in the index) from `old` to `new`, which gets its own rekey
    /// time; `old` only waits for its Delete.
    func transferSession(from old: IKESA, to new: IKESA, now: EngineInstant, into actions: inout [EngineAction]) {
        guard old.holdsSession, case .established(var from) = old.state, case .established(var to) = new.state else { return }
        to.children = from.children
        to.retryChildRekeys = from.retryChildRekeys
        to.rekeyAt = nextIKERekey(after: now)
        to.rekeyed = false
        to.deleteBy = nil
        from.children = []
        from.retryChildRekeys = [:]
        old.state = .established(from)
        new.state = .established(to)
        awaitDeletion(old, now: now)
        old.holdsSession = false
        new.holdsSession = true
        new.childStopped = old.childStopped
        new.inboundSeen = old.inboundSeen
        new.queued += old.queued.filter { $0 != .deleteIKESA && $0 != .rekeyIKESA && $0 != .liveness }
        old.queued.removeAll { $0 != .deleteIKESA }
        sessionIndex[new.sessionID] = new.ourSPI
        logger.info("IKE SA rekeyed", metadata: ["old_spi": "\(hex(old.ourSPI))", "spi": "\(hex(new.ourSPI))", "peer": "\(new.remote)",
                                                  "suite": "\(to.ike.suite)/\(to.ike.group)", "children": "\(to.children.count)"])
        actions.append(.event(.rekeyed(spi: new.sessionID, peer: new.remote, oldSPI: old.ourSPI, newSPI: new.ourSPI)))
        startQueued(new, now: now, into: &actions)
        reschedule(old)
        // The session was being deleted (terminate, supersede, session
        // time) when the rekey landed: it ends on the new IKE SA instead.
        if let cause = old.closingCause, new.closingCause == nil {
            new.closingReason = old.closingReason
            actions += terminate(new, cause: cause, now: now)
        }
    }
}
