import IKECrypto
import IKEWire

/// The authenticator (gateway) side of EAP-GTC (RFC 3748 §5.6), as a
/// sans-I/O state machine: one Request with a prompt, one Response with the
/// password, and a verdict from whoever checks passwords (an LDAP simple
/// bind). GTC generates no key, so success carries no MSK and the final IKE
/// AUTH payloads are keyed with SK_pi/SK_pr (RFC 7296 §2.16).
///
/// The password is the whole Type-Data of the Response: strongSwan's
/// eap-gtc peer sends its EAP secret as is, and so does Android's strongSwan
/// client. (The `RESPONSE=user\0password` form is wpa_supplicant's and
/// hostapd's inside an EAP-FAST tunnel, after a `CHALLENGE=` prompt, which
/// we never send; it would be refused here for its NUL.) The user is the EAP
/// identity: GTC's Response names nobody.
///
/// Strict like ``MSCHAPv2Authenticator``: only a GTC Response with the
/// identifier of our Request is valid, once; a Success or Failure, another
/// method's packet or a second Response is a protocol violation
/// (CVE-2015-8023, CVE-2021-45079 classes). An empty password fails without
/// asking anyone: an LDAP simple bind with an empty password is an
/// unauthenticated bind that many servers answer with success (RFC 4513
/// §5.1.2).
public struct GTCAuthenticator: Sendable {
    /// What to do next.
    public enum Step: Sendable {
        /// Check this user's password and pass the verdict to ``verified(refusal:)``.
        case verify(userName: String, password: SecretBytes)
        /// The peer is authenticated: answer EAP-Success. No MSK.
        case succeeded
        /// Authentication failed: answer EAP-Failure.
        case failed(GTCFailure)
    }

    private enum State: Sendable {
        case idle
        case requestSent(identifier: UInt8)
        case awaitingVerdict
        case finished
    }

    /// The longest password accepted, in octets.
    public static let maximumPasswordLength = 256

    /// The identity the peer gave in its EAP-Identity Response.
    public let identity: [UInt8]
    private let prompt: [UInt8]
    private let firstIdentifier: UInt8
    private var state: State = .idle

    /// - Parameters:
    ///   - identity: the EAP identity.
    ///   - firstIdentifier: the EAP Identifier of our Request.
    ///   - prompt: the displayable message of the Request (RFC 3748 §5.6:
    ///     more than zero octets).
    public init(identity: [UInt8], firstIdentifier: UInt8, prompt: String = "Password: ") {
        precondition(!prompt.isEmpty, "the GTC Request carries a message (RFC 3748 §5.6)")
        self.identity = identity
        self.firstIdentifier = firstIdentifier
        self.prompt = Array(prompt.utf8)
    }

    /// The Request that starts the method.
    public mutating func start() -> EAPMessage {
        precondition(isIdle, "start() is called once, by the code that created the method")
        state = .requestSent(identifier: firstIdentifier)
        return EAPMessage(code: .request, identifier: firstIdentifier, type: .gtc, data: ArraySlice(prompt))
    }

    private var isIdle: Bool {
        if case .idle = state { true } else { false }
    }

    /// Processes an EAP Response from the peer.
    public mutating func receive(_ message: EAPMessage) -> Step {
        guard message.code == .response else { return fail(.protocolViolation("EAP \(message.code) from the peer")) }
        switch state {
        case .requestSent(let identifier):
            guard message.identifier == identifier else {
                return fail(.protocolViolation("Response with identifier \(message.identifier), expected \(identifier)"))
            }
            guard message.type == .gtc else {
                // An MS-CHAPv2 Success Response here is the CVE-2015-8023 pattern.
                return fail(.protocolViolation("\(message.type.map(\.description) ?? "no type") in place of a GTC Response"))
            }
            let password = message.data
            guard !password.isEmpty else { return fail(.emptyPassword) }
            guard password.count <= Self.maximumPasswordLength else { return fail(.invalidPassword("longer than \(Self.maximumPasswordLength) octets")) }
            guard !password.contains(0) else { return fail(.invalidPassword("contains NUL")) }
            state = .awaitingVerdict
            return .verify(userName: String(decoding: identity, as: UTF8.self), password: SecretBytes(copying: password))
        case .idle, .awaitingVerdict, .finished:
            return fail(.protocolViolation("EAP Response out of turn"))
        }
    }

    /// Whether the password was right for the user. An unknown user is
    /// `false` too; the peer cannot tell the two apart.
    public mutating func verified(refusal: CredentialRefusal?) -> Step {
        guard case .awaitingVerdict = state else { return fail(.protocolViolation("verdict out of turn")) }
        if let refusal { return fail(.refused(String(decoding: identity, as: UTF8.self), refusal)) }
        state = .finished
        return .succeeded
    }

    private mutating func fail(_ reason: GTCFailure) -> Step {
        state = .finished
        return .failed(reason)
    }
}

/// Why an EAP-GTC authentication failed, for logs; the peer sees only
/// EAP-Failure.
public enum GTCFailure: Hashable, Sendable, CustomStringConvertible {
    /// The credential store refused the user (wrong password, unknown,
    /// disabled, not in the group, ...).
    case refused(String, CredentialRefusal)
    /// The Response carried no password; nobody was asked.
    case emptyPassword
    /// The password cannot be one (too long, or with a NUL octet); nobody was asked.
    case invalidPassword(String)
    /// The peer broke the method's state machine or framing.
    case protocolViolation(String)

    public var description: String {
        switch self {
        case .refused(let user, let refusal): "\(refusal) for \(user)"
        case .emptyPassword: "empty password"
        case .invalidPassword(let detail): "unusable password: \(detail)"
        case .protocolViolation(let detail): "protocol violation: \(detail)"
        }
    }
}
