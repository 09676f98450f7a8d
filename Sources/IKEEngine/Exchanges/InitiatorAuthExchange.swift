import EAP
import IKECrypto
import IKEWire
import Logging

/// IKE_AUTH as initiator: the engine's own client. It behaves like Windows'
/// built-in client: no IDr and a CP request; with EAP no AUTH in the first
/// message, the EAP identity when asked, and at the end the MSK-keyed AUTH
/// (SK_pi-keyed after a method without MSK, EAP-GTC: RFC 7296 §2.16); with a
/// certificate, CERT and a signed AUTH at once. It always checks the
/// gateway's signature.
extension IKEEngine {
    func startAuthentication(_ sa: IKESA, ike: InitDoneState, credentials: ClientCredentials, now: EngineInstant,
                             into actions: inout [EngineAction]) {
        var peer: EAPPeer?
        var proof: [IKEPayload] = []
        do {
            switch credentials.method {
            case .eap(let userName, let password):
                guard !credentials.eapMethods.isEmpty else { throw ClientAuthError(description: "no EAP method allowed") }
                // Refuse a password MS-CHAPv2 cannot use now, not mid-exchange
                // (RFC 2759 §8.1: at most 256 characters), without hashing it twice.
                if credentials.eapMethods.contains(.mschapv2), password.utf16.count > MSCHAPv2.maximumPasswordLength {
                    throw ClientAuthError(description: "the password has more than \(MSCHAPv2.maximumPasswordLength) characters")
                }
                peer = EAPPeer(userName: userName, password: password, methods: credentials.eapMethods)
            case .certificate(let chain, let signer):
                proof = chain.map { .certificate(CertificatePayload(encoding: .x509Signature, data: ArraySlice($0))) }
                    + [.authentication(try signer.authentication(for: ike.initiatorSignedOctets(identity: credentials.identity)))]
            }
        } catch {
            return remove(sa, reason: "unusable credentials: \(error)", into: &actions)
        }
        let childSPI = randomESPSPI()
        let proposals = configuration.espProposals.enumerated().map {
            $0.element.proposal(number: UInt8(truncatingIfNeeded: $0.offset + 1), spi: childSPI, includeGroups: false)
        }
        let attributes = credentials.configurationRequest.map { ConfigurationAttribute(type: $0) }
        let selectors: [TrafficSelector] = credentials.configurationRequest.contains(.internalIP6Address) ? [.allIPv4, .allIPv6] : [.allIPv4]
        let payloads: [IKEPayload] = [.identificationInitiator(credentials.identity)] + proof
            + (credentials.initialContact ? [.notify(NotifyPayload(type: .initialContact))] : [])
            + (configuration.lifecycle.mobike ? [.notify(NotifyPayload(type: .mobikeSupported))] : [])
            + [
                .configuration(ConfigurationPayload(type: .request, attributes: attributes)),
                .securityAssociation(SecurityAssociationPayload(proposals: proposals)),
                .trafficSelectorInitiator(TrafficSelectorPayload(selectors: selectors)),
                .trafficSelectorResponder(TrafficSelectorPayload(selectors: selectors)),
            ]
        sa.state = .initiatorAuthenticating(InitiatorAuthState(ike: ike, childSPI: childSPI, identity: credentials.identity,
                                                               responderIdentity: nil, peer: peer, phase: .awaitingResponderAuth))
        request(payloads, exchange: .ikeAuth, on: sa, ike: ike, now: now, into: &actions)
    }

    func receiveAuthResponse(_ datagram: InboundDatagram, header: IKEHeader, on sa: IKESA, auth: InitiatorAuthState,
                             now: EngineInstant, into actions: inout [EngineAction]) {
        guard header.exchangeType == .ikeAuth, header.isResponse,
              case .message(_, let payloads) = open(datagram, header: header, on: sa, ike: auth.ike, into: &actions)
        else { return }
        sa.outstandingRequest = nil
        // In the final response an error concerns the CHILD_SA only (RFC 7296
        // §1.2): the IKE SA is established once AUTH verifies.
        let finalResponse: Bool = if case .sentFinalAuth = auth.phase { true } else { false }
        if !finalResponse, let error = errorNotify(in: payloads) {
            return remove(sa, reason: "gateway answered \(error.logDescription)", into: &actions)
        }
        do {
            try continueAuthentication(payloads, on: sa, auth: auth, now: now, into: &actions)
        } catch {
            logger.info("IKE_AUTH failed: \(error)", metadata: ["peer": "\(sa.remote)", "spi": "\(hex(sa.ourSPI))"])
            remove(sa, reason: "\(error)", into: &actions)
        }
    }

    private struct ClientAuthError: Error, CustomStringConvertible {
        let description: String
    }

