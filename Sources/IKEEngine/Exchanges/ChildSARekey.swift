import IKECrypto
import IKEWire
import Logging

/// CREATE_CHILD_SA (RFC 7296 §1.3): rekeying a CHILD_SA either way, with or
/// without PFS, and the collision rules of §2.8.1 and §2.25.1. A rekey
/// never changes selectors; the new CHILD_SA takes over from the old one
/// in the data plane, and the exchange's initiator deletes the old one.
/// Additional CHILD_SAs are refused: a remote-access client has one.
extension IKEEngine {
    /// Groups accepted for PFS when the peer asks for it: those of our ESP
    /// proposals, then those of our IKE proposals.
    var pfsGroups: [KeyExchangeGroup] {
        var groups: [KeyExchangeGroup] = []
        for group in configuration.espProposals.flatMap(\.groups) + configuration.ikeProposals.flatMap(\.groups) where !groups.contains(group) {
            groups.append(group)
        }
        return groups
    }

    func createChildSARequest(_ payloads: [IKEPayload], messageID: UInt32, on sa: IKESA, now: EngineInstant,
                              into actions: inout [EngineAction]) {
        guard case .established(let established) = sa.state else { return }
        // §2.25: an IKE SA being deleted, or already replaced by a rekey,
        // creates nothing more.
        if established.rekeyed || sa.closingCause != nil {
            return refuseCreateChildSA(.temporaryFailure, messageID: messageID, on: sa, established.ike, into: &actions)
        }
        if let rekey = payloads.notify(.rekeySA) {
            return childRekeyRequest(payloads, notify: rekey, messageID: messageID, on: sa, established, now: now, into: &actions)
        }
        if payloads.securityAssociation?.proposals.first?.protocolID == .ike {
            return ikeRekeyRequest(payloads, messageID: messageID, on: sa, established, now: now, into: &actions)
        }
        logger.info("request for an additional CHILD_SA refused", metadata: ["spi": "\(hex(sa.ourSPI))", "peer": "\(sa.remote)"])
        refuseCreateChildSA(.noAdditionalSAs, messageID: messageID, on: sa, established.ike, into: &actions)
    }

    func refuseCreateChildSA(_ type: NotifyType, data: [UInt8] = [], messageID: UInt32, on sa: IKESA, _ ike: InitDoneState,
                             into actions: inout [EngineAction]) {
        respond([.notify(NotifyPayload(type: type, data: ArraySlice(data)))], to: messageID, exchange: .createChildSA, on: sa, ike: ike,
                into: &actions)
    }

    /// INVALID_KE_PAYLOAD naming the group we want (RFC 7296 §1.3).
    func refuseCreateChildSA(asking group: KeyExchangeGroup, messageID: UInt32, on sa: IKESA, _ ike: InitDoneState,
                             into actions: inout [EngineAction]) {
        refuseCreateChildSA(.invalidKEPayload, data: [UInt8(group.rawValue >> 8), UInt8(truncatingIfNeeded: group.rawValue)],
                            messageID: messageID, on: sa, ike, into: &actions)
    }

    // MARK: - The peer rekeys

    /// CHILD_SAs a session may hold at once: the current one, and those a
    /// rekey or a collision left until their Delete.
    static let maximumChildSAs = 4

