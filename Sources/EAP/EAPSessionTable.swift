import IKECrypto
import IKEWire

/// The local EAP authentication service: one EAP method per IKE SA,
/// driven by the engine's ``AuthenticationRequest``s. It offers the first
/// configured method (EAP-MSCHAPv2 normally) and switches once, on the
/// peer's Legacy Nak, to another one it allows (``EAPMethodNegotiation``).
///
/// Sans-I/O like the engine: when a method has the peer's proof of its
/// password the table says so (``Outcome/verify(spi:userName:proof:)``); the
/// runtime asks the credential store (local file, LDAP, Active Directory),
/// which may take a while, and hands its verdict to ``verdict(spi:_:)``.
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

    fileprivate enum Method: Sendable {
        case mschapv2(MSCHAPv2Authenticator)
        case gtc(GTCAuthenticator)
    }

    fileprivate struct Session: Sendable {
        var negotiation: EAPMethodNegotiation
        var method: Method
        let identity: [UInt8]
        var authorization: Authorization?
    }

    /// A method's step, whichever the method.
    fileprivate enum Step {
        case send(EAPMessage)
        case verify(userName: String, proof: CredentialProof)
        case succeeded(msk: SecretBytes?)
        case failed(String)
    }

    private var sessions: [UInt64: Session] = [:]
    private let serverName: String
    /// The methods offered, first preferred.
    public var methods: [EAPMethodKind]

    public init(serverName: String = "gatehouse", methods: [EAPMethodKind] = [.mschapv2]) {
        precondition(!methods.isEmpty, "at least one EAP method")
        self.serverName = serverName
        self.methods = methods
    }

    /// Sessions in progress.
    public var count: Int { sessions.count }

    /// Whether a session of this SA is in progress.
    public func holds(_ spi: UInt64) -> Bool { sessions[spi] != nil }

    public mutating func handle(_ request: AuthenticationRequest) -> Outcome {
        let spi = request.spi
        switch request.step {
        case .start(let identity, let nextIdentifier):
            let (method, first) = start(methods[0], identity: identity, identifier: nextIdentifier)
            sessions[spi] = Session(negotiation: EAPMethodNegotiation(allowed: methods, firstIdentifier: nextIdentifier),
                                    method: method, identity: identity)
            return .answer(AuthenticationAnswer(spi: spi, result: .request(first)))
        case .response(let message):
            guard var session = sessions[spi] else {
                return .answer(AuthenticationAnswer(spi: spi, result: .failure(reason: "no EAP session")))
            }
            switch session.negotiation.receive(message) {
            case .continueMethod:
                let step = session.receive(message)
                sessions[spi] = session
                return outcome(of: step, spi: spi)
            case .switchTo(let kind):
                let (method, first) = start(kind, identity: session.identity, identifier: message.identifier &+ 1)
                session.method = method
                sessions[spi] = session
                return .answer(AuthenticationAnswer(spi: spi, result: .request(first)))
            case .failed(let reason):
                sessions[spi] = nil
                return .answer(AuthenticationAnswer(spi: spi, result: .failure(reason: reason)))
            }
        case .abandon:
            sessions[spi] = nil
            return .none
        }
    }

    /// The credential store's verdict on the proof. A store that could not
    /// answer ends the session at once (no MS-CHAPv2 Failure round trip: no
    /// password was judged).
    public mutating func verdict(spi: UInt64, _ verdict: CredentialVerdict) -> Outcome {
        guard var session = sessions[spi] else { return .none }
        let step: Step
        switch verdict {
        case .accepted(let authorization, let passwordHashHash):
            session.authorization = authorization
            step = session.verified(passwordHashHash: passwordHashHash, refusal: nil)
        case .refused(let refusal):
            step = session.verified(passwordHashHash: nil, refusal: refusal)
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

    private func start(_ kind: EAPMethodKind, identity: [UInt8], identifier: UInt8) -> (Method, EAPMessage) {
        switch kind {
        case .mschapv2:
            var method = MSCHAPv2Authenticator(identity: identity, firstIdentifier: identifier, serverName: serverName)
            let first = method.start()
            return (.mschapv2(method), first)
        case .gtc:
            var method = GTCAuthenticator(identity: identity, firstIdentifier: identifier)
            let first = method.start()
            return (.gtc(method), first)
        }
    }

    private mutating func outcome(of step: Step, spi: UInt64) -> Outcome {
        switch step {
        case .send(let message):
            return .answer(AuthenticationAnswer(spi: spi, result: .request(message)))
        case .verify(let userName, let proof):
            return .verify(spi: spi, userName: userName, proof: proof)
        case .succeeded(let msk):
            guard let authorization = sessions.removeValue(forKey: spi)?.authorization else {
                return .answer(AuthenticationAnswer(spi: spi, result: .failure(reason: "no authorisation for the user")))
            }
            return .answer(AuthenticationAnswer(spi: spi, result: .success(msk: msk, authorization: authorization)))
        case .failed(let reason):
            sessions[spi] = nil
            return .answer(AuthenticationAnswer(spi: spi, result: .failure(reason: reason)))
        }
    }
}

extension EAPSessionTable.Session {
    fileprivate mutating func receive(_ message: EAPMessage) -> EAPSessionTable.Step {
        switch method {
        case .mschapv2(var authenticator):
            defer { method = .mschapv2(authenticator) }
            return EAPSessionTable.Step(authenticator.receive(message))
        case .gtc(var authenticator):
            defer { method = .gtc(authenticator) }
            return EAPSessionTable.Step(authenticator.receive(message))
        }
    }

    /// The verdict to the method: PasswordHashHash (MS-CHAPv2) or nothing
    /// (GTC) when accepted; a refusal otherwise.
    fileprivate mutating func verified(passwordHashHash: SecretBytes?, refusal: CredentialRefusal?) -> EAPSessionTable.Step {
        switch method {
        case .mschapv2(var authenticator):
            defer { method = .mschapv2(authenticator) }
            if let refusal { return EAPSessionTable.Step(authenticator.verified(passwordHashHash: nil, refusal: refusal)) }
            guard let passwordHashHash else { return .failed("the store accepted an MS-CHAPv2 response without its key") }
            return EAPSessionTable.Step(authenticator.verified(passwordHashHash: passwordHashHash))
        case .gtc(var authenticator):
            defer { method = .gtc(authenticator) }
            return EAPSessionTable.Step(authenticator.verified(refusal: refusal))
        }
    }
}

extension EAPSessionTable.Step {
    fileprivate init(_ step: MSCHAPv2Authenticator.Step) {
        switch step {
        case .send(let message): self = .send(message)
        case .verify(let proof): self = .verify(userName: String(decoding: proof.userName, as: UTF8.self), proof: .mschapv2(proof))
        case .succeeded(let msk): self = .succeeded(msk: msk)
        case .failed(let reason): self = .failed(reason.description)
        }
    }

    fileprivate init(_ step: GTCAuthenticator.Step) {
        switch step {
        case .verify(let userName, let password): self = .verify(userName: userName, proof: .password(password))
        case .succeeded: self = .succeeded(msk: nil)
        case .failed(let reason): self = .failed(reason.description)
        }
    }
}
