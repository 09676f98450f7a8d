import IKECrypto
import IKEWire
import Testing
import TestSupport
@testable import EAP

/// EAP-GTC (RFC 3748 §5.6) on both sides, and the client's method choice.
@Suite struct GTCMethodTests {
    func authenticator(identity: String = "alice") -> GTCAuthenticator {
        GTCAuthenticator(identity: Array(identity.utf8), firstIdentifier: 2)
    }

    func response(_ password: [UInt8], identifier: UInt8 = 2) -> EAPMessage {
        EAPMessage(code: .response, identifier: identifier, type: .gtc, data: ArraySlice(password))
    }

    private func sent(_ step: GTCPeer.Step) throws -> EAPMessage {
        guard case .send(let message) = step else { throw TestFailure("expected a message, got \(step)") }
        return message
    }

    private func failure(_ step: GTCAuthenticator.Step) -> GTCFailure? {
        if case .failed(let reason) = step { reason } else { nil }
    }

    @Test func peerAndAuthenticatorSucceedWithTheRightPassword() throws {
        var server = authenticator()
        var client = GTCPeer(password: "correct horse")
        let request = server.start()
        #expect(request == EAPMessage(code: .request, identifier: 2, type: .gtc, data: ArraySlice("Password: ".utf8)))
        #expect(!client.responded)
        let answer = try sent(client.receive(request))
        #expect(answer == response(Array("correct horse".utf8)), "the password alone, as strongSwan sends it")
        #expect(client.responded)
        guard case .verify(let user, let password) = server.receive(answer) else { throw TestFailure("no verification asked") }
        #expect(user == "alice" && password == SecretBytes(Array("correct horse".utf8)))
        guard case .succeeded = server.verified(refusal: nil) else { throw TestFailure("no success") }
        // Finished: nothing more is accepted.
        #expect(failure(server.receive(answer)) == .protocolViolation("EAP Response out of turn"))
    }

    @Test func wrongPasswordVerdictFails() throws {
        var server = authenticator()
        _ = server.start()
        guard case .verify = server.receive(response(Array("guess".utf8))) else { throw TestFailure("no verification asked") }
        #expect(failure(server.verified(refusal: .accountDisabled)) == .refused("alice", .accountDisabled))
        #expect(failure(server.verified(refusal: nil)) == .protocolViolation("verdict out of turn"), "a late verdict cannot revive it")
    }

    @Test func emptyPasswordFailsWithoutAskingAnyone() {
        var server = authenticator()
        _ = server.start()
        let step = server.receive(response([]))
        #expect(failure(step) == .emptyPassword && failure(step)?.description == "empty password")
        #expect(failure(server.verified(refusal: nil)) == .protocolViolation("verdict out of turn"))
    }

    @Test(arguments: [Array(repeating: UInt8(0x61), count: 257), Array("pass\u{0}word".utf8), [0]])
    func oversizedOrNULPasswordsFailWithoutAskingAnyone(_ password: [UInt8]) {
        var server = authenticator()
        _ = server.start()
        guard case .invalidPassword? = failure(server.receive(response(password))) else {
            Issue.record("accepted"); return
        }
        #expect(failure(server.verified(refusal: nil)) == .protocolViolation("verdict out of turn"))
    }

    @Test func aPasswordOf256OctetsIsAsked() {
        var server = authenticator()
        _ = server.start()
        guard case .verify(_, let password) = server.receive(response(Array(repeating: 0x61, count: 256))) else {
            Issue.record("refused")
            return
        }
        #expect(password.count == 256)
    }

    @Test func wrongIdentifierFails() {
        var server = authenticator()
        _ = server.start()
        guard case .protocolViolation? = failure(server.receive(response(Array("secret".utf8), identifier: 3))) else {
            Issue.record("accepted"); return
        }
    }

    @Test func responsesOutOfTurnFail() {
        var notStarted = authenticator()
        #expect(failure(notStarted.receive(response(Array("secret".utf8)))) == .protocolViolation("EAP Response out of turn"))

        var twice = authenticator()
        _ = twice.start()
        guard case .verify = twice.receive(response(Array("secret".utf8))) else { Issue.record("no verification asked"); return }
        #expect(failure(twice.receive(response(Array("secret".utf8)))) == .protocolViolation("EAP Response out of turn"),
                "a second Response while the verdict is pending")

