import IKECrypto
import IKEWire
import Logging

/// IKE_SA_INIT as responder (RFC 7296 §1.2), with the denial-of-service
/// defences of §2.6 ahead of any expensive work.
extension IKEEngine {
    /// Nonces must be 16 to 256 octets (RFC 7296 §2.10).
    static let nonceLengths = 16...256
    /// Our nonce length: at least half the PRF key size for every PRF we use.
    static let ourNonceLength = 32
    /// The hashes we accept for RFC 7427 signatures and announce.
    static let signatureHashes: [SignatureHashAlgorithm] = [.sha256, .sha384, .sha512]
    /// The same hashes as digests, for verifying method 14 AUTH payloads.
    static let acceptedSignatureDigests: Set<DigestAlgorithm> = [.sha256, .sha384, .sha512]

    func receiveInitRequest(_ datagram: InboundDatagram, header: IKEHeader, now: EngineInstant) -> [EngineAction] {
        let peer = datagram.remote
        let metadata: Logger.Metadata = ["peer": "\(peer)", "spi_i": "\(hex(header.initiatorSPI))"]
        guard header.flags.contains(.initiator), header.messageID == 0, header.initiatorSPI != 0 else {
            logger.debug("malformed IKE_SA_INIT request header dropped", metadata: metadata)
            return []
        }

        // A retransmission of a request we already answered: same answer.
        let key = InitRequestKey(remote: peer, initiatorSPI: header.initiatorSPI)
        if let spi = initRequests[key], let sa = sas[spi], let response = sa.lastResponse {
            return response.datagrams.map { .send(OutboundDatagram(local: sa.local, remote: sa.remote, message: $0)) }
        }

        // Cheap limits first: they cost a dictionary look-up each. Drops are
        // counted, and logged only at debug: under a flood a line per
        // packet would be a flood of its own; the runtime logs the counts
        // (EngineLoad) once when the load begins and once when it ends.
        let policy = configuration.denialOfService
        guard halfOpenCount < policy.maximumHalfOpen else {
            loadAccounting.dropped(by: .total, at: now)
            logger.debug("half-open IKE SA limit reached, IKE_SA_INIT dropped", metadata: metadata)
            return []
        }
        guard halfOpenBySource[peer.address, default: 0] < policy.halfOpenPerSource else {
            loadAccounting.dropped(by: .perSource, at: now)
            logger.debug("per-source half-open limit reached, IKE_SA_INIT dropped", metadata: metadata)
            return []
        }

        let payloads: [IKEPayload]
        do {
            payloads = try ReceivedIKEMessage(decoding: datagram.message).message.payloads
        } catch {
            logger.info("malformed IKE_SA_INIT request: \(error)", metadata: metadata)
            if case .unsupportedCriticalPayload(let type) = error.reason {
                return [statelessReply(to: header, datagram, .unsupportedCriticalPayload, data: [type.rawValue])]
            }
            return []
        }
        guard let offer = payloads.securityAssociation, let keyExchange = payloads.keyExchange, let nonce = payloads.nonce,
              Self.nonceLengths.contains(nonce.data.count)
        else {
            logger.info("IKE_SA_INIT request without SA, KE or a valid nonce", metadata: metadata)
            return [statelessReply(to: header, datagram, .invalidSyntax)]
        }

        // Cookies (RFC 7296 §2.6) once half-open SAs pile up. The COOKIE must
        // be the first payload of the retried request.
        if halfOpenCount >= policy.cookieThreshold {
            let presented: NotifyPayload? = if case .notify(let first)? = payloads.first, first.type == .cookie { first } else { nil }
            guard let presented, cookies.isValid(presented.data, nonce: nonce.data, address: peer.address,
                                                  spi: header.initiatorSPI, now: now) else {
                guard let cookie = try? cookies.cookie(nonce: nonce.data, address: peer.address, spi: header.initiatorSPI, now: now) else {
                    return []
                }
                loadAccounting.cookieDemanded()
                logger.debug("cookie demanded", metadata: metadata)
                return [statelessReply(to: header, datagram, .cookie, data: cookie)]
            }
        }

        let selected: SelectedIKEProposal
        switch ProposalSelector.selectIKE(from: offer, policies: configuration.ikeProposals, keyExchangeGroup: keyExchange.group) {
        case .selected(let match):
            selected = match
        case .invalidKE(let group):
            logger.info("KE group \(keyExchange.group) not acceptable, asking for \(group)", metadata: metadata)
            let groupID = group.rawValue
            return [statelessReply(to: header, datagram, .invalidKEPayload,
                                   data: [UInt8(truncatingIfNeeded: groupID >> 8), UInt8(truncatingIfNeeded: groupID)])]
        case .noProposalChosen:
            logger.notice("no acceptable IKE proposal", metadata: metadata.merging(
                ["offered": "\(offer.proposals.map { $0.transforms.map(\.description).joined(separator: "/") })"]) { $1 })
            return [statelessReply(to: header, datagram, .noProposalChosen)]
        }

        // From here on the work is expensive: Diffie-Hellman and key derivation.
        do {
            return try respond(to: datagram, header: header, payloads: payloads, selected: selected,
                               peerKE: keyExchange, peerNonce: nonce, now: now)
        } catch {
            logger.info("IKE_SA_INIT failed: \(error)", metadata: metadata)
            return []
        }
    }

