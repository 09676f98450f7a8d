import FuzzChecks
import Testing
import TestSupport
import X509
@testable import PKI

/// Seeds of the client-certificate fuzzer (certificates made with openssl:
/// a client with DNS, e-mail and address subjectAltNames, one with an
/// RSA-1024 key, one with an empty subject), replay of its saved crash
/// inputs, and a bounded mutation run of the same property.
@Suite struct ClientCertificateFuzzCorpusTests {
    static let directory = "Fuzz/corpus/client-certificate"

    @Test func seedsPassTheCheckAndReachWhatTheyAreNamedFor() throws {
        let seeds = try FuzzCorpus.files(in: Self.directory)
        #expect(seeds.count == 8)
        for (name, bytes) in seeds {
            ClientCertificateFuzzCheck.run(bytes)
            let parsed = ClientCertificateVerifier.parse([Array(bytes.dropFirst())], minimumRSABits: 2048)
            switch parsed {
            case .success(let certificates):
                #expect(!name.hasPrefix("rsa1024"), "\(name)")
                #expect(name.hasPrefix("empty-subject") == certificates[0].subject.isEmpty, "\(name)")
            case .failure(let refusal):
                #expect(name.hasPrefix("rsa1024") && refusal.description.contains("RSA-1024 key"), "\(name): \(refusal)")
            }
        }
    }

    @Test func savedCrashInputsNoLongerCrash() throws {
        // Each file is one input the fuzzer once crashed on (none so far).
        for (_, bytes) in try FuzzCorpus.files(in: "Fuzz/regressions/client-certificate") { ClientCertificateFuzzCheck.run(bytes) }
    }

    @Test func mutatedSeedsKeepTheProperty() throws {
        // Any trap fails the whole test run.
        var random = SplitMix64(state: 0xC1E7)
        for (_, seed) in try FuzzCorpus.files(in: Self.directory) {
            for _ in 0..<300 { ClientCertificateFuzzCheck.run(FuzzCorpus.mutation(of: seed, using: &random)) }
        }
    }
}
