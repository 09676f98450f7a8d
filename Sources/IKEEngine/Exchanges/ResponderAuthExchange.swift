import EAP
import IKECrypto
import IKEWire
import Logging

/// IKE_AUTH as responder. A first request with AUTH is a certificate client
/// (see ResponderCertificateAuth.swift); without AUTH it is EAP (RFC 7296
/// §1.2, §2.16), which is how Windows chooses between the two:
///
///     IDi [CERTREQ] SA TSi TSr [CP] ...  →  IDr CERT AUTH EAP(Request/Identity)
///     EAP(Response/Identity)              →  EAP(Request/method)            (service)
///     EAP(Response/method) ...            →  ... EAP(Success)               (service)
///     AUTH (MSK, or SK_pi without one)    →  AUTH (MSK or SK_pr) CP SA TSi TSr
///
/// The EAP method runs in the authentication service; the engine asks for
/// the identity first (Windows requires it), relays the peer's Responses,
/// and accepts only Responses with the identifier of our last Request:
/// an EAP Success or Failure from the peer is a protocol error
/// (CVE-2021-45079 class).
extension IKEEngine {
    /// The first EAP identifier we use.
    static let firstEAPIdentifier: UInt8 = 1

    func receiveAuthRequest(_ datagram: InboundDatagram, header: IKEHeader, on sa: IKESA, ike: InitDoneState,
                            now: EngineInstant, into actions: inout [EngineAction]) {
        guard !header.isResponse, header.exchangeType == .ikeAuth || header.exchangeType == .informational else {
            logger.debug("unexpected \(header.exchangeType) during IKE_AUTH dropped", metadata: ["peer": "\(sa.remote)"])
            return
        }
        guard case .message(let header, let payloads) = open(datagram, header: header, on: sa, ike: ike, into: &actions) else {
            return
        }
        logUnrecognizedNotifies(in: payloads, peer: sa.remote, spi: sa.ourSPI)
        if header.exchangeType == .informational {
            // A client that gives up mid-authentication says so (strongSwan
            // sends N(AUTH_FAILED), others a Delete): answer and forget the SA
            // instead of holding it until the half-open timeout.
            let reason = payloads.notifies.map(\.logDescription).joined(separator: ",")
            respond([], to: header.messageID, exchange: .informational, on: sa, ike: ike, into: &actions)
            actions.append(.event(.authenticationFailed(spi: sa.ourSPI, peer: sa.remote, user: nil,
                                                        reason: "client gave up (\(reason.isEmpty ? "INFORMATIONAL" : reason))")))
            return remove(sa, reason: "client gave up", reported: true, into: &actions)
        }
        switch sa.state {
        case .initDone:
            firstAuthRequest(payloads, messageID: header.messageID, on: sa, ike: ike, now: now, into: &actions)
        case .responderAuthenticating(let auth):
            continueAuthentication(payloads, messageID: header.messageID, on: sa, auth: auth, now: now, into: &actions)
        case .initiatorSentInit, .initiatorAuthenticating, .established, .closed:
            return
        }
    }

    // MARK: - First IKE_AUTH request