    private func childRekeyRequest(_ payloads: [IKEPayload], notify: NotifyPayload, messageID: UInt32, on sa: IKESA,
                                   _ established: EstablishedState, now: EngineInstant, into actions: inout [EngineAction]) {
        var established = established
        let ike = established.ike
        let metadata: Logger.Metadata = ["spi": "\(hex(sa.ourSPI))", "peer": "\(sa.remote)"]
        guard notify.protocolID == .esp, notify.spi.count == 4, let offer = payloads.securityAssociation, let nonce = payloads.nonce,
              Self.nonceLengths.contains(nonce.data.count), payloads.trafficSelectorInitiator != nil, payloads.trafficSelectorResponder != nil
        else {
            logger.info("malformed CHILD_SA rekey request", metadata: metadata)
            return refuseCreateChildSA(.invalidSyntax, messageID: messageID, on: sa, ike, into: &actions)
        }
        // REKEY_SA names the SA by the SPI its sender receives on: our outbound SPI.
        let named = notify.spi.reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        guard let old = established.children.first(where: { $0.outboundSPI == named }) else {
            logger.info("rekey of an unknown CHILD_SA \(Hex.string(named))", metadata: metadata)
            return respond([.notify(NotifyPayload(type: .childSANotFound, protocolID: .esp, spi: notify.spi))], to: messageID,
                           exchange: .createChildSA, on: sa, ike: ike, into: &actions)
        }
        // §2.25.1: one we are deleting, or that a rekey already replaced, is
        // not rekeyed again; nor is any while our IKE SA rekey is out.
        // A peer that rekeys without deleting is held at a few CHILD_SAs,
        // and one collision per CHILD_SA at a time.
        var busy = established.children.count >= Self.maximumChildSAs
        if case .rekeyIKESA = sa.exchange { busy = true }
        if case .rekeyChild(let ours) = sa.exchange, ours.old == old.inboundSPI, ours.collision != nil { busy = true }
        guard old.isLive, !busy else {
            return refuseCreateChildSA(.temporaryFailure, messageID: messageID, on: sa, ike, into: &actions)
        }
        let group: KeyExchangeGroup?
        let proposal: SelectedESPProposal
        switch ProposalSelector.selectChildSA(from: offer, policies: configuration.espProposals, keyExchangeGroup: payloads.keyExchange?.group,
                                              acceptableGroups: pfsGroups) {
        case .selected(let selected, let selectedGroup):
            proposal = selected
            group = selectedGroup
        case .invalidKE(let wanted):
            logger.info("CHILD_SA rekey with KE group \(payloads.keyExchange.map { "\($0.group)" } ?? "-"); asking for \(wanted)", metadata: metadata)
            return refuseCreateChildSA(asking: wanted, messageID: messageID, on: sa, ike, into: &actions)
        case .noProposalChosen:
            logger.notice("no acceptable ESP proposal in a CHILD_SA rekey", metadata: metadata)
            return refuseCreateChildSA(.noProposalChosen, messageID: messageID, on: sa, ike, into: &actions)
        }
        do {
            var sharedSecret: SecretBytes?
            var keyExchange: [IKEPayload] = []
            if let group, let peerKE = payloads.keyExchange {
                let keyPair = try KeyExchangePrivateKey(group: group)
                sharedSecret = try keyPair.sharedSecret(peerPublicValue: peerKE.data)
                keyExchange = [.keyExchange(KeyExchangePayload(group: KeyExchangeMethodID(rawValue: group.rawValue),
                                                               data: ArraySlice(keyPair.publicValue)))]
            }
            let ourNonce = secureRandomBytes(Self.ourNonceLength)
            let keys = try ChildSAKeys.derive(prf: PRF(ike.suite.prf, key: ike.keys.d), encryption: proposal.encryption,
                                              integrity: proposal.integrity, sharedSecret: sharedSecret,
                                              initiatorNonce: nonce.data, responderNonce: ourNonce)
            var child = ChildSAParameters(session: sa, nat: established.nat, inboundSPI: randomESPSPI(), outboundSPI: proposal.peerSPI,
                                          proposal: proposal, keys: keys, initiatedByUs: false,
                                          localSelectors: old.localSelectors, remoteSelectors: old.remoteSelectors)
            child.rekeys = old.inboundSPI
            child.deferOutbound = true
            var answer = proposal.responseProposal(ourSPI: child.inboundSPI)
            if let group { answer.transforms.insert(group.transform, at: answer.transforms.count - 1) }
            let response: [IKEPayload] = [.securityAssociation(SecurityAssociationPayload(proposals: [answer])),
                                          .nonce(NoncePayload(data: ArraySlice(ourNonce)))] + keyExchange + [
                .trafficSelectorInitiator(TrafficSelectorPayload(selectors: old.remoteSelectors)),
                .trafficSelectorResponder(TrafficSelectorPayload(selectors: old.localSelectors)),
            ]
            if case .rekeyChild(var ours) = sa.exchange, ours.old == old.inboundSPI {
                // §2.8.1: both sides rekey it at once; the nonces decide
                // when our own response comes.
                ours.collision = RekeyCollision(initiatorNonce: Array(nonce.data), responderNonce: ourNonce, created: UInt64(child.inboundSPI))
                sa.exchange = .rekeyChild(ours)
                logger.info("simultaneous CHILD_SA rekey", metadata: metadata.merging(["spi_in": "\(Hex.string(old.inboundSPI))"]) { $1 })
            } else {
                established.update(old.inboundSPI) { $0.replaced(by: child.inboundSPI, deleteBy: now.advanced(by: Self.deletionGrace)) }
            }
            established.children.append(ChildSARecord(child, pfsGroup: group))
            sa.state = .established(established)
            respond(response, to: messageID, exchange: .createChildSA, on: sa, ike: ike, into: &actions)
            actions.append(.installChildSA(child))
            logger.info("CHILD_SA rekeyed by the peer", metadata: metadata.merging([
                "old_spi_in": "\(Hex.string(old.inboundSPI))", "spi_in": "\(Hex.string(child.inboundSPI))", "pfs": "\(group.map { "\($0)" } ?? "no")",
            ]) { $1 })
        } catch {
            logger.notice("CHILD_SA rekey failed: \(error)", metadata: metadata)
            refuseCreateChildSA(.invalidSyntax, messageID: messageID, on: sa, ike, into: &actions)
        }
    }

