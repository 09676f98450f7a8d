import Credentials
import EAP
import IKECrypto
import IKEWire
import Logging
import Testing
@testable import Gateway

/// The authentication service's bookkeeping around the EAP methods: the
/// guessing throttle, stores that cannot answer, steps arriving out of
/// order.
@Suite struct AuthenticationServiceTests {
    /// A store that cannot answer (directory down).
    struct DownStore: CredentialStore {
        func verify(_ userName: String, _ proof: CredentialProof) async -> CredentialVerdict { .unavailable(reason: "directory down") }
    }

    static let peer = IPAddress.v4(IPv4Address(192, 0, 2, 2))
    let logger = Logger(label: "test")

    func start(_ service: AuthenticationService, spi: UInt64) async -> AuthenticationAnswer? {
        await service.handle(AuthenticationRequest(spi: spi, peer: Self.peer, step: .start(identity: Array("alice".utf8), nextIdentifier: 2)))
    }

    /// Runs one EAP-MSCHAPv2 attempt to its answer after the Response.
    func attempt(_ service: AuthenticationService, spi: UInt64) async throws -> AuthenticationAnswer? {
        guard case .request(let challenge)? = await start(service, spi: spi)?.result else { return await start(service, spi: spi) }
        var peer = try MSCHAPv2Peer(userName: "alice", password: "secret")
        guard case .send(let response) = peer.receive(challenge) else { throw ServiceTestFailure("the peer did not answer the Challenge") }
        let answer = await service.handle(AuthenticationRequest(spi: spi, peer: Self.peer, step: .response(response)))
        // A wrong password gets an MS-CHAPv2 Failure Request (opcode 4);
        // the peer's Failure Response ends the method.
        guard case .request(let failure)? = answer?.result, failure.data.first == 4 else { return answer }
        let acknowledgement = EAPMessage(code: .response, identifier: failure.identifier, type: .mschapv2, data: [4])
        return await service.handle(AuthenticationRequest(spi: spi, peer: Self.peer, step: .response(acknowledgement)))
    }

    @Test func aStoreThatCannotAnswerIsNoGuess() async throws {
        let service = AuthenticationService(store: DownStore(), normalizer: UserNameNormalizer(), logger: logger)
        for spi in 1...6 as ClosedRange<UInt64> {
            let answer = try await attempt(service, spi: spi)
            guard case .failure(let reason)? = answer?.result else { Issue.record("attempt \(spi): \(String(describing: answer))"); return }
             #expect(reason == "credential store unavailable: directory down", "not throttled after \(spi - 1) outages: \(reason)")
        }
    }

    @Test func wrongPasswordsAreCountedAndThrottled() async throws {
        let secrets = try LocalSecrets(file: "secrets.yaml", text: "users:\n  alice:\n    password: another\n")
        let service = AuthenticationService(store: secrets, normalizer: UserNameNormalizer(), logger: logger)
        var reasons: [String] = []
        for spi in 1...5 as ClosedRange<UInt64> {
            if case .failure(let reason)? = try await attempt(service, spi: spi)?.result { reasons.append(reason) }
        }
        #expect(reasons.contains { $0.contains("throttled") }, "\(reasons)")
    }

    @Test func anAbandonThatOvertakesItsStartDropsTheStart() async {
        let service = AuthenticationService(store: DownStore(), normalizer: UserNameNormalizer(), logger: logger)
        _ = await service.handle(AuthenticationRequest(spi: 7, peer: Self.peer, step: .abandon))
        #expect(await start(service, spi: 7) == nil, "no session is made for an SA already gone")
        #expect(await start(service, spi: 8) != nil, "other SAs are served")
    }
}

struct ServiceTestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
