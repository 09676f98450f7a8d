import IKECrypto
import IKEWire

/// The authenticator (gateway) side of EAP-MSCHAPv2 (RFC 2759,
/// draft-kamath-pppext-eap-mschapv2), as a sans-I/O state machine: it is fed
/// the peer's EAP Responses and, when asked, the verdict on the peer's
/// NT-Response, and says what to send next. Who checks the response (against
/// an NT hash from the local file or LDAP, or a domain controller through
/// `ntlm_auth`) is not its business.
///
/// The state is strict, because lax EAP state handling has let attackers
/// skip authentication in other gateways (strongSwan CVE-2015-8023: a
/// Success accepted in the wrong state; CVE-2021-45079: early EAP-Success):
/// only a Response is valid after our Challenge, only a Success Response
/// after our Success Request, and the Response's Name must be the EAP
/// identity, or one user's password could authorise another.
public struct MSCHAPv2Authenticator: Sendable {
    /// What to do next.
    public enum Step: Sendable {
        /// Send this EAP Request.
        case send(EAPMessage)
        /// Have the Response checked (its Name as sent, e.g. `CORP\alice`)
        /// and pass the result to ``verified(passwordHashHash:refusal:)``.
        case verify(MSCHAPv2Proof)
        /// The peer is authenticated: answer EAP-Success; the MSK keys the
        /// final IKE AUTH payloads (RFC 7296 §2.16).
        case succeeded(msk: SecretBytes)
        /// Authentication failed: answer EAP-Failure.
        case failed(MSCHAPv2Failure)
    }

    private enum State: Sendable {
        case idle
        case challengeSent(identifier: UInt8)
        case awaitingVerdict(identifier: UInt8, proof: MSCHAPv2Proof)
        case successSent(identifier: UInt8, msk: SecretBytes)
        case failureSent(identifier: UInt8, reason: MSCHAPv2Failure)
        case finished
    }

    /// The identity the peer gave in its EAP-Identity Response.
    public let identity: [UInt8]
    private let challenge: [UInt8]
    private let serverName: [UInt8]
    private var nextIdentifier: UInt8
    private var state: State = .idle

    /// - Parameters:
    ///   - identity: the EAP identity.
    ///   - firstIdentifier: the EAP Identifier for our first Request (one more
    ///     than the Identity Request's).
    ///   - challenge: the 16-octet authenticator challenge; random by default.
    ///   - serverName: the Name in our Challenge.
    public init(identity: [UInt8], firstIdentifier: UInt8, challenge: [UInt8] = secureRandomBytes(16), serverName: String = "gatehouse") {
        self.identity = identity
        self.challenge = challenge
        self.serverName = Array(serverName.utf8)
        nextIdentifier = firstIdentifier
    }

    /// The Challenge Request that starts the method.
    public mutating func start() -> EAPMessage {
        precondition(isIdle, "start() is called once, by the code that created the method")
        let identifier = takeIdentifier()
        state = .challengeSent(identifier: identifier)
        return request(identifier, .challenge(identifier: identifier, challenge: challenge, name: serverName))
    }

    private var isIdle: Bool {
        if case .idle = state { true } else { false }
    }

    /// Processes an EAP Response from the peer.
    public mutating func receive(_ message: EAPMessage) -> Step {
        guard message.code == .response else { return fail(.protocolViolation("EAP \(message.code) from the peer")) }
        switch state {
        case .challengeSent(let identifier):
            guard let packet = decode(message, expecting: identifier) else { return fail(.protocolViolation("malformed Response")) }
            guard case .response(_, let peerChallenge, let ntResponse, _, let name) = packet else {
                // A Success or Failure Response here is the CVE-2015-8023 pattern.
                return fail(.protocolViolation("\(packet.opCodeName) in place of a Response"))
            }
            guard name == identity else { return fail(.nameMismatch) }
            let proof = MSCHAPv2Proof(userName: name, authenticatorChallenge: challenge, peerChallenge: peerChallenge, ntResponse: ntResponse)
            state = .awaitingVerdict(identifier: identifier, proof: proof)
            return .verify(proof)
        case .successSent(let identifier, let msk):
            guard let packet = decode(message, expecting: identifier), case .successResponse = packet else {
                return fail(.protocolViolation("expected a Success Response"))
            }
            state = .finished
            return .succeeded(msk: msk)
        case .failureSent(let identifier, let reason):
            guard let packet = decode(message, expecting: identifier), case .failureResponse = packet else {
                return fail(.protocolViolation("expected a Failure Response"))
            }
            state = .finished
            return .failed(reason)
        case .idle, .awaitingVerdict, .finished:
            return fail(.protocolViolation("EAP Response out of turn"))
        }
    }

