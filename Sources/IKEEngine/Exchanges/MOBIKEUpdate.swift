import IKECrypto
import IKEWire
import Logging

/// MOBIKE (RFC 4555). The gateway is single-homed: it announces
/// NO_ADDITIONAL_ADDRESSES and never moves; the client (the original
/// initiator, which decides, §3.1) moves with UPDATE_SA_ADDRESSES, and the
/// SA and its CHILD_SAs follow the addresses that request came from. Once
/// MOBIKE is in use, nothing else moves an SA (§3.8: no implicit updates).
/// The engine's own client can move too, for tests and benchmarks.
extension IKEEngine {
    /// The payloads that announce MOBIKE in IKE_AUTH (RFC 4555 §3.2, §3.4),
    /// as the gateway sends them: it has no other address to offer.
    static let mobikeAnnouncement: [IKEPayload] = [
        .notify(NotifyPayload(type: .mobikeSupported)),
        .notify(NotifyPayload(type: .noAdditionalAddresses)),
    ]

    /// UPDATE_SA_ADDRESSES from the peer: the SA moves to the addresses the
    /// request came from, NAT detection runs again on its NAT_DETECTION
    /// notifies (§3.5), and every CHILD_SA follows, UDP-encapsulated if a
    /// NAT is now in the way. Returns our NAT_DETECTION notifies for the
    /// response.
    func updateAddresses(_ payloads: [IKEPayload], on sa: IKESA, _ established: inout EstablishedState,
                         into actions: inout [EngineAction]) -> [IKEPayload] {
        let metadata: Logger.Metadata = ["spi": "\(hex(sa.ourSPI))", "peer": "\(sa.remote)"]
        guard established.mobike else {
            logger.info("UPDATE_SA_ADDRESSES on an SA without MOBIKE ignored", metadata: metadata)
            return []
        }
        let (local, remote) = sa.responsePath ?? (sa.local, sa.remote)
        let nat: NATDetection.Result?
        let notifies: [IKEPayload]
        do {
            nat = try NATDetection.evaluate(payloads, initiatorSPI: sa.initiatorSPI, responderSPI: sa.responderSPI, local: local, remote: remote)
            notifies = nat == nil ? [] : try NATDetection.notifies(initiatorSPI: sa.initiatorSPI, responderSPI: sa.responderSPI,
                                                                   local: local, remote: remote)
        } catch {
            logger.error("NAT detection failed: \(error)", metadata: metadata)
            return []
        }
        logger.info("peer moved (MOBIKE)", metadata: metadata.merging([
            "from": "\(sa.remote)", "to": "\(remote)", "nat": "\(nat.map { "\($0)" } ?? "no NAT-D")",
        ]) { $1 })
        sa.local = local
        sa.remote = remote
        established.nat = nat
        moveChildren(established, local: local, remote: remote, into: &actions)
        return notifies
    }

    /// Points every CHILD_SA at the SA's current addresses.
    func moveChildren(_ established: EstablishedState, local: Endpoint, remote: Endpoint, into actions: inout [EngineAction]) {
        let encapsulate = established.nat?.any ?? false
        actions += established.children.map {
            .updateChildSA(inboundSPI: $0.inboundSPI, local: local, remote: remote, udpEncapsulation: encapsulate)
        }
    }

    // MARK: - As the client

    /// Moves our end of session `spi` to `local` and tells the peer
    /// (UPDATE_SA_ADDRESSES, RFC 4555 §3.5). Only with MOBIKE in use.
    public func move(session spi: UInt64, to local: Endpoint, now: EngineInstant) -> [EngineAction] {
        guard let sa = sa(for: spi), case .established(let established) = sa.state, established.mobike, sa.role == .initiator else { return [] }
        sa.local = local
        var actions: [EngineAction] = []
        enqueue(.updateAddresses, on: sa, now: now, into: &actions)
        return actions
    }

    func startAddressUpdate(on sa: IKESA, _ established: EstablishedState, now: EngineInstant, into actions: inout [EngineAction]) {
        let cookie = secureRandomBytes(16)
        var payloads: [IKEPayload] = [.notify(NotifyPayload(type: .updateSAAddresses))]
        if established.nat != nil, let notifies = try? NATDetection.notifies(initiatorSPI: sa.initiatorSPI, responderSPI: sa.responderSPI,
                                                                            local: sa.local, remote: sa.remote) {
            payloads += notifies
        }
        payloads.append(.notify(NotifyPayload(type: .cookie2, data: ArraySlice(cookie))))
        sa.exchange = .updateAddresses(cookie: cookie)
        request(payloads, exchange: .informational, on: sa, ike: established.ike, now: now, into: &actions)
    }

    func addressUpdateAnswered(_ payloads: [IKEPayload], cookie: [UInt8], on sa: IKESA, into actions: inout [EngineAction]) {
        guard case .established(var established) = sa.state else { return }
        // §3.8: a response without our COOKIE2 does not prove the path.
        guard let echoed = payloads.notify(.cookie2), echoed.data.elementsEqual(cookie) else {
            logger.notice("address update answered without our COOKIE2; ignored", metadata: ["spi": "\(hex(sa.ourSPI))"])
            return
        }
        established.nat = (try? NATDetection.evaluate(payloads, initiatorSPI: sa.initiatorSPI, responderSPI: sa.responderSPI,
                                                      local: sa.local, remote: sa.remote)) ?? nil
        sa.state = .established(established)
        moveChildren(established, local: sa.local, remote: sa.remote, into: &actions)
    }
}
