import IKECrypto
import IKEWire

/// The local EAP authentication service: one EAP-MSCHAPv2 authenticator per
/// IKE SA, driven by the engine's ``AuthenticationRequest``s.
///
/// Sans-I/O like the engine: when a method needs a user's password hash the
/// table says so (``Outcome/lookUp(spi:userName:)``); the runtime asks the
/// credential store (local file, LDAP), which may take a while, and hands the
/// result to ``credentials(spi:passwordHash:authorization:)``.
public struct EAPSessionTable: Sendable {
    /// What the caller does next.
    public enum Outcome: Sendable {
        /// Give this answer to the engine.
        case answer(AuthenticationAnswer)
        /// Look up this user's NT password hash and authorisation.
        case lookUp(spi: UInt64, userName: String)
        /// Nothing (an abandoned session).
        case none
    }

    private struct Session: Sendable {
        var method: MSCHAPv2Authenticator
        var authorization: Authorization?
    }

    private var sessions: [UInt64: Session] = [:]
    private let serverName: String

    public init(serverName: String = "gatehouse") {
        self.serverName = serverName
    }

    /// Sessions in progress.
    public var count: Int { sessions.count }

    /// Whether a session of this SA is in progress.
    public func holds(_ spi: UInt64) -> Bool { sessions[spi] != nil }

    public mutating func handle(_ request: AuthenticationRequest) -> Outcome {
        switch request.step {
        case .start(let identity, let nextIdentifier):
            var method = MSCHAPv2Authenticator(identity: identity, firstIdentifier: nextIdentifier, serverName: serverName)
            let challenge = method.start()
            sessions[request.spi] = Session(method: method)
            return .answer(AuthenticationAnswer(spi: request.spi, result: .request(challenge)))
        case .response(let message):
            guard var session = sessions[request.spi] else {
                return .answer(AuthenticationAnswer(spi: request.spi, result: .failure(reason: "no EAP session")))
            }
            let step = session.method.receive(message)
            sessions[request.spi] = session
            return outcome(of: step, spi: request.spi)
        case .abandon:
            sessions[request.spi] = nil
            return .none
        }
    }

    /// The credential store's answer: the hash and authorisation, or nils for
    /// an unknown user (which the peer cannot tell from a wrong password).
    public mutating func credentials(spi: UInt64, passwordHash: SecretBytes?, authorization: Authorization?) -> Outcome {
        guard var session = sessions[spi] else { return .none }
        session.authorization = authorization
        let step = session.method.credentials(authorization == nil ? nil : passwordHash)
        sessions[spi] = session
        return outcome(of: step, spi: spi)
    }

    private mutating func outcome(of step: MSCHAPv2Authenticator.Step, spi: UInt64) -> Outcome {
        switch step {
        case .send(let message):
            return .answer(AuthenticationAnswer(spi: spi, result: .request(message)))
        case .lookUp(let userName):
            return .lookUp(spi: spi, userName: userName)
        case .succeeded(let msk):
            let authorization = sessions.removeValue(forKey: spi)?.authorization
            guard let authorization else {
                return .answer(AuthenticationAnswer(spi: spi, result: .failure(reason: "no authorisation for the user")))
            }
            return .answer(AuthenticationAnswer(spi: spi, result: .success(msk: msk, authorization: authorization)))
        case .failed(let reason):
            sessions[spi] = nil
            return .answer(AuthenticationAnswer(spi: spi, result: .failure(reason: reason.description)))
        }
    }
}