    // MARK: - We rekey

    func startChildRekey(_ spi: UInt32, on sa: IKESA, _ established: EstablishedState, now: EngineInstant,
                         into actions: inout [EngineAction]) {
        guard let old = established.child(inbound: spi), old.state == .installed, !established.rekeyed else { return }
        sendChildRekey(old, group: old.pfsGroup ?? configuration.lifecycle.rekeyPFSGroup, restarts: 0, on: sa, established, now: now,
                       into: &actions)
    }

    /// `N(REKEY_SA) SA Ni [KEi] TSi TSr`, offering the old CHILD_SA's
    /// algorithms first (§2.8: a rekey should not change them), then every
    /// configured proposal, with the PFS group the old one used, if any.
    private func sendChildRekey(_ old: ChildSARecord, group: KeyExchangeGroup?, restarts: Int, on sa: IKESA,
                                _ established: EstablishedState, now: EngineInstant, into actions: inout [EngineAction]) {
        var established = established
        do {
            let keyExchange = try group.map { try KeyExchangePrivateKey(group: $0) }
            let inboundSPI = randomESPSPI()
            let nonce = secureRandomBytes(Self.ourNonceLength)
            let groups = group.map { [$0.transform] } ?? []
            let current = Proposal(number: 1, protocolID: .esp, spi: ArraySlice(bigEndian(inboundSPI)), transforms:
                [old.encryption.transform] + (old.integrity.map { [$0.transform] } ?? []) + groups
                    + [.extendedSequenceNumbers(old.extendedSequenceNumbers ? .enabled : .disabled)])
            let configured = configuration.espProposals.enumerated().map { index, policy in
                var proposal = policy.proposal(number: UInt8(truncatingIfNeeded: index + 2), spi: inboundSPI, includeGroups: false)
                proposal.transforms.insert(contentsOf: groups, at: proposal.transforms.count - policy.extendedSequenceNumbers.count)
                return proposal
            }
            var payloads: [IKEPayload] = [
                .notify(NotifyPayload(type: .rekeySA, protocolID: .esp, spi: ArraySlice(bigEndian(old.inboundSPI)))),
                .securityAssociation(SecurityAssociationPayload(proposals: [current] + configured)),
                .nonce(NoncePayload(data: ArraySlice(nonce))),
            ]
            if let keyExchange {
                payloads.append(.keyExchange(KeyExchangePayload(group: KeyExchangeMethodID(rawValue: keyExchange.group.rawValue),
                                                                data: ArraySlice(keyExchange.publicValue))))
            }
            payloads += [.trafficSelectorInitiator(TrafficSelectorPayload(selectors: old.localSelectors)),
                         .trafficSelectorResponder(TrafficSelectorPayload(selectors: old.remoteSelectors))]
            established.update(old.inboundSPI) { $0.state = .rekeying }
            sa.state = .established(established)
            sa.exchange = .rekeyChild(ChildRekeyRequest(old: old.inboundSPI, inboundSPI: inboundSPI, nonce: nonce, keyExchange: keyExchange,
                                                        restarts: restarts))
            logger.info("rekeying CHILD_SA", metadata: ["spi": "\(hex(sa.ourSPI))", "spi_in": "\(Hex.string(old.inboundSPI))",
                                                         "pfs": "\(group.map { "\($0)" } ?? "no")"])
            request(payloads, exchange: .createChildSA, on: sa, ike: established.ike, now: now, into: &actions)
        } catch {
            logger.error("cannot start a CHILD_SA rekey: \(error)", metadata: ["spi": "\(hex(sa.ourSPI))"])
        }
    }