    private func firstAuthRequest(_ payloads: [IKEPayload], messageID: UInt32, on sa: IKESA, ike: InitDoneState,
                                  now: EngineInstant, into actions: inout [EngineAction]) {
        let metadata: Logger.Metadata = ["peer": "\(sa.remote)", "spi": "\(hex(sa.ourSPI))"]
        guard let gateway = configuration.gateway else {
            logger.error("IKE_AUTH cannot be answered: no gateway certificate configured", metadata: metadata)
            return refuse(sa, messageID: messageID, ike: ike, .authenticationFailed, reason: "no gateway credentials", into: &actions)
        }
        // RFC 7296 §1.2: IKE_AUTH carries IDi and, to create the CHILD_SA, SA
        // TSi TSr. Their absence must not crash anything (Orange Labs' fuzzing
        // of strongSwan found exactly that), so it is refused instead.
        guard let identity = payloads.identificationInitiator, let offer = payloads.securityAssociation,
              let tsi = payloads.trafficSelectorInitiator, let tsr = payloads.trafficSelectorResponder else {
            logger.info("IKE_AUTH request lacks IDi, SA, TSi or TSr", metadata: metadata)
            return refuse(sa, messageID: messageID, ike: ike, .invalidSyntax, reason: "IKE_AUTH without IDi, SA, TSi or TSr", into: &actions)
        }
        noteUnrequestedAuthority(payloads.certificateRequests, gateway: gateway, metadata: metadata)
        let request = ResponderAuthState(
            ike: ike, peerIdentity: identity, childOffer: offer, initiatorSelectors: tsi, responderSelectors: tsr,
            configurationRequest: payloads.configuration, initialContact: payloads.notify(.initialContact) != nil,
            peerSupportsMOBIKE: payloads.notify(.mobikeSupported) != nil, eapIdentity: nil,
            phase: .awaitingIdentity(identifier: Self.firstEAPIdentifier), certificateClient: payloads.authentication != nil)
        if let signature = payloads.authentication {
            return beginCertificateAuthentication(payloads, signature: signature, request: request, messageID: messageID, on: sa,
                                                  into: &actions)
        }
        let proof: [IKEPayload]
        do {
            proof = try gatewayProof(gateway, ike: ike)
        } catch {
            logger.error("cannot sign our AUTH payload: \(error)", metadata: metadata)
            return refuse(sa, messageID: messageID, ike: ike, .authenticationFailed, reason: "signing failed", into: &actions)
        }
        let identityRequest = EAPMessage(code: .request, identifier: Self.firstEAPIdentifier, type: .identity)
        let response = proof + [.eap(identityRequest)]
        sa.state = .responderAuthenticating(request)
        respond(response, to: messageID, exchange: .ikeAuth, on: sa, ike: ike, into: &actions)
    }

    /// We have one chain and always send it (Windows needs it even without
    /// CERTREQ). If the client's CERTREQ names CAs but not ours, it will
    /// probably refuse our certificate (Windows: error 13801); say so.
    private func noteUnrequestedAuthority(_ requests: [CertificateRequestPayload], gateway: GatewayCredentials, metadata: Logger.Metadata) {
        let requested = requests.compactMap(\.keyHashes).joined()
        guard !requested.isEmpty, !gateway.authorityKeyHashes.isEmpty,
              !requested.contains(where: { hash in gateway.authorityKeyHashes.contains { $0.elementsEqual(hash) } }) else { return }
        logger.notice("the client's CERTREQ does not name the CA of our certificate; it may not trust it (Windows: error 13801)",
                      metadata: metadata.merging(["certreq_hashes": "\(requested.count)"], uniquingKeysWith: { $1 }))
    }

    /// How the gateway proves itself in IKE_AUTH: IDr, its certificate chain
    /// and its signature (RFC 7296 §1.2).
    func gatewayProof(_ gateway: GatewayCredentials, ike: InitDoneState) throws -> [IKEPayload] {
        [.identificationResponder(gateway.identity)]
            + gateway.certificateChain.map { .certificate(CertificatePayload(encoding: .x509Signature, data: ArraySlice($0))) }
            + [.authentication(try ourSignature(gateway: gateway, ike: ike))]
    }

    /// Our AUTH: an RFC 7427 signature with SHA-256 when the peer announced
    /// SIGNATURE_HASH_ALGORITHMS with it, otherwise what Windows expects:
    /// RSA PKCS#1 v1.5 with SHA-1 (method 1), or ECDSA methods 9–11.
    private func ourSignature(gateway: GatewayCredentials, ike: InitDoneState) throws -> AuthenticationPayload {
        let octets = try ike.responderSignedOctets(identity: gateway.identity)
        let key = gateway.privateKey
        if let hashes = ike.peerSignatureHashes, hashes.contains(.sha256) {
            let scheme: SignatureScheme = switch key.kind {
            case .rsa: .rsaPKCS1v15(.sha256)
            case .ecdsa: .ecdsa(.sha256)
            }
            return try SignatureAuthentication.sign(octets, with: key, method: .digitalSignature, scheme: scheme)
        }
        let method: AuthenticationMethod = switch key.kind {
        case .rsa: .rsaSignature
        case .ecdsa(.p256): .ecdsaSHA256P256
        case .ecdsa(.p384): .ecdsaSHA384P384
        case .ecdsa(.p521): .ecdsaSHA512P521
        }
        return try SignatureAuthentication.sign(octets, with: key, method: method)
    }

    // MARK: - EAP rounds and the final AUTH