    private func respond(to datagram: InboundDatagram, header: IKEHeader, payloads: [IKEPayload], selected: SelectedIKEProposal,
                         peerKE: KeyExchangePayload, peerNonce: NoncePayload, now: EngineInstant) throws -> [EngineAction] {
        let keyPair = try KeyExchangePrivateKey(group: selected.group)
        // Fails on a public value that is the wrong length or out of range (RFC 6989).
        let sharedSecret = try keyPair.sharedSecret(peerPublicValue: peerKE.data)
        let ourSPI = allocateSPI()
        let nonce = secureRandomBytes(Self.ourNonceLength)
        let keys = try IKESAKeys.derive(suite: selected.suite, sharedSecret: sharedSecret, initiatorNonce: peerNonce.data,
                                        responderNonce: nonce, initiatorSPI: header.initiatorSPI, responderSPI: ourSPI)
        let nat = try NATDetection.evaluate(payloads, initiatorSPI: header.initiatorSPI, responderSPI: 0,
                                            local: datagram.local, remote: datagram.remote)
        let peerSupportsFragmentation = payloads.notify(.fragmentationSupported) != nil
        let peerHashes = payloads.notify(.signatureHashAlgorithms).map(Self.signatureHashes(in:))

        var response: [IKEPayload] = [
            .securityAssociation(SecurityAssociationPayload(proposals: [selected.responseProposal])),
            .keyExchange(KeyExchangePayload(group: KeyExchangeMethodID(rawValue: selected.group.rawValue), data: ArraySlice(keyPair.publicValue))),
            .nonce(NoncePayload(data: ArraySlice(nonce))),
        ]
        if let request = configuration.clientCertificates?.certificateRequest {
            // RFC 7296 §1.2: [CERTREQ] follows Nr; the CAs client certificates
            // must chain to, so the client can pick its certificate.
            response.append(.certificateRequest(request))
        }
        if nat != nil {
            response += try NATDetection.notifies(initiatorSPI: header.initiatorSPI, responderSPI: ourSPI,
                                                  local: datagram.local, remote: datagram.remote)
        }
        if peerSupportsFragmentation {
            response.append(.notify(NotifyPayload(type: .fragmentationSupported)))
        }
        if peerHashes != nil {
            response.append(.notify(NotifyPayload(type: .signatureHashAlgorithms, data: ArraySlice(Self.encode(Self.signatureHashes)))))
        }
        let responseHeader = IKEHeader(initiatorSPI: header.initiatorSPI, responderSPI: ourSPI, exchangeType: .ikeSAInit,
                                       flags: .response, messageID: 0)
        let responseBytes = IKEMessage(header: responseHeader, payloads: response).encode()

        let state = InitDoneState(
            suite: selected.suite, group: selected.group, keys: keys,
            protection: try IKEMessageProtection(suite: selected.suite, keys: keys, role: .responder),
            initiatorNonce: Array(peerNonce.data), responderNonce: nonce,
            initiatorMessage: datagram.message, responderMessage: responseBytes,
            nat: nat, peerSupportsFragmentation: peerSupportsFragmentation, peerSignatureHashes: peerHashes)
        let sa = IKESA(ourSPI: ourSPI, peerSPI: header.initiatorSPI, role: .responder, local: datagram.local,
                       remote: datagram.remote, state: .initDone(state))
        sa.lastResponse = CachedResponse(messageID: 0, datagrams: [responseBytes])
        sa.nextPeerRequestID = 1
        insert(sa, now: now)
        initRequests[InitRequestKey(remote: datagram.remote, initiatorSPI: header.initiatorSPI)] = ourSPI

        logAnnouncements(in: payloads, peer: datagram.remote, spi: ourSPI)
        logger.debug("IKE_SA_INIT answered", metadata: ["peer": "\(datagram.remote)", "spi": "\(hex(ourSPI))",
                                                          "suite": "\(selected.suite)/\(selected.group)", "nat": "\(nat.map { "\($0)" } ?? "no NAT-D")"])
        return [
            .send(OutboundDatagram(local: datagram.local, remote: datagram.remote, message: responseBytes)),
            .event(.keysEstablished(spi: ourSPI, peer: datagram.remote, suite: "\(selected.suite)/\(selected.group)",
                                    natDetected: nat?.any ?? false)),
        ]
    }

    /// An unprotected IKE_SA_INIT error or cookie response that creates no
    /// state; the responder SPI stays zero (RFC 7296 §1.2, §2.6).
    func statelessReply(to request: IKEHeader, _ datagram: InboundDatagram, _ type: NotifyType, data: [UInt8] = []) -> EngineAction {
        let header = IKEHeader(initiatorSPI: request.initiatorSPI, responderSPI: 0, exchangeType: .ikeSAInit,
                               flags: .response, messageID: 0)
        let message = IKEMessage(header: header, payloads: [.notify(NotifyPayload(type: type, data: ArraySlice(data)))])
        return .send(OutboundDatagram(local: datagram.local, remote: datagram.remote, message: message.encode()))
    }

    /// The hash IDs in a SIGNATURE_HASH_ALGORITHMS notify (two octets each).
    static func signatureHashes(in notify: NotifyPayload) -> [SignatureHashAlgorithm] {
        stride(from: notify.data.startIndex, to: notify.data.endIndex - 1, by: 2).map {
            SignatureHashAlgorithm(rawValue: UInt16(notify.data[$0]) << 8 | UInt16(notify.data[$0 + 1]))
        }
    }

    static func encode(_ hashes: [SignatureHashAlgorithm]) -> [UInt8] {
        hashes.flatMap { [UInt8(truncatingIfNeeded: $0.rawValue >> 8), UInt8(truncatingIfNeeded: $0.rawValue)] }
    }
}