    func childRekeyAnswered(_ payloads: [IKEPayload], request: ChildRekeyRequest, on sa: IKESA, now: EngineInstant,
                            into actions: inout [EngineAction]) {
        // Closing: our Delete follows and no CHILD_SA is installed any more.
        guard case .established(var established) = sa.state, sa.closingCause == nil else { return }
        let metadata: Logger.Metadata = ["spi": "\(hex(sa.ourSPI))", "spi_in": "\(Hex.string(request.old))"]
        let old = established.child(inbound: request.old)
        if let error = errorNotify(in: payloads) {
            if error.type == .invalidKEPayload, error.data.count == 2, request.restarts < 2, request.collision == nil,
               let group = KeyExchangeGroup(rawValue: UInt16(error.data[error.data.startIndex]) << 8 | UInt16(error.data[error.data.startIndex + 1])),
               pfsGroups.contains(group), var old, old.state == .rekeying {
                old.state = .installed
                established.update(old.inboundSPI) { $0.state = .installed }
                return sendChildRekey(old, group: group, restarts: request.restarts + 1, on: sa, established, now: now, into: &actions)
            }
            // Windows answers a rekey it will not do with its private error
            // 12345 and its own 4-octet code: nothing is torn down; its own
            // rekey or the hard lifetime follows. So for any refusal.
            logger.notice("the peer refused our CHILD_SA rekey: \(error.logDescription); the CHILD_SA stays", metadata: metadata)
            if let collision = request.collision {
                // §2.8.1/§2.25.1: the peer's rekey of the same CHILD_SA went
                // through instead; it deletes the old one.
                established.update(request.old) {
                    $0.replaced(by: UInt32(truncatingIfNeeded: collision.created), deleteBy: now.advanced(by: Self.deletionGrace))
                }
            } else {
                established.update(request.old) { if $0.state == .rekeying { $0.state = .installed } }
                if error.type == .temporaryFailure, old != nil {
                    established.retryChildRekeys[request.old] = now.advanced(by: configuration.lifecycle.jittered(configuration.lifecycle.rekeyRetry))
                }
            }
            sa.state = .established(established)
            return
        }
        guard let offer = payloads.securityAssociation, offer.proposals.count == 1, let nonce = payloads.nonce,
              Self.nonceLengths.contains(nonce.data.count),
              case .selected(let proposal, let group) = ProposalSelector.selectChildSA(
                from: offer, policies: configuration.espProposals + (old.map { [$0.policy] } ?? []),
                keyExchangeGroup: payloads.keyExchange?.group, acceptableGroups: pfsGroups),
              group == request.keyExchange?.group
        else {
            logger.notice("unusable answer to our CHILD_SA rekey; the CHILD_SA stays", metadata: metadata)
            established.update(request.old) { if $0.state == .rekeying { $0.state = .installed } }
            sa.state = .established(established)
            return
        }
        do {
            let sharedSecret = try request.keyExchange.map { keyPair in
                try keyPair.sharedSecret(peerPublicValue: payloads.keyExchange?.data ?? [])
            }
            let ike = established.ike
            let keys = try ChildSAKeys.derive(prf: PRF(ike.suite.prf, key: ike.keys.d), encryption: proposal.encryption,
                                              integrity: proposal.integrity, sharedSecret: sharedSecret,
                                              initiatorNonce: request.nonce, responderNonce: nonce.data)
            let local = old?.localSelectors ?? payloads.trafficSelectorInitiator?.selectors ?? []
            let remote = old?.remoteSelectors ?? payloads.trafficSelectorResponder?.selectors ?? []
            var child = ChildSAParameters(session: sa, nat: established.nat, inboundSPI: request.inboundSPI, outboundSPI: proposal.peerSPI,
                                          proposal: proposal, keys: keys, initiatedByUs: true, localSelectors: local, remoteSelectors: remote)
            child.rekeys = request.old
            established.children.append(ChildSARecord(child, pfsGroup: group))
            if let collision = request.collision,
               collision.ourExchangeIsRedundant(ourNonce: request.nonce, peerNonce: Array(nonce.data)) {
                // §2.8.1: ours has the lowest nonce; we made it, we close it.
                // It never carries traffic here; the peer's replaces the old one.
                logger.info("simultaneous CHILD_SA rekey: ours is redundant; deleting it", metadata: metadata)
                established.update(request.old) {
                    $0.replaced(by: UInt32(truncatingIfNeeded: collision.created), deleteBy: now.advanced(by: Self.deletionGrace))
                }
                sa.state = .established(established)
                enqueue(.deleteChildren([child.inboundSPI]), on: sa, now: now, into: &actions)
                return
            }
            guard old != nil else {
                // The peer deleted the CHILD_SA while we rekeyed it: its
                // successor is not wanted either (§2.25.1).
                logger.info("the CHILD_SA we rekeyed was deleted meanwhile; deleting its successor", metadata: metadata)
                sa.state = .established(established)
                enqueue(.deleteChildren([child.inboundSPI]), on: sa, now: now, into: &actions)
                return
            }
            established.update(request.old) { $0.state = .rekeyed(by: child.inboundSPI) }
            sa.state = .established(established)
            actions.append(.installChildSA(child))
            logger.info("CHILD_SA rekeyed", metadata: metadata.merging(["new_spi_in": "\(Hex.string(child.inboundSPI))"]) { $1 })
            // The initiator of a rekey deletes the old CHILD_SA (§2.8).
            enqueue(.deleteChildren([request.old]), on: sa, now: now, into: &actions)
        } catch {
            logger.notice("CHILD_SA rekey failed: \(error)", metadata: metadata)
            established.update(request.old) { if $0.state == .rekeying { $0.state = .installed } }
            sa.state = .established(established)
        }
    }
}