    private func continueAuthentication(_ payloads: [IKEPayload], messageID: UInt32, on sa: IKESA, auth: ResponderAuthState,
                                        now: EngineInstant, into actions: inout [EngineAction]) {
        var auth = auth
        switch auth.phase {
        case .awaitingIdentity(let identifier):
            guard let eap = payloads.eap, eap.code == .response, eap.identifier == identifier, eap.type == .identity,
                  !eap.data.isEmpty, eap.data.count <= 253 else {
                return failAuthentication(sa, auth, messageID: messageID, reason: "expected an EAP-Identity Response", now: now, into: &actions)
            }
            auth.eapIdentity = Array(eap.data)
            auth.phase = .awaitingService(messageID: messageID, lastIdentifier: identifier)
            sa.state = .responderAuthenticating(auth)
            actions.append(.authenticate(AuthenticationRequest(
                spi: sa.ourSPI, peer: sa.remote.address, local: sa.local.address, step: .start(identity: Array(eap.data), nextIdentifier: identifier &+ 1))))
        case .awaitingPeer(let identifier):
            guard let eap = payloads.eap, eap.code == .response, eap.identifier == identifier else {
                return failAuthentication(sa, auth, messageID: messageID, reason: "EAP message out of turn", now: now, into: &actions)
            }
            auth.phase = .awaitingService(messageID: messageID, lastIdentifier: identifier)
            sa.state = .responderAuthenticating(auth)
            actions.append(.authenticate(AuthenticationRequest(spi: sa.ourSPI, peer: sa.remote.address, local: sa.local.address, step: .response(eap))))
        case .awaitingFinalAuth(let msk, let authorization):
            finalAuth(payloads, messageID: messageID, on: sa, auth: auth, msk: msk, authorization: authorization, now: now, into: &actions)
        case .awaitingService, .awaitingCertificateCheck, .failing:
            // A new request while we still owe the last response: the peer is
            // not waiting for us. Drop it (its retransmission gets the answer).
            logger.debug("request while authentication is pending dropped", metadata: ["spi": "\(hex(sa.ourSPI))"])
        }
    }

    /// The authentication service's answer.
    public func authenticationAnswered(_ answer: AuthenticationAnswer, now: EngineInstant) -> [EngineAction] {
        guard let sa = sas[answer.spi], case .responderAuthenticating(var auth) = sa.state,
              case .awaitingService(let messageID, let lastIdentifier) = auth.phase else {
            return []
        }
        var actions: [EngineAction] = []
        switch answer.result {
        case .request(let eap):
            guard eap.code == .request, eap.identifier != lastIdentifier else {
                failAuthentication(sa, auth, messageID: messageID, reason: "authentication service sent an invalid request", now: now, into: &actions)
                break
            }
            auth.phase = .awaitingPeer(identifier: eap.identifier)
            sa.state = .responderAuthenticating(auth)
            respond([.eap(eap)], to: messageID, exchange: .ikeAuth, on: sa, ike: auth.ike, into: &actions)
        case .success(let msk, let authorization):
            auth.phase = .awaitingFinalAuth(msk: msk, authorization: authorization)
            sa.state = .responderAuthenticating(auth)
            respond([.eap(EAPMessage(code: .success, identifier: lastIdentifier))], to: messageID, exchange: .ikeAuth,
                    on: sa, ike: auth.ike, into: &actions)
        case .failure(let reason):
            failAuthentication(sa, auth, messageID: messageID, reason: reason, now: now, into: &actions)
        }
        reschedule(sa)
        return actions
    }

    /// Verifies the peer's AUTH and, if it holds, creates the CHILD_SA
    /// requested in the first message. RFC 7296 §2.16: the MSK keys both
    /// AUTH payloads; "If EAP methods that do not generate a shared key are
    /// used, the AUTH payloads in messages 7 and 8 MUST be generated using
    /// SK_pi and SK_pr, respectively": the peer's with SK_pi, ours with SK_pr.
    /// Which applies is the service's answer (an MSK or none), never a guess
    /// from the AUTH received.
    private func finalAuth(_ payloads: [IKEPayload], messageID: UInt32, on sa: IKESA, auth: ResponderAuthState, msk: SecretBytes?,
                           authorization: Authorization, now: EngineInstant, into actions: inout [EngineAction]) {
        let ike = auth.ike
        let peerKey = msk ?? ike.keys.pi
        let ourKey = msk ?? ike.keys.pr
        guard let peerAuth = payloads.authentication, peerAuth.method == .sharedKeyMIC,
              let octets = try? ike.initiatorSignedOctets(identity: auth.peerIdentity),
              (try? SharedKeyAuthentication.verify(peerAuth.data, secret: peerKey, prf: ike.suite.prf, signedOctets: octets)) == true,
              let gateway = configuration.gateway,
              let ourOctets = try? ike.responderSignedOctets(identity: gateway.identity),
              let ourAuth = try? SharedKeyAuthentication.compute(secret: ourKey, prf: ike.suite.prf, signedOctets: ourOctets)
        else {
            let reason = msk == nil ? "AUTH with SK_pi (EAP method without MSK) did not verify" : "AUTH with the MSK did not verify"
            return failAuthentication(sa, auth, messageID: messageID, reason: reason, now: now, into: &actions)
        }
        establish(sa, auth, authorization: authorization, messageID: messageID,
                  leading: [.authentication(AuthenticationPayload(method: .sharedKeyMIC, data: ArraySlice(ourAuth)))], now: now, into: &actions)
    }

