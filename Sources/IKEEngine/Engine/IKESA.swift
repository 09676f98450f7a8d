import IKECrypto
import EAP
import IKEWire

/// One IKE SA: its identity, addresses and protocol state.
///
/// A class because the engine mutates SAs in place in its table and they hold
/// OpenSSL contexts; an SA belongs to one engine, which one event loop owns.
final class IKESA {
    /// Our SPI: the table key, and (for the responder) where the shard is encoded.
    let ourSPI: UInt64
    /// The session this SA belongs to: the SPI of its first IKE SA, kept
    /// by every IKE SA that replaces it by rekeying (RFC 7296 §2.18), so
    /// that leases, the identity registry, accounting and the CHILD_SAs'
    /// owner stay the same for the whole connection.
    var sessionID: UInt64
    /// Whether this SA carries the session (its user, addresses and
    /// CHILD_SAs). False for an old IKE SA after a rekey and for the
    /// redundant one of a rekey collision: removing those ends nothing.
    var holdsSession = true
    /// The peer's SPI; zero until the responder's first answer (initiator role).
    var peerSPI: UInt64
    /// Whether we initiated this SA: IKE_SA_INIT, or the rekey that made
    /// it (the rekey's initiator becomes the "original initiator", RFC
    /// 7296 §2.18), which sets the header's I flag and the keys' direction.
    let role: IKERole
    /// Whether we are the gateway of this session: we leased its addresses
    /// and registered its user. Unlike `role`, a rekey does not change it.
    var servesClient: Bool
    /// Our address and port the peer talks to.
    var local: Endpoint
    /// The peer's address and port.
    var remote: Endpoint
    /// Protocol state.
    var state: IKESAState
    /// When the SA was created.
    var createdAt = EngineInstant.zero
    /// Until when the SA may stay unestablished (RFC 7296 §2.6 half-open limit);
    /// nil once established.
    var halfOpenDeadline: EngineInstant?
    /// The request we sent and are waiting on, with its retransmission schedule.
    var outstandingRequest: OutstandingRequest?
    /// The last response we sent, for retransmitted requests (RFC 7296 §2.1).
    var lastResponse: CachedResponse?
    /// The Message ID the peer's next request must carry (window of one).
    var nextPeerRequestID: UInt32 = 0
    /// The Message ID of our next request.
    var nextOwnRequestID: UInt32 = 0
    /// Fragments of the message being reassembled (RFC 7383 §2.6).
    var reassembly: FragmentReassembly?
    /// The client's credentials when we are the initiator. Held in a box:
    /// inline, their 136 bytes would be in every SA a gateway holds.
    var clientCredentials: ClientCredentials? {
        get { clientCredentialsBox?.credentials }
        set { clientCredentialsBox = newValue.map(CredentialsBox.init) }
    }
    private var clientCredentialsBox: CredentialsBox?
    private final class CredentialsBox {
        let credentials: ClientCredentials
        init(_ credentials: ClientCredentials) { self.credentials = credentials }
    }
    /// Why we sent a Delete, for the event when it is answered.
    var closingReason: String?
    /// Why, for the ``IKESAEvent/deleted(spi:peer:user:reason:cause:)`` event.
    var closingCause: SAEndCause?
    /// The CHILD_SAs' traffic was stopped when our Delete went out, ahead
    /// of the IKE SA's removal.
    var childStopped = false
    /// What our outstanding request is for (nil: none, or IKE_SA_INIT/IKE_AUTH).
    var exchange: OwnExchange?
    /// Requests of ours waiting for the window (RFC 7296 §2.3: one at a time).
    var queued: [OwnTask] = []
    /// When the peer last proved it is alive: an authenticated message, or
    /// ESP on one of its CHILD_SAs (DPD, RFC 7296 §2.4).
    var lastHeard = EngineInstant.zero
    /// Inbound ESP packets counted at the last liveness check, by CHILD_SA.
    var inboundSeen: [UInt32: UInt64] = [:]
    /// The earliest wake-up in the timer queue for this SA, so that one is
    /// pushed only when a deadline moves earlier (a datagram that changes
    /// nothing must not grow the heap).
    var scheduledWakeUp: EngineInstant?
    /// Where the response to the request being handled goes: where that
    /// request came from (RFC 7296 §2.11), even when MOBIKE keeps the SA's
    /// own addresses unchanged.
    var responsePath: (local: Endpoint, remote: Endpoint)?