        var early = authenticator()
        _ = early.start()
        guard case .protocolViolation? = failure(early.receive(EAPMessage(code: .success, identifier: 2))) else {
            Issue.record("EAP-Success from the peer accepted (CVE-2021-45079 class)"); return
        }
        var noVerification = authenticator()
        _ = noVerification.start()
        #expect(failure(noVerification.verified(refusal: nil)) == .protocolViolation("verdict out of turn"))
    }

    /// CVE-2015-8023 class: an MS-CHAPv2 Success (or Failure) Response, or
    /// another method's packet, where the GTC Response belongs is no success.
    @Test(arguments: [(EAPType.mschapv2, [UInt8(3)]), (.mschapv2, [4]), (.nak, [26]), (.identity, Array("alice".utf8)),
                      (.md5Challenge, [16] + Array(repeating: 0, count: 16))])
    func anotherPacketInPlaceOfTheResponseIsAViolation(_ type: EAPType, _ data: [UInt8]) {
        var server = authenticator()
        _ = server.start()
        let bogus = EAPMessage(code: .response, identifier: 2, type: type, data: ArraySlice(data))
        guard case .protocolViolation? = failure(server.receive(bogus)) else { Issue.record("accepted"); return }
        #expect(failure(server.verified(refusal: nil)) == .protocolViolation("verdict out of turn"))
    }

    // MARK: - Peer

    @Test func peerAnswersOneGTCRequestOnly() throws {
        var client = GTCPeer(password: "secret")
        _ = try sent(client.receive(EAPMessage(code: .request, identifier: 5, type: .gtc, data: ArraySlice("Password".utf8))))
        guard case .failed(.protocolViolation) = client.receive(EAPMessage(code: .request, identifier: 6, type: .gtc, data: [0x41])) else {
            throw TestFailure("a second Request was answered")
        }
        var other = GTCPeer(password: "secret")
        guard case .failed = other.receive(EAPMessage(code: .request, identifier: 1, type: .mschapv2, data: [1])) else {
            throw TestFailure("an MS-CHAPv2 Request was answered")
        }
        #expect(!other.responded)
    }

    // MARK: - The client's choice of method (EAPPeer)

    @Test func clientAllowingGTCAnswersItAndCompletesWithoutMSK() throws {
        var client = EAPPeer(userName: "alice", password: "secret", methods: [.gtc])
        var server = authenticator()
        guard case .pending = client.completion else { throw TestFailure("complete before any method") }
        guard case .send(let answer) = client.receive(server.start()) else { throw TestFailure("no answer") }
        guard case .complete(let msk) = client.completion, msk == nil else { throw TestFailure("not complete without MSK") }
        #expect(client.current == .gtc)
        guard case .verify = server.receive(answer) else { throw TestFailure("no verification asked") }
    }

    @Test func clientWithoutGTCNaksItOnceAndNeverSendsThePassword() throws {
        var client = EAPPeer(userName: "alice", password: "secret")
        let request = EAPMessage(code: .request, identifier: 2, type: .gtc, data: ArraySlice("Password: ".utf8))
        guard case .send(let nak) = client.receive(request) else { throw TestFailure("no Nak") }
        #expect(nak == EAPMessage(code: .response, identifier: 2, type: .nak, data: [26]))
        guard case .failed = client.receive(EAPMessage(code: .request, identifier: 3, type: .gtc, data: [0x50])) else {
            throw TestFailure("a second unacceptable Request was answered")
        }
        guard case .pending = client.completion else { throw TestFailure("complete") }
    }

    @Test func clientPreferringGTCNaksMSCHAPv2WithItsList() throws {
        var client = EAPPeer(userName: "alice", password: "secret", methods: [.gtc, .mschapv2])
        var mschap = MSCHAPv2Authenticator(identity: Array("alice".utf8), firstIdentifier: 2)
        // Both are allowed, so the client runs what the gateway offers.
        guard case .send(let answer) = client.receive(mschap.start()), answer.type == .mschapv2 else {
            throw TestFailure("MS-CHAPv2 not answered")
        }
        #expect(client.current == .mschapv2)
        guard case .failed = client.receive(EAPMessage(code: .request, identifier: 3, type: .gtc, data: [0x50])) else {
            throw TestFailure("a method switch mid-way was accepted")
        }
        var gtcOnly = EAPPeer(userName: "alice", password: "secret", methods: [.gtc])
        var another = MSCHAPv2Authenticator(identity: Array("alice".utf8), firstIdentifier: 7)
        guard case .send(let nak) = gtcOnly.receive(another.start()) else { throw TestFailure("no Nak") }
        #expect(nak == EAPMessage(code: .response, identifier: 7, type: .nak, data: [6]))
    }
}