    /// Admits the authenticated peer (uniqueness), creates the CHILD_SA
    /// requested in the first message and answers with `leading` (our
    /// AUTH, and for certificate clients IDr and CERT first) followed by the
    /// CHILD_SA's payloads.
    func establish(_ sa: IKESA, _ auth: ResponderAuthState, authorization: Authorization, messageID: UInt32, leading: [IKEPayload],
                   now: EngineInstant, into actions: inout [EngineAction]) {
        let ike = auth.ike
        let user = authorization.userName
        let superseded: [UInt64]
        switch identities.admit(sa.ourSPI, user: user, initialContact: auth.initialContact, policy: configuration.uniqueness) {
        case .admitted(let superseding):
            superseded = superseding
        case .refused(let existing):
            // Policy `keep`: the user's SA stands; the new one is refused at
            // once (the password was right, so no guessing delay is due).
            logger.notice("user already connected; new IKE SA refused (uniqueness: keep)",
                          metadata: ["peer": "\(sa.remote)", "user": "\(user)", "existing": "\(existing.map(hex))"])
            respond([.notify(NotifyPayload(type: .authenticationFailed))], to: messageID, exchange: .ikeAuth, on: sa, ike: ike,
                    into: &actions)
            actions.append(.event(.authenticationFailed(spi: sa.ourSPI, peer: sa.remote, user: user,
                                                        reason: "already connected (uniqueness policy keep)")))
            return remove(sa, reason: "duplicate identity", reported: true, into: &actions)
        }
        var response = leading
        let (child, childPayloads, virtualAddresses) = createChildSA(for: auth, user: authorization, superseding: superseded, on: sa)
        response += childPayloads
        markEstablished(sa)
        var established = EstablishedState(ike: ike, user: user, virtualAddresses: virtualAddresses)
        established.children = child.map { [ChildSARecord($0, pfsGroup: nil)] } ?? []
        established.expires = authorization.sessionTimeout.map { now.advanced(by: $0) }
        beginLifecycle(sa, &established, peerSupportsMOBIKE: auth.peerSupportsMOBIKE, now: now)
        if established.mobike { response += Self.mobikeAnnouncement }
        sa.state = .established(established)
        respond(response, to: messageID, exchange: .ikeAuth, on: sa, ike: ike, into: &actions)
        logger.info("IKE SA established", metadata: ["peer": "\(sa.remote)", "spi": "\(hex(sa.ourSPI))", "user": "\(user)",
                                                      "vip": "\(virtualAddresses.map(\.description))"])
        actions.append(.event(.established(spi: sa.ourSPI, peer: sa.remote, authorization: authorization, virtualAddresses: virtualAddresses)))
        if let child { actions.append(.installChildSA(child)) }
        // The older SAs go after the new one is up, their addresses already
        // handed over; those of other shards through the runtime.
        for old in superseded {
            actions += sas[old] != nil ? supersede(spi: old, now: now) : [.supersede(ikeSPI: old)]
        }
    }

