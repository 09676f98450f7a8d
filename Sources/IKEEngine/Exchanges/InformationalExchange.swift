import IKECrypto
import IKEWire
import Logging

/// INFORMATIONAL on an established IKE SA (RFC 7296 §1.4): liveness checks,
/// Delete of the IKE SA or its CHILD_SA, and our own Delete on terminate.
extension IKEEngine {
    func receiveEstablished(_ datagram: InboundDatagram, header: IKEHeader, on sa: IKESA, established: EstablishedState,
                            now: EngineInstant, into actions: inout [EngineAction]) {
        guard case .message(let header, let payloads) = open(datagram, header: header, on: sa, ike: established.ike, into: &actions) else { return }
        if header.isResponse {
            sa.outstandingRequest = nil
            // Our only request on an established SA is the Delete of
            // terminate() or supersede(); an error answer changes nothing.
            if let error = errorNotify(in: payloads) {
                logger.info("peer answered our Delete with \(error.logDescription)", metadata: ["spi": "\(hex(sa.ourSPI))"])
            }
            remove(sa, reason: sa.closingReason ?? "deleted", cause: sa.closingCause ?? .terminated, into: &actions)
            return
        }
        logUnrecognizedNotifies(in: payloads, peer: sa.remote, spi: sa.ourSPI)
        switch header.exchangeType {
        case .informational:
            informationalRequest(payloads, messageID: header.messageID, on: sa, established: established, into: &actions)
        case .createChildSA:
            // Rekeying and further CHILD_SAs come with the lifecycle issue.
            respond([.notify(NotifyPayload(type: .noAdditionalSAs))], to: header.messageID, exchange: .createChildSA,
                    on: sa, ike: established.ike, into: &actions)
        default:
            logger.debug("\(header.exchangeType) request on an established SA ignored", metadata: ["spi": "\(hex(sa.ourSPI))"])
        }
    }

    private func informationalRequest(_ payloads: [IKEPayload], messageID: UInt32, on sa: IKESA, established: EstablishedState,
                                      into actions: inout [EngineAction]) {
        if payloads.deletes.contains(where: { $0.protocolID == .ike }) {
            // RFC 7296 §1.4.1: answer with an empty INFORMATIONAL, then the SA is gone.
            respond([], to: messageID, exchange: .informational, on: sa, ike: established.ike, into: &actions)
            // Our own Delete (a session timeout, say) may be crossing
            // theirs: then the reason is still ours.
            remove(sa, reason: "deleted by the peer", cause: sa.closingCause ?? .peerDeleted, into: &actions)
            return
        }
        var answer: [IKEPayload] = []
        let deletedSPIs = payloads.deletes.filter { $0.protocolID == .esp }.flatMap(\.spis)
        if let ours = established.childInboundSPI, !deletedSPIs.isEmpty {
            // The peer deletes its inbound SPI; we answer with ours (§1.4.1).
            answer.append(.delete(DeletePayload(protocolID: .esp, spis: [ours])))
            actions.append(.deleteChildSA(inboundSPI: ours))
            var remaining = established
            remaining.childInboundSPI = nil
            sa.state = .established(remaining)
        }
        // Anything else, an empty request included, is a liveness check: an
        // empty response is the answer.
        respond(answer, to: messageID, exchange: .informational, on: sa, ike: established.ike, into: &actions)
    }

    /// Deletes an established IKE SA: sends INFORMATIONAL with Delete and
    /// removes the SA when the peer answers or retransmissions give up.
    /// `cause` is what the deletion event reports.
    public func terminate(spi: UInt64, cause: SAEndCause = .terminated, now: EngineInstant) -> [EngineAction] {
        guard let sa = sas[spi], case .established(let established) = sa.state, sa.outstandingRequest == nil else { return [] }
        var actions: [EngineAction] = []
        sa.closingReason = "\(cause)"
        sa.closingCause = cause
        stopChild(of: sa, established, into: &actions)
        request([.delete(.ikeSA)], exchange: .informational, on: sa, ike: established.ike, now: now, into: &actions)
        reschedule(sa)
        return actions
    }

    /// Deleting an IKE SA closes its CHILD_SAs (RFC 7296 §1.4.1): the
    /// traffic stops as our Delete leaves, not when the peer answers, so a
    /// peer that never answers cannot keep a terminated tunnel open for the
    /// whole retransmission schedule.
    private func stopChild(of sa: IKESA, _ established: EstablishedState, into actions: inout [EngineAction]) {
        guard let spi = established.childInboundSPI, !sa.childStopped else { return }
        sa.childStopped = true
        actions.append(.deleteChildSA(inboundSPI: spi))
    }

    /// Deletes an IKE SA that a newer one of the same user replaces (RFC
    /// 7296 §2.4). Its address has already passed to the new SA. The peer
    /// is told with a Delete when possible; an SA already waiting on a
    /// request of ours is removed at once.
    public func supersede(spi: UInt64, now: EngineInstant) -> [EngineAction] {
        guard let sa = sas[spi], case .established(let established) = sa.state else { return [] }
        logger.info("IKE SA replaced by a newer one of the same user", metadata: ["peer": "\(sa.remote)", "spi": "\(hex(spi))",
                                                                                   "user": "\(established.user)"])
        identities.remove(spi, user: established.user)
        var actions: [EngineAction] = []
        sa.closingReason = "replaced by a newer SA of the same user"
        sa.closingCause = .replaced
        if sa.outstandingRequest == nil {
            stopChild(of: sa, established, into: &actions)
            request([.delete(.ikeSA)], exchange: .informational, on: sa, ike: established.ike, now: now, into: &actions)
            reschedule(sa)
        } else {
            remove(sa, reason: sa.closingReason ?? "replaced", cause: .replaced, into: &actions)
        }
        return actions
    }
}
