import IKEWire

/// An EAP-MSCHAPv2 packet: the Type-Data of an EAP Request or Response of type
/// 26 (draft-kamath-pppext-eap-mschapv2-02 §2, carrying RFC 2759's packets).
///
///     OpCode(1) | MS-CHAPv2-ID(1) | MS-Length(2) | Data
///
/// MS-Length covers the whole packet from OpCode on. A Success or Failure
/// Response is the OpCode octet alone.
public enum MSCHAPv2Packet: Hashable, Sendable {
    /// Authenticator → peer: the 16-octet authenticator challenge and its name.
    case challenge(identifier: UInt8, challenge: [UInt8], name: [UInt8])
    /// Peer → authenticator: peer challenge, NT-Response, flags and the user name.
    case response(identifier: UInt8, peerChallenge: [UInt8], ntResponse: [UInt8], flags: UInt8, name: [UInt8])
    /// Authenticator → peer: "S=<authenticator response> M=<message>".
    case successRequest(identifier: UInt8, message: [UInt8])
    /// Peer → authenticator: acknowledges a Success Request.
    case successResponse
    /// Authenticator → peer: "E=… R=… C=… V=… M=…" (RFC 2759 §6).
    case failureRequest(identifier: UInt8, message: [UInt8])
    /// Peer → authenticator: acknowledges a Failure Request.
    case failureResponse

    /// OpCodes (RFC 2759 §4–§6).
    enum OpCode: UInt8 {
        case challenge = 1, response = 2, success = 3, failure = 4, changePassword = 7
    }

    /// Why a packet could not be decoded.
    public enum DecodingError: Error, Hashable, Sendable {
        /// Shorter than its fixed fields, or MS-Length disagrees with the data.
        case malformed(String)
        /// An OpCode that is not valid in this direction (for example a
        /// Success Request sent by a peer).
        case unexpectedOpCode(UInt8)
    }

    static let challengeSize = 16
    /// PeerChallenge(16) | Reserved(8) | NT-Response(24) | Flags(1) (RFC 2759 §4).
    static let responseValueSize = 49

    /// Decodes the Type-Data of an EAP Response (peer → authenticator).
    public static func decodeResponse(_ data: ArraySlice<UInt8>) throws(DecodingError) -> MSCHAPv2Packet {
        guard let opCode = data.first else { throw .malformed("empty") }
        switch OpCode(rawValue: opCode) {
        case .success?:
            // draft-kamath §2.3: the Success Response is the OpCode alone.
            guard data.count == 1 else { throw .malformed("Success Response with data") }
            return .successResponse
        case .failure?:
            guard data.count == 1 else { throw .malformed("Failure Response with data") }
            return .failureResponse
        case .response?:
            let (identifier, body) = try header(data)
            guard body.count >= 1 + responseValueSize, body[body.startIndex] == responseValueSize else {
                throw .malformed("Response Value-Size is not 49")
            }
            let value = body.dropFirst()
            let peerChallenge = Array(value.prefix(16))
            let ntResponse = Array(value.dropFirst(24).prefix(24))
            let flags = value[value.startIndex + 48]
            return .response(identifier: identifier, peerChallenge: peerChallenge, ntResponse: ntResponse, flags: flags,
                             name: Array(value.dropFirst(responseValueSize)))
        default:
            throw .unexpectedOpCode(opCode)
        }
    }

    /// Decodes the Type-Data of an EAP Request (authenticator → peer).
    public static func decodeRequest(_ data: ArraySlice<UInt8>) throws(DecodingError) -> MSCHAPv2Packet {
        guard let opCode = data.first else { throw .malformed("empty") }
        switch OpCode(rawValue: opCode) {
        case .challenge?:
            let (identifier, body) = try header(data)
            guard body.count >= 1 + challengeSize, body[body.startIndex] == challengeSize else {
                throw .malformed("Challenge Value-Size is not 16")
            }
            return .challenge(identifier: identifier, challenge: Array(body.dropFirst().prefix(challengeSize)),
                              name: Array(body.dropFirst(1 + challengeSize)))
        case .success?:
            let (identifier, body) = try header(data)
            return .successRequest(identifier: identifier, message: Array(body))
        case .failure?:
            let (identifier, body) = try header(data)
            return .failureRequest(identifier: identifier, message: Array(body))
        default:
            throw .unexpectedOpCode(opCode)
        }
    }

    /// OpCode, MS-CHAPv2-ID and MS-Length, checked against the data.
    private static func header(_ data: ArraySlice<UInt8>) throws(DecodingError) -> (UInt8, ArraySlice<UInt8>) {
        guard data.count >= 4 else { throw .malformed("shorter than the MS-CHAPv2 header") }
        let start = data.startIndex
        let length = Int(data[start + 2]) << 8 | Int(data[start + 3])
        guard length == data.count else { throw .malformed("MS-Length \(length) but \(data.count) octets") }
        return (data[start + 1], data.dropFirst(4))
    }

    /// The Type-Data to put in an EAP packet of type MSCHAPv2.
    public var encoded: [UInt8] {
        switch self {
        case .challenge(let identifier, let challenge, let name):
            Self.withHeader(.challenge, identifier, [UInt8(challenge.count)] + challenge + name)
        case .response(let identifier, let peerChallenge, let ntResponse, let flags, let name):
            Self.withHeader(.response, identifier, [UInt8(Self.responseValueSize)] + peerChallenge + [UInt8](repeating: 0, count: 8)
                                + ntResponse + [flags] + name)
        case .successRequest(let identifier, let message):
            Self.withHeader(.success, identifier, message)
        case .successResponse:
            [OpCode.success.rawValue]
        case .failureRequest(let identifier, let message):
            Self.withHeader(.failure, identifier, message)
        case .failureResponse:
            [OpCode.failure.rawValue]
        }
    }

    private static func withHeader(_ opCode: OpCode, _ identifier: UInt8, _ body: [UInt8]) -> [UInt8] {
        let length = 4 + body.count
        return [opCode.rawValue, identifier, UInt8(truncatingIfNeeded: length >> 8), UInt8(truncatingIfNeeded: length)] + body
    }
}
