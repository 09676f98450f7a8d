import IKECrypto
import IKEWire
import Logging

/// IKE_SA_INIT as initiator (RFC 7296 §1.2), with the COOKIE (§2.6) and
/// INVALID_KE_PAYLOAD (§1.2) restarts. The engine's own test client and, in
/// later issues, gateway-initiated SAs use it.
extension IKEEngine {
    /// Restarts allowed per SA after COOKIE or INVALID_KE_PAYLOAD.
    static let maximumRestarts = 3

    /// Starts an IKE SA towards `remote` and returns our SPI with the
    /// actions that send the request. With `credentials`, IKE_AUTH with
    /// EAP-MSCHAPv2 follows; without, the SA stops after IKE_SA_INIT.
    public func initiate(from local: Endpoint, to remote: Endpoint, credentials: ClientCredentials? = nil,
                         now: EngineInstant) throws -> (spi: UInt64, actions: [EngineAction]) {
        guard let group = configuration.ikeProposals.first?.groups.first else {
            throw CryptoError(.unsupportedAlgorithm, "no IKE proposal configured")
        }
        let ourSPI = allocateSPI()
        var state = InitiatorInitState(keyExchange: try KeyExchangePrivateKey(group: group),
                                       nonce: secureRandomBytes(Self.ourNonceLength), cookie: nil, request: [], restarts: 0)
        state.request = try initRequest(spi: ourSPI, state: state, local: local, remote: remote)
        let sa = IKESA(ourSPI: ourSPI, peerSPI: 0, role: .initiator, local: local, remote: remote, state: .initiatorSentInit(state))
        sa.clientCredentials = credentials
        var actions: [EngineAction] = []
        send(state.request, messageID: 0, for: sa, now: now, into: &actions)
        insert(sa, now: now)
        return (ourSPI, actions)
    }

    /// Sends a request and keeps it for retransmission.
    func send(_ datagram: [UInt8], messageID: UInt32, for sa: IKESA, now: EngineInstant, into actions: inout [EngineAction]) {
        sa.outstandingRequest = OutstandingRequest(messageID: messageID, datagrams: [datagram], transmissions: 1,
                                                   deadline: now.advanced(by: configuration.retransmission.timeout(afterTransmission: 1)))
        actions.append(.send(OutboundDatagram(local: sa.local, remote: sa.remote, message: datagram)))
    }

    /// `[N(COOKIE)] SA KE Ni N(NAT_DETECTION_*) N(FRAG_SUP) N(SIGNATURE_HASH_ALGORITHMS)`,
    /// offering every configured proposal.
    private func initRequest(spi: UInt64, state: InitiatorInitState, local: Endpoint, remote: Endpoint) throws -> [UInt8] {
        var payloads: [IKEPayload] = []
        if let cookie = state.cookie {
            payloads.append(.notify(NotifyPayload(type: .cookie, data: ArraySlice(cookie))))
        }
        let proposals = configuration.ikeProposals.enumerated().map { $0.element.proposal(number: UInt8(truncatingIfNeeded: $0.offset + 1)) }
        payloads += [
            .securityAssociation(SecurityAssociationPayload(proposals: proposals)),
            .keyExchange(KeyExchangePayload(group: KeyExchangeMethodID(rawValue: state.keyExchange.group.rawValue),
                                            data: ArraySlice(state.keyExchange.publicValue))),
            .nonce(NoncePayload(data: ArraySlice(state.nonce))),
        ]
        payloads += try NATDetection.notifies(initiatorSPI: spi, responderSPI: 0, local: local, remote: remote)
        payloads.append(.notify(NotifyPayload(type: .fragmentationSupported)))
        payloads.append(.notify(NotifyPayload(type: .signatureHashAlgorithms, data: ArraySlice(Self.encode(Self.signatureHashes)))))
        let header = IKEHeader(initiatorSPI: spi, responderSPI: 0, exchangeType: .ikeSAInit, flags: .initiator, messageID: 0)
        return IKEMessage(header: header, payloads: payloads).encode()
    }

