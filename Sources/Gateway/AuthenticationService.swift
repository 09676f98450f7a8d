import Credentials
import EAP
import IKECrypto
import Logging
import NIOCore

/// Runs the engine's EAP steps: the local EAP-MSCHAPv2 sessions, the
/// credential store, the guessing throttle (DESIGN §1: the engine does not
/// know which store answered).
///
/// An actor, so that slow stores (LDAP later) suspend instead of blocking an
/// event loop; sessions are per SA, so interleaving is safe.
actor AuthenticationService {
    private var sessions = EAPSessionTable()
    private var users: [UInt64: (name: String, source: String)] = [:]
    private var store: any CredentialStore
    private var normalizer: UserNameNormalizer
    private let throttle = AuthenticationThrottle()
    private let logger: Logger

    init(store: any CredentialStore, normalizer: UserNameNormalizer, logger: Logger) {
        self.store = store
        self.normalizer = normalizer
        self.logger = logger
    }

    /// Replaces the credential store (reload); sessions in progress keep going.
    func replace(store: any CredentialStore, normalizer: UserNameNormalizer) {
        self.store = store
        self.normalizer = normalizer
    }

    private var now: Duration { .nanoseconds(Int64(clamping: NIODeadline.now().uptimeNanoseconds)) }

    /// Handles one step; nil when there is nothing to answer.
    func handle(_ request: AuthenticationRequest) async -> AuthenticationAnswer? {
        if case .start(let identity, _) = request.step {
            let name = normalizer.normalize(String(decoding: identity, as: UTF8.self))
            let source = "\(request.peer)"
            // Checked before any store is asked (online guessing, lock-outs).
            if let wait = throttle.blocked(user: name, source: source, now: now) {
                logger.notice("authentication throttled", metadata: ["user": "\(name)", "peer": "\(source)", "retry_in": "\(wait)"])
                return AuthenticationAnswer(spi: request.spi, result: .failure(reason: "too many failures; throttled for \(wait)"))
            }
            users[request.spi] = (name, source)
        }
        if case .abandon = request.step { users[request.spi] = nil }
        var outcome = sessions.handle(request)
        while case .lookUp(let spi, let userName) = outcome {
            let key = normalizer.normalize(userName)
            switch await store.lookUp(key) {
            case .found(let hash, let authorization):
                outcome = sessions.credentials(spi: spi, passwordHash: hash, authorization: authorization)
            case .unknownUser:
                outcome = sessions.credentials(spi: spi, passwordHash: nil, authorization: nil)
            case .unavailable(let reason):
                logger.error("credential store unavailable: \(reason)", metadata: ["user": "\(key)"])
                _ = sessions.handle(AuthenticationRequest(spi: spi, peer: request.peer, step: .abandon))
                outcome = .answer(AuthenticationAnswer(spi: spi, result: .failure(reason: "credential store unavailable")))
            }
        }
        guard case .answer(let answer) = outcome else { return nil }
        switch answer.result {
        case .success:
            if let user = users.removeValue(forKey: request.spi) { throttle.recordSuccess(user: user.name) }
        case .failure:
            if let user = users.removeValue(forKey: request.spi) { throttle.recordFailure(user: user.name, source: user.source, now: now) }
        case .request:
            break
        }
        return answer
    }
}
