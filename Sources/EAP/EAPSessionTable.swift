import IKECrypto
import IKEWire

/// The local EAP authentication service: one EAP-MSCHAPv2 authenticator per
/// IKE SA, driven by the engine's ``AuthenticationRequest``s.
///
/// Sans-I/O like the engine: when a method has the peer's proof of its
/// password the table says so (``Outcome/verify(spi:userName:proof:)``); the
/// runtime asks the credential store (local file, LDAP, Active Directory),
/// which may take a while, and hands its verdict to
/// ``verdict(spi:_:)``.
public struct EAPSessionTable: Sendable {
    /// What the caller does next.
    public enum Outcome: Sendable {
        /// Give this answer to the engine.
        case answer(AuthenticationAnswer)
        /// Have this proof checked for this user (the name as sent).
        case verify(spi: UInt64, userName: String, proof: CredentialProof)
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

    /// The credential store's verdict on the proof. A store that could not
    /// answer ends the session at once (no MS-CHAPv2 Failure round trip: no
    /// password was judged).
    public mutating func verdict(spi: UInt64, _ verdict: CredentialVerdict) -> Outcome {
        guard var session = sessions[spi] else { return .none }
        let step: MSCHAPv2Authenticator.Step
        switch verdict {
        case .accepted(let authorization, let passwordHashHash):
            session.authorization = authorization
            step = session.method.verified(passwordHashHash: passwordHashHash)
        case .refused(let refusal):
            step = session.method.verified(passwordHashHash: nil, refusal: refusal)
        case .unavailable(let reason):
            sessions[spi] = nil
            return .answer(AuthenticationAnswer(spi: spi, result: .failure(reason: "credential store unavailable: \(reason)")))
        case .failed(let reason):
            sessions[spi] = nil
            return .answer(AuthenticationAnswer(spi: spi, result: .failure(reason: "credential store failed: \(reason)")))
        }
        sessions[spi] = session
        return outcome(of: step, spi: spi)
    }

    private mutating func outcome(of step: MSCHAPv2Authenticator.Step, spi: UInt64) -> Outcome {
        switch step {
        case .send(let message):
            return .answer(AuthenticationAnswer(spi: spi, result: .request(message)))
        case .verify(let proof):
            return .verify(spi: spi, userName: String(decoding: proof.userName, as: UTF8.self), proof: .mschapv2(proof))
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