    init(ourSPI: UInt64, peerSPI: UInt64, role: IKERole, local: Endpoint, remote: Endpoint, state: IKESAState) {
        self.ourSPI = ourSPI
        self.sessionID = ourSPI
        self.peerSPI = peerSPI
        self.role = role
        self.servesClient = role == .responder
        self.local = local
        self.remote = remote
        self.state = state
    }

    var initiatorSPI: UInt64 { role == .initiator ? ourSPI : peerSPI }
    var responderSPI: UInt64 { role == .initiator ? peerSPI : ourSPI }

    /// The earliest instant the SA needs to be woken at.
    var nextDeadline: EngineInstant? {
        var failureDeadline: EngineInstant?
        if case .responderAuthenticating(let auth) = state, case .failing(let deadline, _, _) = auth.phase {
            failureDeadline = deadline
        }
        // Expiry waits while a request of ours is outstanding (the Delete
        // needs the exchange slot) and stops once the SA is closing.
        var expiry: EngineInstant?, work: EngineInstant?, liveness: EngineInstant?
        if case .established(let established) = state, outstandingRequest == nil, closingCause == nil {
            expiry = [established.expires, established.deleteBy].compactMap { $0 }.min()
            work = ([established.rekeyAt] + established.retryChildRekeys.values.map { $0 } + established.children.map(\.deleteBy))
                .compactMap { $0 }.min()
            liveness = established.livenessDue(lastHeard: lastHeard)
        }
        return [halfOpenDeadline, outstandingRequest?.deadline, failureDeadline, expiry, work, liveness].compactMap { $0 }.min()
    }
}

/// A request we sent, kept for retransmission until its response arrives.
struct OutstandingRequest {
    let messageID: UInt32
    /// The datagrams of the request (several when fragmented).
    let datagrams: [[UInt8]]
    /// Transmissions so far, the first included.
    var transmissions: Int
    /// When to retransmit or give up.
    var deadline: EngineInstant
}

/// The response to the peer's latest request, resent if that request is
/// retransmitted; responses are never sent on a timer (RFC 7296 §2.1).
struct CachedResponse {
    let messageID: UInt32
    let datagrams: [[UInt8]]
}

/// Where an IKE SA is in its life. Every `switch` over it names every case,
/// so a new state does not compile until each handler decides about it.
enum IKESAState {
    /// Initiator: IKE_SA_INIT request sent, waiting for the answer.
    case initiatorSentInit(InitiatorInitState)
    /// Both roles: IKE_SA_INIT done and keys derived; IKE_AUTH comes next.
    case initDone(InitDoneState)
    /// Responder: IKE_AUTH with EAP in progress. Indirect, as is the
    /// initiator's: these short-lived states are the largest, and inline
    /// they would size every established SA (378 bytes against 232).
    indirect case responderAuthenticating(ResponderAuthState)
    /// Initiator: IKE_AUTH with EAP in progress.
    indirect case initiatorAuthenticating(InitiatorAuthState)
    /// Authenticated, with its CHILD_SA.
    case established(EstablishedState)
    /// Removed from the table; kept only by stale references.
    case closed
}

/// Initiator state while waiting for the IKE_SA_INIT response.
struct InitiatorInitState {
    /// Our Diffie-Hellman key pair for the group we sent a KE for.
    var keyExchange: KeyExchangePrivateKey
    /// Ni.
    let nonce: [UInt8]
    /// A cookie the responder demanded, echoed in the retried request.
    var cookie: [UInt8]?
    /// The request as sent: it is RealMessage1 for our AUTH (RFC 7296 §2.15).
    var request: [UInt8]
    /// Restarts after COOKIE or INVALID_KE_PAYLOAD, to stop a peer from
    /// keeping us in a loop.
    var restarts: Int
}

