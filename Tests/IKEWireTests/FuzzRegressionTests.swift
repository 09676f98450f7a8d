import Testing
import TestSupport
import FuzzChecks
@testable import IKEWire

/// Replays the fuzz corpus seeds and every saved crash input through the fuzz
/// target's checks. A regression traps here just as it did under libFuzzer.
@Suite struct FuzzRegressionTests {
    @Test func seedCorpusPassesTheFuzzChecks() throws {
        let seeds = try FuzzCorpus.files(in: "Fuzz/corpus/ike-message")
        #expect(seeds.count >= 5, "seed corpus missing: see SeedCorpusTests")
        for (_, bytes) in seeds { IKEMessageFuzzCheck.run(bytes) }
    }

    @Test func savedCrashInputsNoLongerCrash() throws {
        // Each file is one input the fuzzer once crashed on (none so far).
        for (_, bytes) in try FuzzCorpus.files(in: "Fuzz/regressions/ike-message") {
            IKEMessageFuzzCheck.run(bytes)
        }
    }
}
