import IKECrypto
import IKEWire
import Logging

/// Sending and receiving protected messages on an IKE SA: the Message ID
/// window of one (RFC 7296 §2.3), cached responses for retransmitted requests
/// (§2.1), and fragmentation both ways (RFC 7383).
extension IKEEngine {
    /// The outcome of opening a protected message.
    enum Opened {
        /// A new request or the awaited response, decrypted.
        case message(IKEHeader, [IKEPayload])
        /// Nothing to process (a retransmission answered from cache, a
        /// fragment of an incomplete message, or a message to drop).
        case none
    }

    /// Decrypts a message on `sa`, applying the Message ID rules: a request
    /// must carry the next ID (a repeat of the previous one gets the cached
    /// response), a response must answer our outstanding request.
    func open(_ datagram: InboundDatagram, header: IKEHeader, on sa: IKESA, ike: InitDoneState,
              into actions: inout [EngineAction]) -> Opened {
        let metadata: Logger.Metadata = ["peer": "\(datagram.remote)", "spi": "\(hex(sa.ourSPI))", "mid": "\(header.messageID)"]
        if header.isResponse {
            guard let request = sa.outstandingRequest, request.messageID == header.messageID else {
                logger.debug("response to no outstanding request dropped", metadata: metadata)
                return .none
            }
        } else if header.messageID != sa.nextPeerRequestID {
            if let cached = sa.lastResponse, cached.messageID == header.messageID {
                // To where the retransmission came from (RFC 7296 §2.11).
                actions += cached.datagrams.map { .send(OutboundDatagram(local: datagram.local, remote: datagram.remote, message: $0)) }
            } else {
                logger.debug("request outside the window dropped", metadata: metadata)
            }
            return .none
        }

        let received: ReceivedIKEMessage
        do {
            received = try ReceivedIKEMessage(decoding: datagram.message)
        } catch {
            logger.info("undecodable message dropped: \(error)", metadata: metadata)
            return .none
        }
        let opened = decrypt(received, header: header, on: sa, ike: ike, metadata: metadata, into: &actions)
        if case .message = opened {
            if !header.isResponse { sa.responsePath = (datagram.local, datagram.remote) }
            if datagram.local != sa.local || datagram.remote != sa.remote {
                followAddressChange(sa, to: datagram, ike: ike, into: &actions)
            }
        }
        return opened
    }

    /// RFC 7296 §2.23: once a NAT is detected the initiator moves IKE to port
    /// 4500, and a NAT may change the peer's mapping; an authenticated message
    /// from the new address is where our requests go from then on, and the
    /// CHILD_SAs' ESP too. Without a NAT, addresses only change through
    /// MOBIKE, and once MOBIKE is in use only through its UPDATE_SA_ADDRESSES
    /// (RFC 4555 §3.8), never implicitly.
    private func followAddressChange(_ sa: IKESA, to datagram: InboundDatagram, ike: InitDoneState, into actions: inout [EngineAction]) {
        let floated = datagram.local.port == Endpoint.natTraversalPort && sa.local.port != Endpoint.natTraversalPort
        var established: EstablishedState?
        if case .established(let state) = sa.state { established = state }
        if established?.mobike == true { return }
        guard floated || ((established?.nat ?? ike.nat)?.any ?? false) else { return }
        logger.info("peer moved", metadata: ["spi": "\(hex(sa.ourSPI))", "from": "\(sa.remote)", "to": "\(datagram.remote)"])
        sa.local = datagram.local
        sa.remote = datagram.remote
        if let established { moveChildren(established, local: sa.local, remote: sa.remote, into: &actions) }
    }