    private func continueAuthentication(_ payloads: [IKEPayload], on sa: IKESA, auth: InitiatorAuthState, now: EngineInstant,
                                        into actions: inout [EngineAction]) throws {
        var auth = auth
        let ike = auth.ike
        guard let credentials = sa.clientCredentials else { throw ClientAuthError(description: "no credentials") }
        switch auth.phase {
        case .awaitingResponderAuth:
            guard let identity = payloads.identificationResponder, let signature = payloads.authentication
            else { throw ClientAuthError(description: "first IKE_AUTH response lacks IDr or AUTH") }
            let key = try credentials.verifyResponder(payloads.certificates, identity)
            try SignatureAuthentication.verify(signature, signedOctets: ike.responderSignedOctets(identity: identity), publicKey: key)
            guard case .eap(let userName, _) = credentials.method else {
                // A certificate client is authenticated both ways now.
                return try establish(payloads, on: sa, auth: auth, now: now, into: &actions)
            }
            guard let eap = payloads.eap, eap.code == .request, eap.type == .identity
            else { throw ClientAuthError(description: "first IKE_AUTH response lacks the EAP-Identity request") }
            auth.responderIdentity = identity
            auth.phase = .eap
            sa.state = .initiatorAuthenticating(auth)
            let response = EAPMessage(code: .response, identifier: eap.identifier, type: .identity, data: ArraySlice(userName.utf8))
            request([.eap(response)], exchange: .ikeAuth, on: sa, ike: ike, now: now, into: &actions)
        case .eap:
            guard let eap = payloads.eap else { throw ClientAuthError(description: "EAP expected") }
            switch eap.code {
            case .success:
                guard case .complete(let msk)? = auth.peer?.completion else {
                    // EAP-Success before the method finished (CVE-2021-45079 class).
                    throw ClientAuthError(description: "EAP-Success before the gateway proved itself")
                }
                // RFC 7296 §2.16: the MSK, or SK_pi for a method without one.
                let mac = try SharedKeyAuthentication.compute(secret: msk ?? ike.keys.pi, prf: ike.suite.prf,
                                                              signedOctets: ike.initiatorSignedOctets(identity: auth.identity))
                auth.phase = .sentFinalAuth(msk: msk)
                sa.state = .initiatorAuthenticating(auth)
                request([.authentication(AuthenticationPayload(method: .sharedKeyMIC, data: ArraySlice(mac)))],
                        exchange: .ikeAuth, on: sa, ike: ike, now: now, into: &actions)
            case .failure:
                throw ClientAuthError(description: "EAP-Failure")
            case .request:
                guard let step = auth.peer?.receive(eap) else { throw ClientAuthError(description: "EAP request to a certificate client") }
                switch step {
                case .send(let response):
                    sa.state = .initiatorAuthenticating(auth)
                    request([.eap(response)], exchange: .ikeAuth, on: sa, ike: ike, now: now, into: &actions)
                case .failed(let reason):
                    throw ClientAuthError(description: reason)
                }
            case .response:
                throw ClientAuthError(description: "EAP Response from the gateway")
            }
        case .sentFinalAuth(let msk):
            guard let responderIdentity = auth.responderIdentity, let mac = payloads.authentication, mac.method == .sharedKeyMIC,
                  try SharedKeyAuthentication.verify(mac.data, secret: msk ?? ike.keys.pr, prf: ike.suite.prf,
                                                     signedOctets: ike.responderSignedOctets(identity: responderIdentity))
            else { throw ClientAuthError(description: "the gateway's final AUTH did not verify") }
            try establish(payloads, on: sa, auth: auth, now: now, into: &actions)
        }
    }

    /// Takes the CP reply and the CHILD_SA from the final response.
    private func establish(_ payloads: [IKEPayload], on sa: IKESA, auth: InitiatorAuthState, now: EngineInstant,
                           into actions: inout [EngineAction]) throws {
        let attributes = payloads.configuration?.attributes ?? []
        let addresses = attributes.compactMap { attribute -> IPAddress? in
            switch attribute.type {
            case .internalIP4Address: attribute.ipv4Address.map(IPAddress.v4)
            case .internalIP6Address: attribute.ipv6Address.map(IPAddress.v6)
            default: nil
            }
        }
        var child: ChildSAParameters?
        if let offer = payloads.securityAssociation, let tsi = payloads.trafficSelectorInitiator, let tsr = payloads.trafficSelectorResponder {
            // The gateway's choice must be one proposal, acceptable to our own policy.
            guard offer.proposals.count == 1,
                  let selected = ProposalSelector.selectESP(from: offer, policies: configuration.espProposals),
                  selected.responseProposal(ourSPI: 0).transforms == offer.proposals[0].transforms
            else { throw ClientAuthError(description: "the gateway chose an ESP proposal we did not offer") }
            let keys = try auth.ike.childKeys(for: selected)
            child = ChildSAParameters(session: sa, nat: auth.ike.nat, inboundSPI: auth.childSPI, outboundSPI: selected.peerSPI,
                                      proposal: selected, keys: keys, initiatedByUs: true,
                                      localSelectors: tsi.selectors, remoteSelectors: tsr.selectors)
        }
        let user = sa.clientCredentials?.userName ?? ""
        markEstablished(sa)
        var established = EstablishedState(ike: auth.ike, user: user, virtualAddresses: addresses)
        established.children = child.map { [ChildSARecord($0, pfsGroup: nil)] } ?? []
        beginLifecycle(sa, &established, peerSupportsMOBIKE: payloads.notify(.mobikeSupported) != nil, now: now)
        sa.state = .established(established)
        actions.append(.event(.established(spi: sa.ourSPI, peer: sa.remote, authorization: Authorization(userName: user), virtualAddresses: addresses)))
        if let child {
            actions.append(.installChildSA(child))
        } else {
            // Without a CHILD_SA (no address, no proposal) the tunnel is
            // useless to a client: delete the IKE SA instead of leaving the
            // gateway holding it.
            let error = errorNotify(in: payloads)?.logDescription ?? "no CHILD_SA"
            logger.notice("IKE SA established without CHILD_SA (\(error)); deleting it", metadata: ["spi": "\(hex(sa.ourSPI))"])
            actions += terminate(sa, cause: .terminated, now: now)
        }
    }
}
