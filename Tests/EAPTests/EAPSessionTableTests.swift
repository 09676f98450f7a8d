import EAP
import IKECrypto
import IKEWire
import Testing
import TestSupport

/// The runtime's EAP sessions: the first method offered, a switch on a
/// Nak, and the credential store's verdict turned into the engine's answer.
@Suite struct EAPSessionTableTests {
    static let peer = IPAddress.v4(IPv4Address(192, 0, 2, 2))

    func request(_ step: AuthenticationRequest.Step, spi: UInt64 = 1) -> AuthenticationRequest {
        AuthenticationRequest(spi: spi, peer: Self.peer, step: step)
    }

    func sent(_ outcome: EAPSessionTable.Outcome) throws -> EAPMessage {
        guard case .answer(let answer) = outcome, case .request(let message) = answer.result else { throw TestFailure("\(outcome)") }
        return message
    }

    /// A Nak for GTC, then the password as the proof; accepted, it succeeds
    /// without an MSK (the engine keys AUTH with SK_pi/SK_pr).
    @Test func gtcAfterANakIsCheckedAsAPassword() throws {
        var table = EAPSessionTable(methods: [.mschapv2, .gtc])
        let first = try sent(table.handle(request(.start(identity: Array("alice".utf8), nextIdentifier: 2))))
        #expect(first.type == .mschapv2 && first.identifier == 2)
        let nak = EAPMessage(code: .response, identifier: 2, type: .nak, data: [6])
        let gtc = try sent(table.handle(request(.response(nak))))
        #expect(gtc.type == .gtc && gtc.identifier == 3)
        let password = EAPMessage(code: .response, identifier: 3, type: .gtc, data: ArraySlice("pw".utf8))
        guard case .verify(1, "alice", .password(let secret)) = table.handle(request(.response(password))) else {
            throw TestFailure("no password to verify")
        }
        #expect(secret == SecretBytes(Array("pw".utf8)))
        guard case .answer(let answer) = table.verdict(spi: 1, .accepted(Authorization(userName: "alice", pool: "staff"), passwordHashHash: nil)),
              case .success(nil, let authorization) = answer.result else {
            throw TestFailure("not a success without MSK")
        }
        #expect(authorization.pool == "staff" && table.count == 0)
    }

    @Test(arguments: [CredentialVerdict.refused(.notInGroup("cn=vpn")), .unavailable(reason: "down"), .failed(reason: "tls")])
    func aGTCRefusalOrOutageFails(_ verdict: CredentialVerdict) throws {
        var table = EAPSessionTable(methods: [.gtc])
        let gtc = try sent(table.handle(request(.start(identity: Array("alice".utf8), nextIdentifier: 2))))
        _ = table.handle(request(.response(EAPMessage(code: .response, identifier: gtc.identifier, type: .gtc, data: ArraySlice("pw".utf8)))))
        guard case .answer(let answer) = table.verdict(spi: 1, verdict), case .failure = answer.result else {
            throw TestFailure("not a failure")
        }
        #expect(table.count == 0)
    }

    /// A Nak for a method that is not configured ends the session.
    @Test func aNakForAMethodNotOfferedFails() throws {
        var table = EAPSessionTable(methods: [.mschapv2])
        _ = try sent(table.handle(request(.start(identity: Array("alice".utf8), nextIdentifier: 2))))
        guard case .answer(let answer) = table.handle(request(.response(EAPMessage(code: .response, identifier: 2, type: .nak, data: [6])))),
              case .failure = answer.result else {
            throw TestFailure("GTC was started although not configured")
        }
        #expect(table.count == 0)
    }

    /// A verdict that arrives before the method asked for one, or an
    /// MS-CHAPv2 acceptance without the key the Success needs, never
    /// becomes a success.
    @Test func verdictsOutOfTurnOrWithoutAKeyFail() throws {
        var table = EAPSessionTable()
        _ = try sent(table.handle(request(.start(identity: Array("alice".utf8), nextIdentifier: 2))))
        guard case .answer(let early) = table.verdict(spi: 1, .accepted(Authorization(userName: "alice"), passwordHashHash: nil)),
              case .failure = early.result else {
            throw TestFailure("a verdict before the Response was taken")
        }
        var second = EAPSessionTable()
        let challenge = try sent(second.handle(request(.start(identity: Array("alice".utf8), nextIdentifier: 2), spi: 2)))
        var peer = try MSCHAPv2Peer(userName: "alice", password: "secret")
        guard case .send(let response) = peer.receive(challenge),
              case .verify = second.handle(request(.response(response), spi: 2)) else {
            throw TestFailure("no verify step")
        }
        guard case .answer(let keyless) = second.verdict(spi: 2, .accepted(Authorization(userName: "alice"), passwordHashHash: nil)),
              case .failure = keyless.result else {
            throw TestFailure("an MS-CHAPv2 success without PasswordHashHash")
        }
        #expect(second.count == 0)
    }
}
