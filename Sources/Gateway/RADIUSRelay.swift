import Credentials
import EAP
import IKECrypto
import IKEWire
import RADIUS
import RADIUSClient

/// Relays EAP between the engine and a RADIUS server (RFC 3579): the
/// engine asks for the identity itself (Windows needs that first), then
/// every EAP Response goes out in an Access-Request and every Access-
/// Challenge's EAP Request comes back, until Access-Accept (the MSK from
/// the MPPE keys, RFC 2548) or Access-Reject.
///
/// The conversation state (RADIUS State, the server that holds it) is kept
/// by ``AuthenticationService`` per SA, which sends through its
/// `RADIUSClient`; this type builds the requests and reads the replies.
struct RADIUSRelay: Sendable {
    let settings: RADIUSRelaySettings

    /// One SA's conversation with the server.
    struct Conversation: Sendable {
        /// The EAP identity as the client sent it (User-Name).
        let identity: [UInt8]
        /// Acct-Session-Id, the same as the accounting records' (RFC 2866 §5.5).
        let sessionID: String
        let peer: IPAddress
        let local: IPAddress?
        /// The server's State, echoed in the next request (RFC 2865 §5.24).
        var state: [UInt8]?
        /// After the first Access-Challenge, the server that holds the
        /// conversation: later requests go only there.
        var server: RADIUSServer?
    }

    /// What a reply means for the engine.
    enum Outcome: Sendable {
        /// Send this EAP Request to the client; keep the conversation.
        case challenge(EAPMessage, Conversation)
        case accepted(msk: SecretBytes, authorization: Authorization)
        case rejected(reason: String)
    }

    /// The Access-Request carrying `eap` (RFC 3579 §3.1, RFC 2865 §4.1),
    /// with what the server needs to log, authorise and correlate it. The
    /// transport fills in the identifier, the Request Authenticator and
    /// the Message-Authenticator.
    func accessRequest(_ eap: EAPMessage, in conversation: Conversation) -> RADIUSPacket {
        var attributes = [RADIUSAttribute(.userName, value: conversation.identity)]
        attributes += nasAttributes(local: conversation.local)
        attributes += [
            RADIUSAttribute(.serviceType, integer: RADIUSValues.serviceTypeFramed),
            RADIUSAttribute(.nasPortType, integer: RADIUSValues.nasPortTypeVirtual),
            RADIUSAttribute(.callingStationID, text: "\(conversation.peer)"),
            RADIUSAttribute(.framedMTU, integer: settings.framedMTU),
            RADIUSAttribute(.acctSessionID, text: conversation.sessionID),
        ]
        if let local = conversation.local { attributes.append(RADIUSAttribute(.calledStationID, text: "\(local)")) }
        if let state = conversation.state { attributes.append(RADIUSAttribute(.state, value: state)) }
        attributes += RADIUSPacket.eapMessageAttributes(eap.packet)
        return RADIUSPacket(code: .accessRequest, identifier: 0, authenticator: secureRandomBytes(RADIUSPacket.authenticatorSize),
                            attributes: attributes)
    }

    /// NAS-Identifier and NAS-IP(v6)-Address (RFC 2865 §5.4, §5.32; RFC
    /// 3162 §2.1); a request must carry one of the two, we send both.
    func nasAttributes(local: IPAddress?) -> [RADIUSAttribute] {
        var attributes = [RADIUSAttribute(.nasIdentifier, text: settings.nasIdentifier)]
        switch settings.nasAddress ?? local {
        case .v4(let address): attributes.append(RADIUSAttribute(.nasIPAddress, address: address))
        case .v6(let address): attributes.append(RADIUSAttribute(.nasIPv6Address, address: address))
        case nil: break
        }
        return attributes
    }

    /// Reads a verified reply to the request sent in `conversation`.
    func outcome(of reply: RADIUSReply, in conversation: Conversation, normalizer: UserNameNormalizer) -> Outcome {
        let packet = reply.packet
        switch packet.code {
        case .accessChallenge:
            // Authorisation attributes in a Challenge are ignored: FreeRADIUS
            // copies reply attributes into it too, and only an Accept grants.
            guard let eap = try? packet.eapMessage().map({ try EAPMessage(packet: $0) }), eap.code == .request else {
                return .rejected(reason: "Access-Challenge from \(reply.server) without an EAP Request")
            }
            var next = conversation
            next.state = packet.first(.state)?.value
            next.server = reply.server
            return .challenge(eap, next)
        case .accessAccept:
            // The Accept carries the EAP-Success (RFC 3579). One
            // without it, or with anything else, or malformed, is refused:
            // FreeRADIUS and NPS always send it.
            let eap: EAPMessage?
            do {
                eap = try packet.eapMessage().map { try EAPMessage(packet: $0) }
            } catch {
                return .rejected(reason: "Access-Accept from \(reply.server) with a malformed EAP-Message: \(error)")
            }
            guard let eap, eap.code == .success else {
                return .rejected(reason: "Access-Accept from \(reply.server) without EAP-Success (\(eap.map { "EAP \($0.code)" } ?? "no EAP-Message"))")
            }
            let msk: SecretBytes
            do {
                msk = try MPPEKeys(decrypting: packet, secret: reply.server.secret, requestAuthenticator: reply.requestAuthenticator).msk()
            } catch {
                // Without the MSK neither side's AUTH can be computed (RFC 7296 §2.16).
                return .rejected(reason: "Access-Accept from \(reply.server) without usable MPPE keys: \(error)")
            }
            switch AccessAcceptAuthorization.read(packet, identity: conversation.identity, normalizer: normalizer,
                                                  filters: settings.filters) {
            case .success(let authorization): return .accepted(msk: msk, authorization: authorization)
            case .failure(let refusal): return .rejected(reason: "\(refusal) (from \(reply.server))")
            }
        default:
            let message = (try? packet.first(.replyMessage)?.text()).map { ": \($0.prefix(120))" } ?? ""
            return .rejected(reason: "Access-Reject from \(reply.server)\(message)")
        }
    }
}

/// RADIUS enumerated values the gateway sends (RFC 2865 §5.6, §5.41).
enum RADIUSValues {
    static let serviceTypeFramed: UInt32 = 2
    static let nasPortTypeVirtual: UInt32 = 5
}