    func receiveInitResponse(_ datagram: InboundDatagram, for sa: IKESA, now: EngineInstant, into actions: inout [EngineAction]) {
        guard case .initiatorSentInit(var state) = sa.state else { return }
        let metadata: Logger.Metadata = ["peer": "\(sa.remote)", "spi": "\(hex(sa.ourSPI))"]
        let message: IKEMessage
        do {
            message = try ReceivedIKEMessage(decoding: datagram.message).message
        } catch {
            // Unauthenticated and unparseable: keep waiting for a good answer.
            logger.info("malformed IKE_SA_INIT response ignored: \(error)", metadata: metadata)
            return
        }
        let payloads = message.payloads

        if payloads.securityAssociation == nil, let cookie = payloads.notify(.cookie) {
            guard state.restarts < Self.maximumRestarts, !cookie.data.isEmpty, cookie.data.count <= 64 else {
                return remove(sa, reason: "responder keeps demanding cookies", into: &actions)
            }
            state.cookie = Array(cookie.data)
            return restart(sa, state, now: now, into: &actions)
        }
        if let invalidKE = payloads.notify(.invalidKEPayload) {
            let requested = invalidKE.data.count == 2 ? UInt16(invalidKE.data[invalidKE.data.startIndex]) << 8 | UInt16(invalidKE.data.last ?? 0) : 0
            // Only a group we offered, and not the one we just used (RFC 7296 §1.2).
            guard state.restarts < Self.maximumRestarts, let group = KeyExchangeGroup(rawValue: requested),
                  group != state.keyExchange.group, configuration.ikeProposals.contains(where: { $0.groups.contains(group) }),
                  let keyExchange = try? KeyExchangePrivateKey(group: group)
            else {
                return remove(sa, reason: "unusable INVALID_KE_PAYLOAD (group \(requested))", into: &actions)
            }
            logger.debug("responder asked for \(group)", metadata: metadata)
            state.keyExchange = keyExchange
            return restart(sa, state, now: now, into: &actions)
        }
        if let error = errorNotify(in: payloads) {
            return remove(sa, reason: "IKE_SA_INIT refused with \(error.logDescription)", into: &actions)
        }

        do {
            let done = try complete(state, response: datagram, message: message, for: sa)
            sa.peerSPI = message.header.responderSPI
            sa.state = .initDone(done)
            sa.outstandingRequest = nil
            sa.nextOwnRequestID = 1
            actions.append(.event(.keysEstablished(spi: sa.ourSPI, peer: sa.remote, suite: "\(done.suite)/\(done.group)",
                                                   natDetected: done.nat?.any ?? false)))
            if let credentials = sa.clientCredentials {
                startAuthentication(sa, ike: done, credentials: credentials, now: now, into: &actions)
            }
        } catch {
            logger.info("IKE_SA_INIT response rejected: \(error)", metadata: metadata)
            remove(sa, reason: "invalid IKE_SA_INIT response", into: &actions)
        }
    }

    private func restart(_ sa: IKESA, _ state: InitiatorInitState, now: EngineInstant, into actions: inout [EngineAction]) {
        var state = state
        state.restarts += 1
        do {
            state.request = try initRequest(spi: sa.ourSPI, state: state, local: sa.local, remote: sa.remote)
        } catch {
            return remove(sa, reason: "cannot build IKE_SA_INIT request", into: &actions)
        }
        sa.state = .initiatorSentInit(state)
        send(state.request, messageID: 0, for: sa, now: now, into: &actions)
    }

    /// Checks the responder's choice against what we offered and derives the keys.
    private func complete(_ state: InitiatorInitState, response: InboundDatagram, message: IKEMessage, for sa: IKESA) throws -> InitDoneState {
        let payloads = message.payloads
        guard message.header.responderSPI != 0,
              let sa0 = payloads.securityAssociation, sa0.proposals.count == 1, let chosen = sa0.proposals.first,
              let keyExchange = payloads.keyExchange, let nonce = payloads.nonce, Self.nonceLengths.contains(nonce.data.count)
        else { throw CryptoError(.invalidLength, "response lacks SA, KE or a valid nonce") }
        // The answer must be exactly one transform of each type from the proposal it names.
        let offered = configuration.ikeProposals.indices.contains(Int(chosen.number) - 1) ? configuration.ikeProposals[Int(chosen.number) - 1] : nil
        let encryption = chosen.transforms(of: .encryption).compactMap(EncryptionAlgorithm.init)
        let integrity = chosen.transforms(of: .integrity).compactMap(IntegrityAlgorithm.init)
        let prf = chosen.transforms(of: .pseudorandomFunction).compactMap(PRFAlgorithm.init)
        let group = chosen.transforms(of: .keyExchange).compactMap(KeyExchangeGroup.init)
        guard let offered, chosen.protocolID == .ike, chosen.spi.isEmpty,
              encryption.count == 1, prf.count == 1, group.count == 1, integrity.count <= 1,
              chosen.transforms.count == 3 + integrity.count,
              offered.encryption.contains(encryption[0]), offered.prf.contains(prf[0]), offered.groups.contains(group[0]),
              integrity.allSatisfy(offered.integrity.contains),
              group[0] == state.keyExchange.group, keyExchange.group.rawValue == group[0].rawValue
        else { throw CryptoError(.unsupportedAlgorithm, "responder chose something we did not offer") }
        let suite = try IKECipherSuite(encryption: encryption[0], integrity: integrity.first, prf: prf[0])
        let sharedSecret = try state.keyExchange.sharedSecret(peerPublicValue: keyExchange.data)
        let keys = try IKESAKeys.derive(suite: suite, sharedSecret: sharedSecret, initiatorNonce: state.nonce,
                                        responderNonce: nonce.data, initiatorSPI: sa.ourSPI, responderSPI: message.header.responderSPI)
        return InitDoneState(
            suite: suite, group: group[0], keys: keys,
            protection: try IKEMessageProtection(suite: suite, keys: keys, role: .initiator),
            initiatorNonce: state.nonce, responderNonce: Array(nonce.data),
            initiatorMessage: state.request, responderMessage: response.message,
            nat: try NATDetection.evaluate(payloads, initiatorSPI: sa.ourSPI, responderSPI: message.header.responderSPI,
                                           local: response.local, remote: response.remote),
            peerSupportsFragmentation: payloads.notify(.fragmentationSupported) != nil,
            peerSignatureHashes: payloads.notify(.signatureHashAlgorithms).map(Self.signatureHashes(in:)))
    }
}
