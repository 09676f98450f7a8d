import FuzzChecks
import IKEWire
import Testing
import TestSupport

/// The established-SA fuzzer's seeds and saved crash inputs, replayed; each
/// seed must decode (or it would test nothing) and lead where it is meant to.
@Suite struct EstablishedSAFuzzCorpusTests {
    @Test func seedsReachTheHandlersTheyAreFor() throws {
        let seeds = Dictionary(uniqueKeysWithValues: try FuzzCorpus.files(in: "Fuzz/corpus/established-sa").map { ($0.name, $0.bytes) })
        #expect(seeds.count >= 10)
        var outcomes: [String: EstablishedSAFuzzCheck.Outcome] = [:]
        for (name, bytes) in seeds {
            outcomes[name] = EstablishedSAFuzzCheck.run(bytes)
            #expect(outcomes[name] != nil, "\(name) does not decode")
        }
        #expect(outcomes["delete-ike"]?.aliceUp == false)
        for name in ["liveness", "new-child", "cookie2", "mobike-update"] {
            #expect(outcomes[name].map { $0.aliceUp && !$0.aliceChildAdded } == true, "\(name)")
        }
        for name in ["rekey-child", "rekey-child-pfs", "rekey-child-during-gateway-rekey"] {
            #expect(outcomes[name].map { $0.aliceUp && $0.aliceChildAdded } == true, "\(name)")
        }
        // The gateway moves alice to the IKE SA of the rekey it answered,
        // which the harness's client never takes up: dead peer detection
        // ends her session, and nothing else.
        #expect(outcomes["rekey-ike"]?.aliceUp == false && outcomes["rekey-ike-collision"] != nil)
        #expect(outcomes["delete-esp"]?.aliceUp == true)
    }

    @Test func savedCrashInputsNoLongerCrash() throws {
        for (_, bytes) in try FuzzCorpus.files(in: "Fuzz/regressions/established-sa") {
            EstablishedSAFuzzCheck.run(bytes)
        }
    }
}
