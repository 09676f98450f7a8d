import IKECrypto
import IKEWire

/// The peer (client) side of EAP-MSCHAPv2, used by the engine's initiator
/// role: it answers the Challenge, and checks the authenticator's response
/// in the Success Request (mutual authentication, RFC 2759 §8.8) before
/// acknowledging it.
public struct MSCHAPv2Peer: Sendable {
    /// What to do next.
    public enum Step: Sendable {
        /// Send this EAP Response.
        case send(EAPMessage)
        /// The method failed.
        case failed(MSCHAPv2Failure)
    }

    private enum State: Sendable {
        case awaitingChallenge
        case responseSent(authenticatorChallenge: [UInt8], ntResponse: [UInt8])
        case done
    }

    private let userName: [UInt8]
    private let passwordHash: SecretBytes
    private let peerChallenge: [UInt8]
    private var state: State = .awaitingChallenge
    /// The MSK, once the authenticator proved it knows the password.
    public private(set) var msk: SecretBytes?
    /// Why the method failed, once the authenticator refused us.
    public private(set) var failure: MSCHAPv2Failure?

    /// - Parameters:
    ///   - userName: the Name to send; also the EAP identity.
    ///   - password: the user's password.
    public init(userName: String, password: String, peerChallenge: [UInt8] = secureRandomBytes(16)) throws {
        self.userName = Array(userName.utf8)
        passwordHash = try MSCHAPv2.ntPasswordHash(password: password)
        self.peerChallenge = peerChallenge
    }

    /// Processes an EAP Request of type MSCHAPv2.
    public mutating func receive(_ message: EAPMessage) -> Step {
        guard message.code == .request, message.type == .mschapv2,
              let packet = try? MSCHAPv2Packet.decodeRequest(message.data) else {
            return fail(.protocolViolation("malformed MS-CHAPv2 Request"))
        }
        switch (state, packet) {
        case (.awaitingChallenge, .challenge(let identifier, let challenge, _)):
            guard challenge.count == MSCHAPv2Packet.challengeSize,
                  let ntResponse = try? MSCHAPv2.generateNTResponse(authenticatorChallenge: challenge, peerChallenge: peerChallenge,
                                                                   userName: MSCHAPv2.userNameWithoutDomain(userName),
                                                                   passwordHash: passwordHash)
            else { return fail(.protocolViolation("unusable Challenge")) }
            state = .responseSent(authenticatorChallenge: challenge, ntResponse: ntResponse)
            return reply(message.identifier, .response(identifier: identifier, peerChallenge: peerChallenge, ntResponse: ntResponse,
                                                       flags: 0, name: userName))
        case (.responseSent(let challenge, let ntResponse), .successRequest(_, let text)):
            guard let expected = try? MSCHAPv2.generateAuthenticatorResponse(
                      passwordHash: passwordHash, ntResponse: ntResponse, peerChallenge: peerChallenge,
                      authenticatorChallenge: challenge, userName: MSCHAPv2.userNameWithoutDomain(userName)),
                  let expectedText = try? MSCHAPv2.authenticatorResponseString(expected),
                  constantTimeEquals(text.prefix(expectedText.utf8.count), expectedText.utf8)
            else { return fail(.authenticatorRejected) }
            msk = try? MSCHAPv2.ikev2MSK(passwordHash: passwordHash, ntResponse: ntResponse)
            state = .done
            return reply(message.identifier, .successResponse)
        case (.responseSent, .failureRequest):
            // Acknowledge, as RFC 2759 peers do; the authenticator then ends
            // the method and EAP-Failure follows.
            state = .done
            failure = .refused(String(decoding: userName, as: UTF8.self), .denied("the authenticator sent a Failure"))
            return reply(message.identifier, .failureResponse)
        default:
            return fail(.protocolViolation("\(packet.opCodeName) out of turn"))
        }
    }

    private mutating func fail(_ reason: MSCHAPv2Failure) -> Step {
        state = .done
        return .failed(reason)
    }

    private func reply(_ identifier: UInt8, _ packet: MSCHAPv2Packet) -> Step {
        .send(EAPMessage(code: .response, identifier: identifier, type: .mschapv2, data: ArraySlice(packet.encoded)))
    }
}
