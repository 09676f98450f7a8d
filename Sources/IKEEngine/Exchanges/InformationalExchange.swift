import IKECrypto
import IKEWire
import Logging

/// INFORMATIONAL requests on an established IKE SA (RFC 7296 §1.4): Delete
/// of the IKE SA or of CHILD_SAs, MOBIKE address updates and return
/// routability checks (RFC 4555), and liveness checks, which are answered
/// with an empty response.
extension IKEEngine {
    func informationalRequest(_ payloads: [IKEPayload], messageID: UInt32, on sa: IKESA, now: EngineInstant,
                              into actions: inout [EngineAction]) {
        guard case .established(var established) = sa.state else { return }
        if payloads.deletes.contains(where: { $0.protocolID == .ike }) {
            // RFC 7296 §1.4.1: answer with an empty INFORMATIONAL, then the SA is gone.
            respond([], to: messageID, exchange: .informational, on: sa, ike: established.ike, into: &actions)
            // In a simultaneous rekey whose answer to us is still on its
            // way, the peer deleting the old SA means its rekey won
            // (§2.8.2): the session moves to the IKE SA that rekey made.
            if case .rekeyIKESA(let ours) = sa.exchange, let created = ours.collision?.created, let theirs = sas[created] {
                transferSession(from: sa, to: theirs, now: now, into: &actions)
            }
            // Our own Delete (a session timeout, say) may be crossing
            // theirs: then the reason is still ours.
            remove(sa, reason: "deleted by the peer", cause: sa.closingCause ?? .peerDeleted, into: &actions)
            return
        }
        var answer: [IKEPayload] = []
        let deleted = payloads.deletes.filter { $0.protocolID == .esp }.flatMap(\.spis)
        if !deleted.isEmpty {
            answer += deleteChildren(named: deleted, on: sa, &established, into: &actions)
        }
        if payloads.notify(.updateSAAddresses) != nil {
            answer += updateAddresses(payloads, on: sa, &established, into: &actions)
        }
        if let cookie = payloads.notify(.cookie2) {
            // RFC 4555 §3.8: a return routability check; COOKIE2 comes back as it was.
            answer.append(.notify(NotifyPayload(type: .cookie2, data: cookie.data)))
        }
        sa.state = .established(established)
        // Anything else, an empty request included, is a liveness check: an
        // empty response is the answer.
        respond(answer, to: messageID, exchange: .informational, on: sa, ike: established.ike, into: &actions)
    }

    /// The peer deletes CHILD_SAs, naming the SPIs it receives on (our
    /// outbound ones); we answer with our inbound SPIs of the same SAs (RFC
    /// 7296 §1.4.1). One we are deleting ourselves is answered without its
    /// SPI, "since that would result in duplicate deletion"; our own
    /// response removes it.
    private func deleteChildren(named spis: [UInt32], on sa: IKESA, _ established: inout EstablishedState,
                                into actions: inout [EngineAction]) -> [IKEPayload] {
        let unknown = spis.filter { spi in !established.children.contains { $0.outboundSPI == spi } }
        var ours: [UInt32] = []
        for child in established.children where spis.contains(child.outboundSPI) && child.state != .deleting {
            ours.append(child.inboundSPI)
            if !sa.childStopped { actions.append(.deleteChildSA(inboundSPI: child.inboundSPI, ikeSPI: sa.sessionID)) }
            sa.inboundSeen[child.inboundSPI] = nil
        }
        established.children.removeAll { ours.contains($0.inboundSPI) }
        established.retryChildRekeys = established.retryChildRekeys.filter { !ours.contains($0.key) }
        if !ours.isEmpty {
            logger.info("CHILD_SA deleted by the peer", metadata: [
                "spi": "\(hex(sa.ourSPI))", "spi_in": "\(ours.map { Hex.string($0) })", "remaining": "\(established.children.count)",
            ])
        }
        if !unknown.isEmpty {
            logger.debug("Delete for CHILD_SAs we do not have", metadata: ["spi": "\(hex(sa.ourSPI))", "spis": "\(unknown.map { Hex.string($0) })"])
        }
        return ours.isEmpty ? [] : [.delete(DeletePayload(protocolID: .esp, spis: ours))]
    }

    /// The peer answered our Delete of these CHILD_SAs: both directions are gone.
    func childrenDeleted(_ spis: [UInt32], on sa: IKESA, into actions: inout [EngineAction]) {
        // The session may have moved to a rekeyed IKE SA meanwhile.
        guard let sa = sa.holdsSession ? sa : self.sa(for: sa.sessionID), case .established(var established) = sa.state else { return }
        for spi in spis where established.child(inbound: spi) != nil {
            if !sa.childStopped { actions.append(.deleteChildSA(inboundSPI: spi, ikeSPI: sa.sessionID)) }
            sa.inboundSeen[spi] = nil
        }
        established.children.removeAll { spis.contains($0.inboundSPI) }
        established.retryChildRekeys = established.retryChildRekeys.filter { !spis.contains($0.key) }
        sa.state = .established(established)
    }
}