    private func decrypt(_ received: ReceivedIKEMessage, header: IKEHeader, on sa: IKESA, ike: InitDoneState,
                         metadata: Logger.Metadata, into actions: inout [EngineAction]) -> Opened {
        let protection = ike.protection
        do throws(IKEProtectionError) {
            switch received.message.payloads.last {
            case .encryptedFragment?:
                let fragment = try protection.unprotectFragment(received)
                if sa.reassembly?.messageID != header.messageID || sa.reassembly?.total != fragment.total {
                    sa.reassembly = FragmentReassembly(messageID: header.messageID, total: fragment.total)
                }
                do {
                    guard let (first, bytes) = try sa.reassembly?.add(fragment, policy: configuration.fragmentation) else { return .none }
                    sa.reassembly = nil
                    return .message(header, try decodeInner(first: first, bytes: bytes))
                } catch {
                    logger.notice("fragmented message refused: \(error)", metadata: metadata)
                    sa.reassembly = nil
                    return .none
                }
            default:
                return .message(header, try protection.unprotect(received))
            }
        } catch .decoding(let error) where !header.isResponse {
            // Authenticated but malformed. An unknown critical payload is
            // answered as RFC 7296 §2.5 says; anything else is dropped, and the
            // peer's retransmission or timeout ends the exchange.
            logger.info("malformed request: \(error)", metadata: metadata)
            if case .unsupportedCriticalPayload(let type) = error.reason {
                respond([.notify(NotifyPayload(type: .unsupportedCriticalPayload, data: [type.rawValue]))], to: header.messageID,
                        exchange: header.exchangeType, on: sa, ike: ike, into: &actions)
            }
            return .none
        } catch {
            // Unauthenticated: dropped without a word (RFC 7296 §2.21.2).
            logger.info("message failed protection checks: \(error)", metadata: metadata)
            return .none
        }
    }

    private func decodeInner(first: PayloadType, bytes: [UInt8]) throws(IKEProtectionError) -> [IKEPayload] {
        do {
            return try PayloadChain.decode(first: first, bytes: bytes[...])
        } catch {
            throw .decoding(error)
        }
    }

    /// Protects `payloads` into one message or, when the peer supports it and
    /// the message is too long, into fragments (RFC 7383 §2.5).
    func protectedDatagrams(_ payloads: [IKEPayload], header: IKEHeader, sa: IKESA, ike: InitDoneState) throws -> [[UInt8]] {
        let policy = configuration.fragmentation
        let whole = try ike.protection.protect(header: header, payloads: payloads)
        guard policy.enabled, ike.peerSupportsFragmentation, whole.count > policy.maximumMessageLength else { return [whole] }
        return try ike.protection.protectFragments(header: header, payloads: payloads, maximumMessageLength: policy.maximumMessageLength)
    }

    /// Sends the response to the peer's request `messageID` and caches it.
    func respond(_ payloads: [IKEPayload], to messageID: UInt32, exchange: ExchangeType, on sa: IKESA, ike: InitDoneState,
                 into actions: inout [EngineAction]) {
        let header = IKEHeader(initiatorSPI: sa.initiatorSPI, responderSPI: sa.responderSPI, exchangeType: exchange,
                               flags: sa.role == .initiator ? [.response, .initiator] : .response, messageID: messageID)
        do {
            let datagrams = try protectedDatagrams(payloads, header: header, sa: sa, ike: ike)
            sa.lastResponse = CachedResponse(messageID: messageID, datagrams: datagrams)
            sa.nextPeerRequestID = messageID &+ 1
            // To where the request came from (RFC 7296 §2.11).
            let (local, remote) = sa.responsePath ?? (sa.local, sa.remote)
            actions += datagrams.map { .send(OutboundDatagram(local: local, remote: remote, message: $0)) }
        } catch {
            logger.error("cannot protect response: \(error)", metadata: ["spi": "\(hex(sa.ourSPI))"])
        }
    }

    /// Sends a new request of ours and keeps it for retransmission.
    func request(_ payloads: [IKEPayload], exchange: ExchangeType, on sa: IKESA, ike: InitDoneState, now: EngineInstant,
                 into actions: inout [EngineAction]) {
        let messageID = sa.nextOwnRequestID
        let header = IKEHeader(initiatorSPI: sa.initiatorSPI, responderSPI: sa.responderSPI, exchangeType: exchange,
                               flags: sa.role == .initiator ? .initiator : [], messageID: messageID)
        do {
            let datagrams = try protectedDatagrams(payloads, header: header, sa: sa, ike: ike)
            sa.nextOwnRequestID = messageID &+ 1
            sa.outstandingRequest = OutstandingRequest(messageID: messageID, datagrams: datagrams, transmissions: 1,
                                                       deadline: now.advanced(by: configuration.retransmission.timeout(afterTransmission: 1)))
            actions += datagrams.map { .send(OutboundDatagram(local: sa.local, remote: sa.remote, message: $0)) }
        } catch {
            logger.error("cannot protect request: \(error)", metadata: ["spi": "\(hex(sa.ourSPI))"])
        }
    }
}