    /// The CP reply, SA and selectors for the CHILD_SA, or the notify that
    /// says why there is none (RFC 7296 §1.2: the IKE SA stands regardless).
    private func createChildSA(for auth: ResponderAuthState, user: Authorization, superseding: [UInt64], on sa: IKESA)
        -> (ChildSAParameters?, [IKEPayload], [IPAddress]) {
        let metadata: Logger.Metadata = ["peer": "\(sa.remote)", "spi": "\(hex(sa.ourSPI))", "user": "\(user.userName)"]
        var configuration: [IKEPayload] = []
        var virtualAddresses: [IPAddress] = []
        if let request = auth.configurationRequest, request.type == .request {
            switch leaseAddresses(for: request, user: user, superseding: superseding, on: sa) {
            case .success(let leased):
                virtualAddresses = leased
                if !leased.isEmpty {
                    configuration = [.configuration(configurationReply(addresses: leased, request: request, user: user))]
                }
            case .failure(let failure):
                logger.warning("\(failure.description): no virtual address for this client", metadata: metadata)
                return (nil, [.notify(NotifyPayload(type: .internalAddressFailure))], [])
            }
        }
        var network = self.configuration.network
        if let name = user.policy {
            // A policy that a reload removed fails closed: the user was
            // meant to reach less than everyone else.
            guard let policy = self.configuration.userPolicies[name] else {
                logger.warning("user policy \(name) is not configured; no CHILD_SA", metadata: metadata)
                return (nil, configuration + [.notify(NotifyPayload(type: .tsUnacceptable))], virtualAddresses)
            }
            network = policy.applied(to: network)
        }
        guard let selected = ProposalSelector.selectESP(from: auth.childOffer, policies: self.configuration.espProposals) else {
            logger.notice("no acceptable ESP proposal", metadata: metadata)
            return (nil, configuration + [.notify(NotifyPayload(type: .noProposalChosen))], virtualAddresses)
        }
        guard let tsi = TrafficSelection.initiatorSelectors(requested: auth.initiatorSelectors, virtualAddresses: virtualAddresses,
                                                            peer: sa.remote.address),
              let tsr = TrafficSelection.responderSelectors(requested: auth.responderSelectors, network: network,
                                                            families: Set(virtualAddresses.map(\.family))),
              let keys = try? auth.ike.childKeys(for: selected)
        else {
            logger.notice("traffic selectors unacceptable", metadata: metadata)
            return (nil, configuration + [.notify(NotifyPayload(type: .tsUnacceptable))], virtualAddresses)
        }
        let inboundSPI = randomESPSPI()
        // We are the responder: we receive with the initiator's keys.
        let child = ChildSAParameters(session: sa, nat: auth.ike.nat, inboundSPI: inboundSPI, outboundSPI: selected.peerSPI, proposal: selected,
                                      keys: keys, initiatedByUs: false, localSelectors: tsr, remoteSelectors: tsi)
        let payloads: [IKEPayload] = configuration + [
            .securityAssociation(SecurityAssociationPayload(proposals: [selected.responseProposal(ourSPI: inboundSPI)])),
            .trafficSelectorInitiator(TrafficSelectorPayload(selectors: tsi)),
            .trafficSelectorResponder(TrafficSelectorPayload(selectors: tsr)),
        ]
        return (child, payloads, virtualAddresses)
    }

    private struct AddressFailure: Error, CustomStringConvertible {
        let description: String
    }

    /// Leases an address of each family the client asks for: IPv4 always
    /// (a static one from the user's authorisation if set), IPv6 where a
    /// pool exists. The client fails only if it gets no address at all of
    /// what it asked for; a missing IPv6 address next to an IPv4 one is
    /// logged and the tunnel carries IPv4 alone.
    private func leaseAddresses(for request: ConfigurationPayload, user: Authorization, superseding: [UInt64],
                                on sa: IKESA) -> Result<[IPAddress], AddressFailure> {
        let asked = Set(request.attributes.map(\.type))
        guard let addresses, asked.contains(.internalIP4Address) || asked.contains(.internalIP6Address) else { return .success([]) }
        var leased: [IPAddress] = []
        var failures: [String] = []
        let pool = user.pool.map { "pool \($0)" } ?? "pool"
        if asked.contains(.internalIP4Address) {
            let requested = request.attributes.first { $0.type == .internalIP4Address }?.ipv4Address.map(IPAddress.v4)
            let lease = LeaseRequest(family: .ipv4, user: user.userName, sa: sa.ourSPI, superseding: superseding,
                                     requested: requested, required: user.staticAddress.map(IPAddress.v4), pool: user.pool)
            if let address = addresses.lease(lease) {
                leased.append(address)
            } else if !addresses.serves(.ipv4, pool: user.pool) {
                failures.append("no IPv4 \(pool)")
            } else {
                failures.append(user.staticAddress.map { "static address \($0) is held by another user" } ?? "IPv4 \(pool) exhausted")
            }
        }
        if asked.contains(.internalIP6Address), addresses.serves(.ipv6, pool: user.pool) {
            let requested = request.attributes.first { $0.type == .internalIP6Address }?.ipv6Address.map(IPAddress.v6)
            if let address = addresses.lease(LeaseRequest(family: .ipv6, user: user.userName, sa: sa.ourSPI, superseding: superseding,
                                                          requested: requested, required: user.staticAddress6.map(IPAddress.v6),
                                                          pool: user.pool)) {
                leased.append(address)
            } else {
                failures.append(user.staticAddress6.map { "static address \($0) is held by another user" } ?? "IPv6 \(pool) exhausted")
            }
        }
        if leased.isEmpty, !failures.isEmpty {
            return .failure(AddressFailure(description: failures.joined(separator: ", ")))
        }
        if !failures.isEmpty {
            logger.warning("\(failures.joined(separator: ", ")); the client gets \(leased.map(\.description)) only",
                           metadata: ["spi": "\(hex(sa.ourSPI))", "user": "\(user.userName)"])
        }
        return .success(leased)
    }

