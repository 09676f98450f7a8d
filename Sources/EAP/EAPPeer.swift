import IKECrypto
import IKEWire

/// The peer (client) side of EAP for the engine's initiator role: runs
/// whichever of its allowed methods the authenticator asks for, and answers
/// a Request for a method it does not allow with a Legacy Nak listing the
/// ones it does (RFC 3748 §5.3.1), once, before any method has started.
///
/// A client sends its password in clear with GTC only if GTC is among its
/// methods; by default it allows EAP-MSCHAPv2 alone.
public struct EAPPeer: Sendable {
    /// What to do next.
    public enum Step: Sendable {
        /// Send this EAP Response.
        case send(EAPMessage)
        /// The method failed; the reason is for logs.
        case failed(String)
    }

    /// Whether EAP-Success may end the conversation now, and with which key.
    public enum Completion: Sendable {
        /// The method has not finished (or has not proved the authenticator):
        /// an EAP-Success now is premature (CVE-2021-45079 class).
        case pending
        /// The method finished; its MSK keys the final AUTH payloads, or,
        /// for a method without one (GTC), SK_pi/SK_pr do (RFC 7296 §2.16).
        case complete(msk: SecretBytes?)
    }

    private enum Method: Sendable {
        case mschapv2(MSCHAPv2Peer)
        case gtc(GTCPeer)
    }

    /// The methods this peer allows, in its order of preference.
    public let methods: [EAPMethodKind]
    private let userName: String
    private let password: String
    private var method: Method?
    private var nakSent = false

    /// - Parameters:
    ///   - userName: the MS-CHAPv2 Name (the EAP identity is sent by the engine).
    ///   - password: the user's password.
    ///   - methods: the methods allowed, first preferred; not empty.
    public init(userName: String, password: String, methods: [EAPMethodKind] = [.mschapv2]) {
        precondition(!methods.isEmpty, "a client allows at least one EAP method")
        self.userName = userName
        self.password = password
        self.methods = methods
    }

    /// The method that runs, once the authenticator asked for one we allow.
    public var current: EAPMethodKind? {
        switch method {
        case .mschapv2?: .mschapv2
        case .gtc?: .gtc
        case nil: nil
        }
    }

    public var completion: Completion {
        switch method {
        case .mschapv2(let peer)?: peer.msk.map { .complete(msk: $0) } ?? .pending
        case .gtc(let peer)?: peer.responded ? .complete(msk: nil) : .pending
        case nil: .pending
        }
    }

    /// Processes an EAP Request (other than Identity, which the engine answers).
    public mutating func receive(_ message: EAPMessage) -> Step {
        guard message.code == .request, let type = message.type else { return .failed("not an EAP Request") }
        if method == nil {
            guard let kind = EAPMethodKind(eapType: type), methods.contains(kind) else {
                // RFC 3748 §5.3.1: a Nak only answers a Request for an
                // authentication Type (4 and up), and only before a method runs.
                guard type.rawValue >= 4, !nakSent else { return .failed("EAP \(type) Request not acceptable") }
                nakSent = true
                return .send(EAPMessage(code: .response, identifier: message.identifier, type: .nak,
                                        data: ArraySlice(methods.map(\.eapType.rawValue))))
            }
            switch kind {
            case .mschapv2:
                do {
                    method = .mschapv2(try MSCHAPv2Peer(userName: userName, password: password))
                } catch {
                    return .failed("EAP-MSCHAPv2: unusable password: \(error)")
                }
            case .gtc:
                method = .gtc(GTCPeer(password: password))
            }
        }
        switch method {
        case .mschapv2(var peer)?:
            let step = peer.receive(message)
            method = .mschapv2(peer)
            switch step {
            case .send(let response): return .send(response)
            case .failed(let reason): return .failed("EAP-MSCHAPv2: \(reason)")
            }
        case .gtc(var peer)?:
            let step = peer.receive(message)
            method = .gtc(peer)
            switch step {
            case .send(let response): return .send(response)
            case .failed(let reason): return .failed("EAP-GTC: \(reason)")
            }
        case nil:
            // Unreachable: a method is chosen above or the call returned.
            return .failed("no EAP method")
        }
    }
}
