import Credentials
import EAP
import IKECrypto
import IKEWire
import Logging
import NIOCore
import RADIUSClient

/// Runs the engine's EAP steps: either locally (EAP-MSCHAPv2 sessions and
/// the credential store) or relayed to RADIUS, with the guessing throttle
/// in front of both (DESIGN §1: the engine does not know which answered).
///
/// An actor, so that slow stores and RADIUS servers suspend instead of
/// blocking an event loop; sessions are per SA, so interleaving is safe,
/// and state is read again after every suspension (an SA may be abandoned
/// while its request is out).
actor AuthenticationService {
    private var sessions = EAPSessionTable()
    private var users: [UInt64: (name: String, source: String)] = [:]
    private var store: any CredentialStore
    private var normalizer: UserNameNormalizer
    /// Where EAP goes when RADIUS is configured; nil: checked locally.
    private let relay: RADIUSRelay?
    private let radius: RADIUSClient?
    private var conversations: [UInt64: RADIUSRelay.Conversation] = [:]
    /// SAs abandoned while the service held nothing for them, with when:
    /// each step runs in a task of its own, so an SA's `.abandon` can
    /// overtake its `.start`, which must then be dropped, or its state
    /// would stay forever. Kept for `abandonMemory`.
    private var abandoned: [UInt64: Duration] = [:]
    private static let abandonMemory: Duration = .seconds(30)
    private let throttle = AuthenticationThrottle()
    private let logger: Logger

    init(store: any CredentialStore, normalizer: UserNameNormalizer, methods: [EAPMethodKind] = [.mschapv2],
         relay: (RADIUSRelay, RADIUSClient)? = nil, logger: Logger) {
        self.store = store
        sessions.methods = methods
        self.normalizer = normalizer
        self.relay = relay?.0
        self.radius = relay?.1
        self.logger = logger
    }

    /// Replaces the credential store (reload); sessions in progress keep going.
    func replace(store: any CredentialStore, normalizer: UserNameNormalizer, methods: [EAPMethodKind]) {
        self.store = store
        sessions.methods = methods
        self.normalizer = normalizer
    }

    /// The credential chain's stores as "name: answering" or "name:
    /// unreachable, skipped for …"; empty for a single store.
    var storeStates: [String] {
        guard let chain = store as? CredentialChain else { return [] }
        return chain.states.map { state in
            guard let skipped = state.skippedFor else { return "\(state.name): in use" }
            return "\(state.name): unreachable, next probe in \(skipped.components.seconds) s"
        }
    }

    private var now: Duration { .nanoseconds(Int64(clamping: NIODeadline.now().uptimeNanoseconds)) }

    /// Handles one step; nil when there is nothing to answer.
    func handle(_ request: AuthenticationRequest) async -> AuthenticationAnswer? {
        if case .start = request.step, abandoned.removeValue(forKey: request.spi) != nil { return nil }
        if case .start(let identity, _) = request.step {
            let name = normalizer.normalize(String(decoding: identity, as: UTF8.self))
            let source = "\(request.peer)"
            // Checked before any store or server is asked (online guessing, lock-outs).
            if let wait = throttle.blocked(user: name, source: source, now: now) {
                logger.notice("authentication throttled", metadata: ["user": "\(name)", "peer": "\(source)", "retry_in": "\(wait)"])
                return AuthenticationAnswer(spi: request.spi, result: .failure(reason: "too many failures; throttled for \(wait)"))
            }
            users[request.spi] = (name, source)
        }
        if case .abandon = request.step { recordAbandon(request.spi) }
        let outcome = if let relay, let radius { await relayed(request, through: relay, radius) } else { await local(request) }
        guard let outcome else { return nil }
        switch outcome.answer.result {
        case .success:
            if let user = users.removeValue(forKey: request.spi) { throttle.recordSuccess(user: user.name) }
        case .failure:
            let user = users.removeValue(forKey: request.spi)
            // A server or store that could not answer is no guess: counting
            // it would lock every user out for longer than the outage.
            if let user, outcome.wasVerdict { throttle.recordFailure(user: user.name, source: user.source, now: now) }
        case .request:
            break
        }
        return outcome.answer
    }

    /// An answer, and whether a failure in it judged the credentials (a
    /// wrong password) rather than reporting that nothing could judge them.
    private struct Outcome {
        let answer: AuthenticationAnswer
        var wasVerdict = true
    }

    /// Forgets the SA; remembers the abandon if nothing was held for it
    /// (its `.start` may still be on its way).
    private func recordAbandon(_ spi: UInt64) {
        let held = users.removeValue(forKey: spi) != nil || conversations[spi] != nil || sessions.holds(spi)
        let now = self.now
        abandoned = abandoned.filter { now - $0.value < Self.abandonMemory }
        if !held { abandoned[spi] = now }
    }

    /// Local EAP against the credential store (or chain), which checks the
    /// proof and authorises the user.
    private func local(_ request: AuthenticationRequest) async -> Outcome? {
        var unavailable = false
        var outcome = sessions.handle(request)
        while case .verify(let spi, let userName, let proof) = outcome {
            let key = normalizer.normalize(userName)
            let source = users[spi]?.source ?? "\(request.peer)"
            // Checked again here, where the store is asked: handshakes in
            // parallel all passed the check at their start.
            guard throttle.beginCheck(user: key, source: source, now: now) else {
                logger.notice("authentication throttled: checks of this user already under way", metadata: ["user": "\(key)"])
                unavailable = true
                outcome = sessions.verdict(spi: spi, .failed(reason: "throttled: too many checks of \(key) at once"))
                continue
            }
            let verdict = await store.verify(key, proof)
            throttle.endCheck(user: key)
            switch verdict {
            case .accepted:
                logger.info("credentials accepted", metadata: ["user": "\(key)", "spi": "\(Hex.string(spi))"])
            case .refused(let refusal):
                logger.notice("credentials refused: \(refusal)", metadata: ["user": "\(key)", "spi": "\(Hex.string(spi))"])
                // Counted now, not when the method's failure round trip
                // ends: a peer that delays its MS-CHAPv2 Failure Response
                // must not keep its guesses uncounted.
                if let user = users.removeValue(forKey: spi) { throttle.recordFailure(user: user.name, source: user.source, now: now) }
            case .unavailable(let reason), .failed(let reason):
                logger.error("credential store could not answer: \(reason)", metadata: ["user": "\(key)"])
                unavailable = true
            }
            outcome = sessions.verdict(spi: spi, verdict)
        }
        guard case .answer(let answer) = outcome else { return nil }
        return Outcome(answer: answer, wasVerdict: !unavailable)
    }

    /// One relayed step: the identity (rebuilt as the client's
    /// EAP-Response/Identity, which the engine answered already) or the
    /// client's Response, out in an Access-Request; the reply back.
    private func relayed(_ request: AuthenticationRequest, through relay: RADIUSRelay, _ radius: RADIUSClient) async -> Outcome? {
        let spi = request.spi
        let eap: EAPMessage
        switch request.step {
        case .start(let identity, let nextIdentifier):
            conversations[spi] = RADIUSRelay.Conversation(identity: identity, sessionID: Hex.string(spi), peer: request.peer,
                                                          local: request.local)
            eap = EAPMessage(code: .response, identifier: nextIdentifier &- 1, type: .identity, data: ArraySlice(identity))
        case .response(let message):
            eap = message
        case .abandon:
            conversations[spi] = nil
            return nil
        }
        guard let conversation = conversations[spi] else {
            return Outcome(answer: AuthenticationAnswer(spi: spi, result: .failure(reason: "no RADIUS conversation")))
        }
        let reply: RADIUSReply
        do {
            reply = try await radius.send(relay.accessRequest(eap, in: conversation), pinnedTo: conversation.server)
        } catch {
            conversations[spi] = nil
            logger.error("RADIUS authentication failed: \(error)", metadata: ["spi": "\(Hex.string(spi))", "peer": "\(request.peer)"])
            return Outcome(answer: AuthenticationAnswer(spi: spi, result: .failure(reason: "RADIUS: \(error)")), wasVerdict: false)
        }
        // Abandoned while the request was out: nothing to answer.
        guard conversations[spi] != nil else { return nil }
        switch relay.outcome(of: reply, in: conversation, normalizer: normalizer) {
        case .challenge(let next, let updated):
            conversations[spi] = updated
            return Outcome(answer: AuthenticationAnswer(spi: spi, result: .request(next)))
        case .accepted(let msk, let authorization):
            conversations[spi] = nil
            logger.info("RADIUS Access-Accept", metadata: ["spi": "\(Hex.string(spi))", "user": "\(authorization.userName)",
                                                          "server": "\(reply.server)"])
            return Outcome(answer: AuthenticationAnswer(spi: spi, result: .success(msk: msk, authorization: authorization)))
        case .rejected(let reason):
            conversations[spi] = nil
            return Outcome(answer: AuthenticationAnswer(spi: spi, result: .failure(reason: reason)))
        }
    }
}
