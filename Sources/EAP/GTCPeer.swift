import IKECrypto
import IKEWire

/// The peer (client) side of EAP-GTC (RFC 3748 §5.6), for the engine's
/// initiator role (`gatehouse bench`, tests): it answers the one GTC
/// Request with the password, as strongSwan's eap-gtc does. GTC proves
/// nothing about the authenticator and yields no MSK; the IKE AUTH
/// payloads after it are keyed with SK_pi/SK_pr (RFC 7296 §2.16).
public struct GTCPeer: Sendable {
    /// What to do next.
    public enum Step: Sendable {
        /// Send this EAP Response.
        case send(EAPMessage)
        /// The method failed.
        case failed(GTCFailure)
    }

    private let password: SecretBytes
    /// Whether the password went out; EAP-Success may follow only then.
    public private(set) var responded = false

    public init(password: String) {
        self.password = SecretBytes(Array(password.utf8))
    }

    /// Processes an EAP Request of type GTC. One Request is answered; a
    /// second (a token-card server asking for the next code) is refused.
    public mutating func receive(_ message: EAPMessage) -> Step {
        guard message.code == .request, message.type == .gtc else {
            return .failed(.protocolViolation("not a GTC Request"))
        }
        guard !responded else { return .failed(.protocolViolation("a second GTC Request")) }
        responded = true
        let data = password.withUnsafeBytes { ArraySlice($0) }
        return .send(EAPMessage(code: .response, identifier: message.identifier, type: .gtc, data: data))
    }
}
