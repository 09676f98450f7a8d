import Foundation
import FuzzChecks
import Testing
import TestSupport
@testable import EAP

/// Seeds of the EAP fuzzer (the RFC 2759 example packets) and replay of its
/// saved crash inputs. GATEHOUSE_WRITE_CORPUS=1 rewrites the seeds.
@Suite struct EAPFuzzCorpusTests {
    static let directory = "Fuzz/corpus/eap"

    static var seeds: [(String, [UInt8])] {
        typealias V = MSCHAPv2MethodTests
        return [
            ("response", MSCHAPv2Packet.response(identifier: 1, peerChallenge: V.peerChallenge, ntResponse: V.ntResponse,
                                                 flags: 0, name: Array("User".utf8)).encoded),
            ("challenge", MSCHAPv2Packet.challenge(identifier: 1, challenge: V.authenticatorChallenge, name: Array("gatehouse".utf8)).encoded),
            ("success-request", MSCHAPv2Packet.successRequest(identifier: 2, message: Array("S=407A5589115FD0D6209F510FE9C04566932CDA56 M=Welcome".utf8)).encoded),
            ("failure-request", MSCHAPv2Packet.failureRequest(identifier: 2, message: Array("E=691 R=0 C=00 V=3 M=no".utf8)).encoded),
            ("success-response", MSCHAPv2Packet.successResponse.encoded),
        ]
    }

    @Test func committedSeedsMatchAndPassTheFuzzCheck() throws {
        let committed = try FuzzCorpus.committedSeeds(Self.seeds, in: Self.directory)
        for (name, bytes) in Self.seeds {
            #expect(committed[name] == bytes, "\(name) is stale: rerun with GATEHOUSE_WRITE_CORPUS=1")
            EAPFuzzCheck.run(bytes)
        }
        for (_, bytes) in try FuzzCorpus.files(in: "Fuzz/regressions/eap") { EAPFuzzCheck.run(bytes) }
    }
}