extension ChildSARecord {
    /// Its algorithms as a policy, so that a rekey answer keeping them is
    /// accepted even after a reload removed them from the configuration.
    var policy: ESPProposalPolicy {
        ESPProposalPolicy(encryption: [encryption], integrity: integrity.map { [$0] } ?? [], extendedSequenceNumbers: [extendedSequenceNumbers],
                          groups: pfsGroup.map { [$0] } ?? [])
    }
}

extension ChildSAParameters {
    /// A CHILD_SA of `sa`'s session between its current addresses. The
    /// keys' first half protects traffic from the exchange's initiator
    /// (RFC 7296 §2.17), which is us when `initiatedByUs`.
    init(session sa: IKESA, nat: NATDetection.Result?, inboundSPI: UInt32, outboundSPI: UInt32, proposal: SelectedESPProposal,
         keys: ChildSAKeys, initiatedByUs: Bool, localSelectors: [TrafficSelector], remoteSelectors: [TrafficSelector]) {
        self.init(ikeSPI: sa.sessionID, inboundSPI: inboundSPI, outboundSPI: outboundSPI, encryption: proposal.encryption,
                  integrity: proposal.integrity, extendedSequenceNumbers: proposal.extendedSequenceNumbers,
                  inboundEncryptionKey: initiatedByUs ? keys.responderEncryption : keys.initiatorEncryption,
                  inboundIntegrityKey: initiatedByUs ? keys.responderIntegrity : keys.initiatorIntegrity,
                  outboundEncryptionKey: initiatedByUs ? keys.initiatorEncryption : keys.responderEncryption,
                  outboundIntegrityKey: initiatedByUs ? keys.initiatorIntegrity : keys.responderIntegrity,
                  localSelectors: localSelectors, remoteSelectors: remoteSelectors, local: sa.local, remote: sa.remote,
                  udpEncapsulation: nat?.any ?? false)
    }
}