    /// CFG_REPLY with the addresses and the configured servers (the user's
    /// own DNS servers where its authorisation names them). Attributes
    /// we do not serve (Microsoft's 23456/23457, IPv6 without a pool) are
    /// left out, which RFC 7296 §3.15 and MS-IKEE both allow.
    private func configurationReply(addresses: [IPAddress], request: ConfigurationPayload, user: Authorization) -> ConfigurationPayload {
        let asked = Set(request.attributes.map(\.type))
        var attributes: [ConfigurationAttribute] = addresses.map { address in
            switch address {
            case .v4(let address): .ipv4(.internalIP4Address, address)
            // The prefix is the client's own /64, as in RFC 7296 §3.15.3's
            // example; routes come from the traffic selectors.
            case .v6(let address): .internalIP6Address(address, prefixLength: 64)
            }
        }
        if asked.contains(.internalIP4DNS) {
            attributes += (user.dnsServers ?? configuration.network.dnsServers).map { .ipv4(.internalIP4DNS, $0) }
        }
        if asked.contains(.internalIP6DNS) {
            attributes += configuration.network.dns6Servers.map { .internalIP6DNS($0) }
        }
        if asked.contains(.internalIP4NBNS) {
            attributes += configuration.network.nbnsServers.map { .ipv4(.internalIP4NBNS, $0) }
        }
        return ConfigurationPayload(type: .reply, attributes: attributes)
    }

    // MARK: - Failure

    /// Schedules AUTHENTICATION_FAILED as the response to `messageID` after the
    /// configured delay; the SA goes when it is sent.
    func failAuthentication(_ sa: IKESA, _ auth: ResponderAuthState, messageID: UInt32, reason: String,
                                    now: EngineInstant, into actions: inout [EngineAction]) {
        var auth = auth
        let user = auth.claimedUser
        logger.notice("authentication failed: \(reason)", metadata: ["peer": "\(sa.remote)", "spi": "\(hex(sa.ourSPI))",
                                                                      "user": "\(user ?? "-")"])
        auth.phase = .failing(deadline: now.advanced(by: configuration.authenticationFailureDelay), messageID: messageID, reason: reason)
        sa.state = .responderAuthenticating(auth)
        reschedule(sa)
    }

    /// Sends the delayed AUTHENTICATION_FAILED and removes the SA.
    func sendAuthenticationFailure(_ sa: IKESA, now: EngineInstant, into actions: inout [EngineAction]) {
        guard case .responderAuthenticating(let auth) = sa.state, case .failing(let deadline, let messageID, let reason) = auth.phase,
              deadline <= now else { return }
        let user = auth.claimedUser
        respond([.notify(NotifyPayload(type: .authenticationFailed))], to: messageID, exchange: .ikeAuth, on: sa, ike: auth.ike, into: &actions)
        actions.append(.event(.authenticationFailed(spi: sa.ourSPI, peer: sa.remote, user: user, reason: reason)))
        remove(sa, reason: "authentication failed", reported: true, into: &actions)
    }

    /// Answers the first IKE_AUTH request with an error and removes the SA.
    func refuse(_ sa: IKESA, messageID: UInt32, ike: InitDoneState, _ type: NotifyType, reason: String,
                        into actions: inout [EngineAction]) {
        respond([.notify(NotifyPayload(type: type))], to: messageID, exchange: .ikeAuth, on: sa, ike: ike, into: &actions)
        actions.append(.event(.authenticationFailed(spi: sa.ourSPI, peer: sa.remote, user: nil, reason: reason)))
        remove(sa, reason: reason, reported: true, into: &actions)
    }
}
