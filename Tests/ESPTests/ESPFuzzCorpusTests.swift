import Foundation
import FuzzChecks
import IKECrypto
import Testing
import TestSupport
@testable import ESP

/// Seeds of the ESP fuzzer and replay of its saved crash inputs.
/// GATEHOUSE_WRITE_CORPUS=1 rewrites the seeds.
@Suite struct ESPFuzzCorpusTests {
    static let directory = "Fuzz/corpus/esp"

    /// Mode 1: real packets of each fuzz transform, sealed under another key
    /// (so the structure is right and only the ICV fails). Mode 2: decrypted
    /// contents with correct, wrong and impossible trailers.
    static func seeds() throws -> [(String, [UInt8])] {
        var seeds: [(String, [UInt8])] = []
        for (index, (encryption, integrity)) in ESPFuzzCheck.transforms.enumerated() {
            let outbound = try ESPOutbound(spi: ESPFuzzCheck.spi, encryption: encryption, encryptionKey: ESPFuzzCheck.key(encryption.keySize, 0x99),
                                           integrity: integrity, integrityKey: ESPFuzzCheck.key(integrity?.keySize ?? 0, 0x98),
                                           extendedSequenceNumbers: false)
            outbound.continueSequence(from: 7)
            var output = [UInt8](repeating: 0, count: 256)
            let payload = [UInt8](repeating: 0x45, count: 28)
            let (length, _) = try output.withUnsafeMutableBytes { buffer in
                try payload.withUnsafeBytes { try outbound.seal($0, nextHeader: 4, into: buffer) }
            }
            // Transform index i is SA 2i (no ESN) in the check's table.
            seeds.append(("packet-\(index)", [UInt8(2 * index)] + output.prefix(length)))
        }
        let payload = [UInt8](repeating: 0x45, count: 20)
        seeds.append(("sealed-valid", [0x80] + payload + [1, 2, 2, 4]))
        seeds.append(("sealed-bad-padding", [0x81] + payload + [9, 9, 2, 4]))
        seeds.append(("sealed-long-pad-length", [0x80] + payload + [1, 2, 250, 4]))
        return seeds
    }

    @Test func committedSeedsMatchAndPassTheFuzzCheck() throws {
        let seeds = try Self.seeds()
        let committed = try FuzzCorpus.committedSeeds(seeds, in: Self.directory)
        for (name, bytes) in seeds {
            // Random CBC IVs make packet seeds differ run to run; they are
            // compared by length and header only.
            if name.hasPrefix("packet-") {
                #expect(committed[name]?.count == bytes.count && committed[name]?.prefix(9) == bytes.prefix(9), "\(name) is stale")
            } else {
                #expect(committed[name] == bytes, "\(name) is stale: rerun with GATEHOUSE_WRITE_CORPUS=1")
            }
            ESPFuzzCheck.run(committed[name] ?? bytes)
        }
        if FileManager.default.fileExists(atPath: "Fuzz/regressions/esp") {
            for (_, bytes) in try FuzzCorpus.files(in: "Fuzz/regressions/esp") { ESPFuzzCheck.run(bytes) }
        }
    }
}
