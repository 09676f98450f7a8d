import Foundation
import FuzzChecks
import IKECrypto
import Testing
import TestSupport
@testable import RADIUS

/// Seeds of the RADIUS fuzzer, replay of its saved crash inputs, and a
/// bounded mutation run of the same property. GATEHOUSE_WRITE_CORPUS=1
/// rewrites the seeds.
@Suite struct RADIUSFuzzCorpusTests {
    static let directory = "Fuzz/corpus/radius"

    /// The mode octet for signing a packet of `code` (see ``RADIUSFuzzCheck``).
    static func signedMode(_ code: RADIUSCode) -> UInt8 {
        UInt8(RADIUSFuzzCheck.signedCodes.firstIndex(of: code)!) << 1 | 1
    }

    /// Mode octet followed by the input: whole datagrams (mode 0) and the
    /// attribute octets of packets the harness signs.
    static var seeds: [(String, [UInt8])] {
        [
            ("rfc2865-7.1-access-request", [0] + V.rfc2865AccessRequest),
            ("rfc2865-7.1-access-accept", [0] + V.rfc2865AccessAccept),
            ("rfc2865-7.2-chap-request", [0] + V.rfc2865CHAPRequest),
            ("rfc2865-7.3-access-challenge", [0] + V.rfc2865AccessChallenge),
            ("access-request-eap", [0] + V.accessRequest),
            ("access-challenge-eap-state", [0] + V.accessChallenge),
            ("access-accept-mppe", [0] + V.accessAccept),
            ("accounting-request", [0] + V.accountingRequest),
            ("signed-access-challenge-eap-state", [signedMode(.accessChallenge)] + Array(V.accessChallenge[20...])),
            ("signed-access-accept-mppe", [signedMode(.accessAccept)] + Array(V.accessAccept[20...])),
            ("signed-access-request-eap", [signedMode(.accessRequest)] + Array(V.accessRequest[20...])),
            ("signed-accounting-request", [signedMode(.accountingRequest)] + Array(V.accountingRequest[20...])),
            ("signed-access-reject", [signedMode(.accessReject)] + [18, 7] + Array("nope!".utf8)),
        ]
    }

    @Test func committedSeedsMatchAndPassTheFuzzCheck() throws {
        let committed = try FuzzCorpus.committedSeeds(Self.seeds, in: Self.directory)
        for (name, bytes) in Self.seeds {
            #expect(committed[name] == bytes, "\(name) is stale: rerun with GATEHOUSE_WRITE_CORPUS=1")
            RADIUSFuzzCheck.run(bytes)
        }
    }

    @Test func savedCrashInputsNoLongerCrash() throws {
        // Each file is one input the fuzzer once crashed on (none so far).
        for (_, bytes) in try FuzzCorpus.files(in: "Fuzz/regressions/radius") { RADIUSFuzzCheck.run(bytes) }
    }

    @Test func seedsReachTheCodeAfterTheChecks() throws {
        // The MPPE seed only helps if the harness's secret and request
        // authenticator open it: the signed form verifies and its keys decrypt.
        let accept = try RADIUSPacket(decoding: Array(V.accessAccept))
        let signed = try accept.encodedResponse(requestAuthenticator: RADIUSFuzzCheck.requestAuthenticator, secret: RADIUSFuzzCheck.secret)
        let verified = try RADIUSPacket.verifiedResponse(signed, requestAuthenticator: RADIUSFuzzCheck.requestAuthenticator,
                                                         secret: RADIUSFuzzCheck.secret)
        #expect(throws: Never.self) {
            try MPPEKeys(decrypting: verified, secret: RADIUSFuzzCheck.secret, requestAuthenticator: RADIUSFuzzCheck.requestAuthenticator)
        }
        #expect(try verified.eapMessage() == [3, 3, 0, 4])
    }

    @Test func mutatedSeedsKeepTheProperty() {
        // Any trap fails the whole test run.
        var random = SplitMix64(state: 0x4AD1)
        for (_, seed) in Self.seeds {
            for _ in 0..<300 { RADIUSFuzzCheck.run(FuzzCorpus.mutation(of: seed, using: &random)) }
        }
    }
}
