import Foundation
import Testing
import TestSupport
@testable import IKEWire

/// The committed seed corpus for the IKE message fuzzer is built from the
/// test fixtures. This test fails when the two drift apart; run it with
/// GATEHOUSE_WRITE_CORPUS=1 to rewrite the corpus.
@Suite struct SeedCorpusTests {
    static let directory = "Fuzz/corpus/ike-message"

    static var seeds: [(name: String, bytes: [UInt8])] {
        var seeds: [(String, [UInt8])] = [
            ("windows-classic-ike-sa-init", WindowsFixture.classicRequest()),
            ("windows11-single-combination-ike-sa-init", WindowsFixture.windows11SingleCombinationRequest()),
            ("windows11-multi-transform-ike-sa-init", WindowsFixture.windows11MultiTransformRequest()),
            ("all-payloads", SamplePayloads.message(SamplePayloads.all).encode()),
            ("encrypted", SamplePayloads.message([SamplePayloads.encrypted]).encode()),
            ("encrypted-fragment", SamplePayloads.message([SamplePayloads.encryptedFragment]).encode()),
        ]
        // Inner chains, prefixed with their first payload type, for the chain check.
        let (first, chain) = PayloadChain.encode(SamplePayloads.all)
        seeds.append(("inner-chain", [first.rawValue] + chain))
        return seeds
    }

    @Test func committedSeedCorpusMatchesFixtures() throws {
        let committed = try FuzzCorpus.committedSeeds(Self.seeds, in: Self.directory)
        for (name, bytes) in Self.seeds {
            #expect(committed[name] == bytes, "\(name) is stale: rerun with GATEHOUSE_WRITE_CORPUS=1")
        }
    }
}