    /// The verdict on the Response: PasswordHashHash (MD4 of the NT hash)
    /// if it holds, or why not. Every refusal looks the same to the peer
    /// (RFC 2759 §6 error 691).
    public mutating func verified(passwordHashHash: SecretBytes?, refusal: CredentialRefusal = .wrongPassword) -> Step {
        guard case .awaitingVerdict(_, let proof) = state else {
            return fail(.protocolViolation("verdict out of turn"))
        }
        let name = String(decoding: proof.userName, as: UTF8.self)
        guard let passwordHashHash else { return sendFailure(.refused(name, refusal)) }
        do {
            let authenticatorResponse = try MSCHAPv2.generateAuthenticatorResponse(
                passwordHashHash: passwordHashHash, ntResponse: proof.ntResponse, peerChallenge: proof.peerChallenge,
                authenticatorChallenge: challenge, userName: MSCHAPv2.userNameWithoutDomain(proof.userName))
            let msk = try MSCHAPv2.ikev2MSK(passwordHashHash: passwordHashHash, ntResponse: proof.ntResponse)
            let message = try MSCHAPv2.authenticatorResponseString(authenticatorResponse) + " M=Welcome"
            let identifier = takeIdentifier()
            state = .successSent(identifier: identifier, msk: msk)
            return .send(request(identifier, .successRequest(identifier: identifier, message: Array(message.utf8))))
        } catch {
            return fail(.protocolViolation("MS-CHAPv2 key computation failed"))
        }
    }

    /// Checks the Response against a known NT hash (nil: unknown user) and
    /// goes on as ``verified(passwordHashHash:refusal:)``.
    public mutating func credentials(_ passwordHash: SecretBytes?) -> Step {
        guard case .awaitingVerdict(_, let proof) = state else {
            return fail(.protocolViolation("credentials out of turn"))
        }
        guard let passwordHash else { return verified(passwordHashHash: nil, refusal: .unknownUser) }
        return verified(passwordHashHash: proof.verify(passwordHash: passwordHash))
    }

    /// RFC 2759 §6 Failure packet: E=691 (authentication failure), R=0 (no
    /// retry: a retry would only give an attacker another guess), a fresh
    /// challenge, V=3.
    private mutating func sendFailure(_ reason: MSCHAPv2Failure) -> Step {
        let identifier = takeIdentifier()
        let newChallenge = secureRandomBytes(16).map { ($0 < 16 ? "0" : "") + String($0, radix: 16, uppercase: true) }.joined()
        let message = "E=691 R=0 C=\(newChallenge) V=3 M=Authentication failed"
        state = .failureSent(identifier: identifier, reason: reason)
        return .send(request(identifier, .failureRequest(identifier: identifier, message: Array(message.utf8))))
    }

    private mutating func fail(_ reason: MSCHAPv2Failure) -> Step {
        state = .finished
        return .failed(reason)
    }

    private mutating func takeIdentifier() -> UInt8 {
        defer { nextIdentifier &+= 1 }
        return nextIdentifier
    }

    /// The MS-CHAPv2 packet in a Response with the expected EAP identifier.
    private func decode(_ message: EAPMessage, expecting identifier: UInt8) -> MSCHAPv2Packet? {
        guard message.identifier == identifier, message.type == .mschapv2 else { return nil }
        return try? MSCHAPv2Packet.decodeResponse(message.data)
    }

    private func request(_ identifier: UInt8, _ packet: MSCHAPv2Packet) -> EAPMessage {
        EAPMessage(code: .request, identifier: identifier, type: .mschapv2, data: ArraySlice(packet.encoded))
    }
}

/// Why an EAP-MSCHAPv2 authentication failed, for logs; never sent to the peer
/// in detail.
public enum MSCHAPv2Failure: Hashable, Sendable, CustomStringConvertible {
    /// The credential store refused the user (wrong password, unknown,
    /// disabled, not in the group, ...).
    case refused(String, CredentialRefusal)
    /// The Response's Name is not the EAP identity.
    case nameMismatch
    /// The peer broke the method's state machine or framing.
    case protocolViolation(String)
    /// The peer rejected our authenticator response (peer side only).
    case authenticatorRejected

    public var description: String {
        switch self {
        case .refused(let user, let refusal): "\(refusal) for \(user)"
        case .nameMismatch: "MS-CHAPv2 Name differs from the EAP identity"
        case .protocolViolation(let detail): "protocol violation: \(detail)"
        case .authenticatorRejected: "the authenticator's response did not verify"
        }
    }
}

extension MSCHAPv2Packet {
    /// The packet's kind, for logs.
    var opCodeName: String {
        switch self {
        case .challenge: "Challenge"
        case .response: "Response"
        case .successRequest: "Success Request"
        case .successResponse: "Success Response"
        case .failureRequest: "Failure Request"
        case .failureResponse: "Failure Response"
        }
    }
}
