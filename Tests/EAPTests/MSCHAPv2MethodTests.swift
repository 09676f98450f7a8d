import IKECrypto
import IKEWire
import Testing
import TestSupport
@testable import EAP

/// EAP-MSCHAPv2 on both sides, with the RFC 2759 §9.2 example values.
@Suite struct MSCHAPv2MethodTests {
    static let authenticatorChallenge = hex("5B5D7C7D7B3F2F3E3C2C602132262628")
    static let peerChallenge = hex("21402324255E262A28295F2B3A337C7E")
    static let ntResponse = hex("82309ECD8D708B5EA08FAA3981CD83544233114A3D85D6DF")
    static let msk = hex("D5F0E9521E3EA9589645E86051C82226 8B7CDC149B993A1BA118CB153F56DCCB") + Array(repeating: 0, count: 32)

    func authenticator(identity: String = "User") -> MSCHAPv2Authenticator {
        MSCHAPv2Authenticator(identity: Array(identity.utf8), firstIdentifier: 2, challenge: Self.authenticatorChallenge)
    }

    func peer(_ name: String = "User", password: String = "clientPass") throws -> MSCHAPv2Peer {
        try MSCHAPv2Peer(userName: name, password: password, peerChallenge: Self.peerChallenge)
    }

    private func sent(_ step: MSCHAPv2Authenticator.Step) throws -> EAPMessage {
        guard case .send(let message) = step else { throw TestFailure("expected a message, got \(step)") }
        return message
    }

    private func sent(_ step: MSCHAPv2Peer.Step) throws -> EAPMessage {
        guard case .send(let message) = step else { throw TestFailure("expected a message, got \(step)") }
        return message
    }

    @Test func rfc2759ExchangeSucceedsWithThePublishedValues() throws {
        var server = authenticator()
        var client = try peer()
        let challenge = server.start()
        #expect(challenge.code == .request && challenge.identifier == 2 && challenge.type == .mschapv2)
        let response = try sent(client.receive(challenge))
        guard case .response(_, _, let nt, _, let name) = try MSCHAPv2Packet.decodeResponse(response.data) else {
            throw TestFailure("not a Response")
        }
        #expect(nt == Self.ntResponse && name == Array("User".utf8))
        guard case .verify(let proof) = server.receive(response) else { throw TestFailure("no verify step") }
        #expect(proof.userName == Array("User".utf8) && proof.ntResponse == Self.ntResponse)
        #expect(proof.challengeHash == hex("D02E4386BCE91226"), "RFC 2759 §9.2 ChallengeHash")
        // A pass-through verifier (a domain controller) returns only
        // PasswordHashHash, which is all the Success and the MSK need.
        let success = try sent(server.verified(passwordHashHash: SecretBytes(hex("41C00C584BD2D91C4017A2A12FA59F3F"))))
        guard case .successRequest(_, let text) = try MSCHAPv2Packet.decodeRequest(success.data) else { throw TestFailure("no Success") }
        #expect(String(decoding: text, as: UTF8.self).hasPrefix("S=407A5589115FD0D6209F510FE9C04566932CDA56"))
        let acknowledgement = try sent(client.receive(success))
        #expect(acknowledgement.data == [3])
        guard case .succeeded(let msk) = server.receive(acknowledgement) else { throw TestFailure("no success") }
        #expect(msk == SecretBytes(Self.msk) && client.msk == SecretBytes(Self.msk))
    }

