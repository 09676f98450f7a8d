import Foundation
import FuzzChecks
import SwiftASN1
import Testing
import TestSupport
import X509
@testable import PKI

/// Seeds of the CRL fuzzer (CRLs of the harness CA, which are
/// reproducible: Ed25519 signatures are deterministic), replay of its
/// saved crash inputs, and a bounded mutation run of the same property.
/// GATEHOUSE_WRITE_CORPUS=1 rewrites the seeds.
@Suite struct CRLFuzzCorpusTests {
    static let directory = "Fuzz/corpus/crl"

    /// Mode octet (see ``CRLFuzzCheck``) followed by the input.
    static func seeds() throws -> [(String, [UInt8])] {
        let thisUpdate = Date(timeIntervalSince1970: 1_800_000_000)
        let entries = [
            RevokedCertificate(serialNumber: Certificate.SerialNumber(bytes: Array(1...20)), revocationDate: thisUpdate - 60, reason: .keyCompromise),
            RevokedCertificate(serialNumber: Certificate.SerialNumber(bytes: [0x80]), revocationDate: thisUpdate - 3600, reason: nil),
            RevokedCertificate(serialNumber: Certificate.SerialNumber(bytes: [0x02]), revocationDate: thisUpdate, reason: .superseded),
        ]
        let authority = CRLFuzzCheck.authority
        let empty = try authority.revocationList(revoked: [], number: 1, thisUpdate: thisUpdate, nextUpdate: thisUpdate + 30 * 86_400)
        let listed = try authority.revocationList(revoked: entries, number: 2, thisUpdate: thisUpdate, nextUpdate: thisUpdate + 30 * 86_400)
        // nextUpdate after 2049: a GeneralizedTime.
        let late = try authority.revocationList(revoked: entries, number: 3, thisUpdate: thisUpdate, nextUpdate: Date(timeIntervalSince1970: 2_600_000_000))
        func tbs(_ crl: [UInt8]) throws -> [UInt8] { try CRLMalformedInputTests.fields(of: crl)[0] }
        return [
            ("der-empty", [0] + empty),
            ("der-three-revoked", [0] + listed),
            ("der-generalized-time", [0] + late),
            ("pem-three-revoked", [1] + Array(PEMDocument(type: "X509 CRL", derBytes: listed).pemString.utf8)),
            ("tbs-empty", [2] + (try tbs(empty))),
            ("tbs-three-revoked", [2] + (try tbs(listed))),
        ]
    }

    @Test func committedSeedsMatchAndPassTheFuzzCheck() throws {
        let seeds = try Self.seeds()
        let committed = try FuzzCorpus.committedSeeds(seeds, in: Self.directory)
        for (name, bytes) in seeds {
            #expect(committed[name] == bytes, "\(name) is stale: rerun with GATEHOUSE_WRITE_CORPUS=1")
            CRLFuzzCheck.run(bytes)
        }
    }

    /// The seeds reach deep: every one parses, signed by the harness CA.
    @Test func seedsAreSignedCRLs() throws {
        for (name, bytes) in try Self.seeds() {
            let input = Array(bytes.dropFirst())
            let crl = switch bytes[0] {
            case 0: try CertificateRevocationList(derEncoded: input)
            case 1: try CertificateRevocationList(pemEncoded: String(decoding: input, as: UTF8.self))
            default: try CertificateRevocationList(derEncoded: CRLFuzzCheck.sign(tbsCertList: input, flippingSignatureBit: false))
            }
            #expect(crl.isSigned(by: CRLFuzzCheck.authority.root.certificate), "\(name)")
        }
    }

    @Test func savedCrashInputsNoLongerCrash() throws {
        // Each file is one input the fuzzer once crashed on (none so far).
        for (_, bytes) in try FuzzCorpus.files(in: "Fuzz/regressions/crl") { CRLFuzzCheck.run(bytes) }
    }

    @Test func mutatedSeedsKeepTheProperty() throws {
        // Any trap fails the whole test run.
        var random = SplitMix64(state: 0xC7C1)
        for (_, seed) in try Self.seeds() {
            for _ in 0..<200 { CRLFuzzCheck.run(FuzzCorpus.mutation(of: seed, using: &random)) }
        }
    }
}
