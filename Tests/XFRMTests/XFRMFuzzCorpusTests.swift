import Foundation
import FuzzChecks
import Testing
import TestSupport
@testable import XFRM

/// Seeds of the XFRM reply fuzzer, made from the kernel-header answers of
/// Tests/CrossChecks/xfrm_layout.c, and replay of its saved crash inputs.
/// GATEHOUSE_WRITE_CORPUS=1 rewrites the seeds.
@Suite struct XFRMFuzzCorpusTests {
    static let directory = "Fuzz/corpus/xfrm-reply"

    /// Name and input: a mode octet (see XFRMReplyFuzzCheck), then the bytes.
    static func seeds() throws -> [(String, [UInt8])] {
        let answers = try CLayout.replies()
        func answer(_ name: String) throws -> [UInt8] { try #require(answers[name], "xfrm_layout printed no \(name)") }
        let stateESN = try answer("state-esn")
        let errorExtack = try answer("error-extack")
        return [
            ("state-replay", [0] + (try answer("state-replay"))),
            ("state-esn", [0] + stateESN),
            ("error-extack", [0] + errorExtack),
            ("ack", [0] + (try answer("ack"))),
            ("dump", [0] + (try answer("dump"))),
            // Mode 1: the attributes of the ESN answer, after header and xfrm_usersa_info.
            ("state-attributes", [1] + Array(stateESN[(16 + 224)...])),
            // Mode 2: the extended-ack attributes, after header and struct nlmsgerr.
            ("extack-attributes", [2] + Array(errorExtack[(16 + 20)...])),
        ]
    }

    @Test func committedSeedsMatchAndPassTheFuzzCheck() throws {
        let seeds = try Self.seeds()
        let committed = try FuzzCorpus.committedSeeds(seeds, in: Self.directory)
        for (name, bytes) in seeds {
            #expect(committed[name] == bytes, "\(name) is stale: rerun with GATEHOUSE_WRITE_CORPUS=1")
            XFRMReplyFuzzCheck.run(bytes)
            // Every seed decodes: the fuzzer starts from inputs that reach deep.
            let input = Array(bytes.dropFirst())
            switch bytes[0] {
            case 0: #expect(throws: Never.self, "\(name)") { _ = try XFRMReply.parse(input) }
            default: break
            }
        }
    }

    @Test func savedCrashInputsNoLongerCrash() throws {
        // Each file is one input the fuzzer once crashed on (none so far).
        for (_, bytes) in try FuzzCorpus.files(in: "Fuzz/regressions/xfrm-reply") {
            XFRMReplyFuzzCheck.run(bytes)
        }
    }
}
