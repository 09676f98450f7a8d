import EAP
import IKECrypto
import IKEWire

/// What the EAP fuzzer checks: the MS-CHAPv2 packet decoders, the
/// authenticator's state machine fed a hostile Response after its Challenge,
/// the GTC authenticator fed a hostile password, and Legacy Nak negotiation.
public enum EAPFuzzCheck {
    /// A fixed password hash, so that look-ups can be answered.
    static let passwordHash = SecretBytes(Array(repeating: 0x5A, count: 16))

    public static func run(_ input: [UInt8]) {
        // 1. Decoders: anything accepted must re-encode to the same packet.
        if let request = try? MSCHAPv2Packet.decodeRequest(input[...]),
           (try? MSCHAPv2Packet.decodeRequest(request.encoded[...])) != request {
            preconditionFailure("MS-CHAPv2 request changed in a round trip")
        }
        if let response = try? MSCHAPv2Packet.decodeResponse(input[...]),
           (try? MSCHAPv2Packet.decodeResponse(response.encoded[...])) != response {
            preconditionFailure("MS-CHAPv2 response changed in a round trip")
        }
        // 2. The authenticator: a Challenge out, the input back as the Response.
        var authenticator = MSCHAPv2Authenticator(identity: Array("fuzz".utf8), firstIdentifier: 1)
        let challenge = authenticator.start()
        let response = EAPMessage(code: .response, identifier: challenge.identifier, type: .mschapv2, data: input[...])
        switch authenticator.receive(response) {
        case .verify:
            // Any NT-Response is wrong for this fixed hash, so only a failure may follow.
            guard case .send(let failure) = authenticator.credentials(passwordHash),
                  case .failureRequest? = try? MSCHAPv2Packet.decodeRequest(failure.data) else {
                preconditionFailure("a guessed NT-Response was not refused")
            }
        case .succeeded:
            preconditionFailure("authentication succeeded without credentials")
        case .send, .failed:
            break
        }
        // 3. EAP-GTC: the input as the Response; a verification is asked only
        //    for a password that is non-empty, at most 256 octets, without NUL.
        var gtc = GTCAuthenticator(identity: Array("fuzz".utf8), firstIdentifier: 1)
        let prompt = gtc.start()
        switch gtc.receive(EAPMessage(code: .response, identifier: prompt.identifier, type: .gtc, data: input[...])) {
        case .verify(_, let password):
            guard !input.isEmpty, input.count <= GTCAuthenticator.maximumPasswordLength, !input.contains(0),
                  password == SecretBytes(input) else { preconditionFailure("GTC asked about an unusable password") }
        case .succeeded:
            preconditionFailure("GTC succeeded without a verdict")
        case .failed:
            break
        }
        // 4. A Legacy Nak with the input as its desired types: a switch only
        //    to an allowed method other than the one refused.
        var negotiation = EAPMethodNegotiation(allowed: [.mschapv2, .gtc], firstIdentifier: 1)
        if case .switchTo(let method) = negotiation.receive(EAPMessage(code: .response, identifier: 1, type: .nak, data: input[...])),
           method != .gtc || input.contains(0) {
            preconditionFailure("Nak switched to \(method)")
        }
    }
}