/// What IKE_SA_INIT established; IKE_AUTH builds on it.
struct InitDoneState {
    /// The negotiated transforms.
    let suite: IKECipherSuite
    /// The Diffie-Hellman group used.
    let group: KeyExchangeGroup
    /// SK_d … SK_pr.
    let keys: IKESAKeys
    /// SK payload protection with the keys above.
    let protection: IKEMessageProtection
    /// Ni and Nr.
    let initiatorNonce: [UInt8]
    let responderNonce: [UInt8]
    /// The IKE_SA_INIT request and response exactly as they were on the wire
    /// (RealMessage1 and RealMessage2 for AUTH, RFC 7296 §2.15).
    let initiatorMessage: [UInt8]
    let responderMessage: [UInt8]
    /// NAT detection result; nil if the peer sent no NAT_DETECTION notifies.
    let nat: NATDetection.Result?
    /// Whether the peer sent IKEV2_FRAGMENTATION_SUPPORTED (RFC 7383 §2.3).
    let peerSupportsFragmentation: Bool
    /// The hashes the peer announced in SIGNATURE_HASH_ALGORITHMS (RFC 7427
    /// §4); nil if it sent none (then AUTH uses method 1 or 9–11).
    let peerSignatureHashes: [SignatureHashAlgorithm]?

    /// The same without the IKE_SA_INIT messages and nonces, which only
    /// IKE_AUTH reads (RFC 7296 §2.15); a rekeyed IKE SA never has them.
    func withoutHandshakeMessages() -> InitDoneState {
        InitDoneState(suite: suite, group: group, keys: keys, protection: protection, initiatorNonce: [], responderNonce: [],
                      initiatorMessage: [], responderMessage: [], nat: nat, peerSupportsFragmentation: peerSupportsFragmentation,
                      peerSignatureHashes: peerSignatureHashes)
    }
}

/// Responder state during IKE_AUTH with EAP (RFC 7296 §2.16).
struct ResponderAuthState {
    /// Where the EAP conversation is.
    enum Phase {
        /// Our EAP-Identity Request (this identifier) went out.
        case awaitingIdentity(identifier: UInt8)
        /// The service is working on the peer's last Response; we owe the
        /// response to this request.
        case awaitingService(messageID: UInt32, lastIdentifier: UInt8)
        /// The service's Request (this identifier) went to the peer.
        case awaitingPeer(identifier: UInt8)
        /// The client signed its first request (certificate authentication):
        /// the runtime is checking its certificates; `signature` is its AUTH,
        /// and the response to `messageID` is owed.
        case awaitingCertificateCheck(messageID: UInt32, signature: AuthenticationPayload)
        /// EAP-Success went out; the peer's AUTH keyed with the MSK comes
        /// next, or with SK_pi when the method generated no MSK (nil, EAP-GTC;
        /// RFC 7296 §2.16).
        case awaitingFinalAuth(msk: SecretBytes?, authorization: Authorization)
        /// Authentication failed; AUTHENTICATION_FAILED goes out at `deadline`
        /// as the response to `messageID`, then the SA is removed.
        case failing(deadline: EngineInstant, messageID: UInt32, reason: String)
    }

    let ike: InitDoneState
    /// IDi: for Windows with EAP just its IP address, never the user name.
    let peerIdentity: IdentificationPayload
    /// The CHILD_SA request of the first IKE_AUTH message.
    let childOffer: SecurityAssociationPayload
    let initiatorSelectors: TrafficSelectorPayload
    let responderSelectors: TrafficSelectorPayload
    let configurationRequest: ConfigurationPayload?
    /// Whether the first IKE_AUTH request carried INITIAL_CONTACT (RFC 7296
    /// §2.4): the peer has no other SA with us that it still uses.
    let initialContact: Bool
    /// Whether the first IKE_AUTH request carried MOBIKE_SUPPORTED (RFC 4555 §3.2).
    let peerSupportsMOBIKE: Bool
    /// The EAP identity the peer gave.
    var eapIdentity: [UInt8]?
    var phase: Phase