    @Test func domainPrefixIsStrippedForTheChallengeHashOnly() throws {
        var server = authenticator(identity: #"CORP\User"#)
        var client = try peer(#"CORP\User"#)
        let response = try sent(client.receive(server.start()))
        guard case .response(_, _, let nt, _, _) = try MSCHAPv2Packet.decodeResponse(response.data) else { throw TestFailure("not a Response") }
        #expect(nt == Self.ntResponse, "ChallengeHash uses 'User' (RFC 2759 §8.2)")
        guard case .verify(let proof) = server.receive(response) else { throw TestFailure("no verify step") }
        #expect(proof.userName == Array(#"CORP\User"#.utf8))
        #expect(throws: Never.self) { try sent(server.credentials(try MSCHAPv2.ntPasswordHash(password: "clientPass"))) }
    }

    @Test func wrongPasswordGetsError691ThenFails() throws {
        var server = authenticator()
        var client = try peer(password: "wrong")
        _ = server.receive(try sent(client.receive(server.start())))
        let failure = try sent(server.credentials(try MSCHAPv2.ntPasswordHash(password: "clientPass")))
        guard case .failureRequest(_, let text) = try MSCHAPv2Packet.decodeRequest(failure.data) else { throw TestFailure("no Failure") }
        #expect(String(decoding: text, as: UTF8.self).hasPrefix("E=691 R=0 C="))
        let acknowledgement = try sent(client.receive(failure))
        #expect(acknowledgement.data == [4] && client.failure == .refused("User", .denied("the authenticator sent a Failure")) && client.msk == nil)
        guard case .failed(.refused("User", .wrongPassword)) = server.receive(acknowledgement) else { throw TestFailure("server did not fail") }
    }

    @Test func unknownUsersLookLikeWrongPasswords() throws {
        var server = authenticator()
        var client = try peer()
        _ = server.receive(try sent(client.receive(server.start())))
        let failure = try sent(server.credentials(nil))
        guard case .failureRequest(_, let text) = try MSCHAPv2Packet.decodeRequest(failure.data) else { throw TestFailure("no Failure") }
        #expect(String(decoding: text, as: UTF8.self).hasPrefix("E=691"))
    }

    @Test func nameMustEqualTheEAPIdentity() throws {
        var server = authenticator(identity: "alice")
        var client = try peer("mallory")
        guard case .failed(.nameMismatch) = server.receive(try sent(client.receive(server.start()))) else {
            throw TestFailure("a Name other than the identity was accepted")
        }
    }

    /// CVE-2015-8023 class: a Success (or Failure) Response where a Response
    /// belongs must not be taken for success.
    @Test(arguments: [[UInt8(3)], [UInt8(4)]])
    func successOrFailureOpCodeInPlaceOfAResponseIsAViolation(_ data: [UInt8]) {
        var server = authenticator()
        let challenge = server.start()
        let bogus = EAPMessage(code: .response, identifier: challenge.identifier, type: .mschapv2, data: ArraySlice(data))
        guard case .failed(.protocolViolation) = server.receive(bogus) else {
            Issue.record("accepted")
            return
        }
    }

    @Test func responsesOutOfTurnOrWithWrongIdentifiersFail() throws {
        var client = try peer()
        var server = authenticator()
        let challenge = server.start()
        var response = try sent(client.receive(challenge))
        response.identifier &+= 1
        guard case .failed(.protocolViolation) = server.receive(response) else { throw TestFailure("wrong identifier accepted") }

        var early = authenticator()
        _ = early.start()
        guard case .failed(.protocolViolation) = early.receive(EAPMessage(code: .success, identifier: 2)) else {
            throw TestFailure("EAP-Success from the peer accepted (CVE-2021-45079 class)")
        }
        var noChallenge = authenticator()
        guard case .failed(.protocolViolation) = noChallenge.credentials(SecretBytes(Array(repeating: 0, count: 16))) else {
            throw TestFailure("credentials accepted out of turn")
        }
    }

    @Test func peerRejectsAForgedAuthenticatorResponse() throws {
        var client = try peer()
        var server = authenticator()
        _ = try sent(client.receive(server.start()))
        let forged = MSCHAPv2Packet.successRequest(identifier: 3, message: Array("S=0000000000000000000000000000000000000000 M=hi".utf8))
        let message = EAPMessage(code: .request, identifier: 3, type: .mschapv2, data: ArraySlice(forged.encoded))
        guard case .failed(.authenticatorRejected) = client.receive(message) else { throw TestFailure("forged success accepted") }
        #expect(client.msk == nil)
    }

    // MARK: - Packet codec

    @Test func packetsRoundTrip() throws {
        let requests: [MSCHAPv2Packet] = [
            .challenge(identifier: 1, challenge: Self.authenticatorChallenge, name: Array("gw".utf8)),
            .successRequest(identifier: 2, message: Array("S=00 M=x".utf8)),
            .failureRequest(identifier: 3, message: Array("E=691 R=0".utf8)),
        ]
        for packet in requests { #expect(try MSCHAPv2Packet.decodeRequest(packet.encoded[...]) == packet) }
        let responses: [MSCHAPv2Packet] = [
            .response(identifier: 1, peerChallenge: Self.peerChallenge, ntResponse: Self.ntResponse, flags: 0, name: Array("User".utf8)),
            .successResponse, .failureResponse,
        ]
        for packet in responses { #expect(try MSCHAPv2Packet.decodeResponse(packet.encoded[...]) == packet) }
    }

    @Test func malformedPacketsAreTypedErrors() {
        let response = MSCHAPv2Packet.response(identifier: 1, peerChallenge: Self.peerChallenge, ntResponse: Self.ntResponse,
                                               flags: 0, name: Array("User".utf8)).encoded
        var wrongLength = response
        wrongLength[3] &+= 1
        var wrongValueSize = response
        wrongValueSize[4] = 48
        let cases: [[UInt8]] = [[], [2], [2, 1, 0], wrongLength, wrongValueSize, Array(response.prefix(40)), [3, 0], [4, 1], [1, 1, 0, 4], [7]]
        for bytes in cases {
            #expect(throws: MSCHAPv2Packet.DecodingError.self, "\(bytes.prefix(6))") { try MSCHAPv2Packet.decodeResponse(bytes[...]) }
        }
        #expect(throws: MSCHAPv2Packet.DecodingError.unexpectedOpCode(2)) { try MSCHAPv2Packet.decodeRequest(response[...]) }
    }
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