    /// Who the peer claims to be, for logs: the EAP identity, or IDi for
    /// a certificate client (nil before either is known).
    var claimedUser: String? {
        if let eapIdentity { return String(decoding: eapIdentity, as: UTF8.self) }
        return certificateClient ? "\(peerIdentity.type) \(peerIdentity.dataDescription)" : nil
    }

    /// Whether the peer authenticates with a certificate (AUTH in its first
    /// request) rather than EAP.
    var certificateClient: Bool
}

/// Initiator state during IKE_AUTH (EAP or certificate).
struct InitiatorAuthState {
    enum Phase {
        /// The first IKE_AUTH request went out; the responder's AUTH comes next.
        case awaitingResponderAuth
        /// EAP is under way.
        case eap
        /// Our AUTH keyed with the MSK went out (with SK_pi when the method
        /// generated none: nil); the gateway's, keyed with the MSK or SK_pr,
        /// comes next (RFC 7296 §2.16).
        case sentFinalAuth(msk: SecretBytes?)
    }

    let ike: InitDoneState
    /// Our inbound ESP SPI, offered in the first request.
    let childSPI: UInt32
    /// The identity we sent as IDi.
    let identity: IdentificationPayload
    /// IDr, once the responder sent it.
    var responderIdentity: IdentificationPayload?
    /// The EAP peer (EAP-MSCHAPv2, EAP-GTC); nil for a certificate client.
    var peer: EAPPeer?
    var phase: Phase
}

/// An established IKE SA.
struct EstablishedState {
    var ike: InitDoneState
    /// The authenticated user (EAP identity after normalisation).
    let user: String
    /// The virtual addresses we assigned (responder) or got (initiator):
    /// IPv4, IPv6 or both.
    let virtualAddresses: [IPAddress]
    /// The CHILD_SAs, oldest first; a rekey briefly has two.
    var children: [ChildSARecord] = []
    /// When the user's session time runs out (RADIUS Session-Timeout) and
    /// the SA is deleted; nil: no limit.
    var expires: EngineInstant? = nil
    /// When we rekey the IKE SA (jittered); nil: we leave it to the peer.
    var rekeyAt: EngineInstant? = nil
    /// Whether both sides announced MOBIKE (RFC 4555 §3.2): then only
    /// UPDATE_SA_ADDRESSES moves the SA, never a changed source address.
    var mobike = false
    /// The NAT situation, from IKE_SA_INIT and each MOBIKE update.
    var nat: NATDetection.Result?
    /// Idle time before a liveness check; nil: none.
    var livenessInterval: Duration? = nil
    /// Carries no session (replaced by a rekeyed IKE SA, or the peer's
    /// redundant one of a collision) and waits for the peer's Delete.
    var rekeyed = false
    /// When we delete it ourselves if the peer has not.
    var deleteBy: EngineInstant?
    /// CHILD_SA rekeys of ours to try again (after TEMPORARY_FAILURE), and when.
    var retryChildRekeys: [UInt32: EngineInstant] = [:]

    /// An SA that has just been authenticated. What only the handshake
    /// needed is dropped, since an established SA lives for hours and the
    /// gateway holds many: the IKE_SA_INIT messages and nonces (only the
    /// AUTH computation read them), and the SK payload protection's keyed
    /// cipher and HMAC contexts, which are keyed again for each of the rare
    /// later messages (rekeys, liveness checks, Deletes).
    init(ike: InitDoneState, user: String, virtualAddresses: [IPAddress]) {
        self.ike = ike.withoutHandshakeMessages()
        self.ike.protection.keepsContexts = false
        self.user = user
        self.virtualAddresses = virtualAddresses
    }

    /// When a liveness check is due, if ever.
    func livenessDue(lastHeard: EngineInstant) -> EngineInstant? {
        guard let livenessInterval, !rekeyed else { return nil }
        return lastHeard.advanced(by: livenessInterval)
    }

    func child(inbound spi: UInt32) -> ChildSARecord? { children.first { $0.inboundSPI == spi } }

    mutating func update(_ spi: UInt32, _ body: (inout ChildSARecord) -> Void) {
        if let index = children.firstIndex(where: { $0.inboundSPI == spi }) { body(&children[index]) }
    }
}
