import Foundation
import FuzzChecks
import IKEWire
import Testing
import TestSupport
@testable import IKECrypto

/// The seed corpus of the SK fuzzer, and replay of its saved crash inputs.
/// Run with GATEHOUSE_WRITE_CORPUS=1 to rewrite the seeds; CBC IVs are random,
/// so rewritten seeds differ in bytes but not in what they exercise.
@Suite struct SKFuzzCorpusTests {
    static let directory = "Fuzz/corpus/sk-unprotect"
    static let header = IKEHeader(initiatorSPI: 1, responderSPI: 2, exchangeType: .ikeAuth, flags: .initiator, messageID: 1)

    static func seeds() throws -> [(name: String, bytes: [UInt8])] {
        // Seed names say what they hold: suite<N>-sk(f) open with suite N.
        var seeds: [(String, [UInt8])] = []
        for (index, suite) in SKUnprotectFuzzCheck.suites.enumerated() {
            let initiator = try IKEMessageProtection(suite: suite, keys: SKUnprotectFuzzCheck.keys(for: suite), role: .initiator)
            let whole = try initiator.protect(header: header, payloads: SamplePayloads.all)
            seeds.append(("suite\(index)-sk", [UInt8(index)] + whole))
            let fragment = try initiator.protectFragments(header: header, payloads: SamplePayloads.all, maximumMessageLength: 400)[0]
            seeds.append(("suite\(index)-skf", [UInt8(index)] + fragment))
        }
        let (first, chain) = PayloadChain.encode(SamplePayloads.all)
        seeds.append(("sealed-content", [0x80, first.rawValue] + chain + [0]))
        return seeds
    }

    @Test func committedSeedsOpenWithTheHarnessKeys() throws {
        if ProcessInfo.processInfo.environment["GATEHOUSE_WRITE_CORPUS"] == "1" {
            for (name, bytes) in try Self.seeds() { try FuzzCorpus.write(bytes, name: name, in: Self.directory) }
        }
        let committed = try FuzzCorpus.files(in: Self.directory)
        #expect(committed.count == 2 * SKUnprotectFuzzCheck.suites.count + 1, "seed corpus missing: rerun with GATEHOUSE_WRITE_CORPUS=1")
        for (name, bytes) in committed where name.hasPrefix("suite") {
            let suite = SKUnprotectFuzzCheck.suites[Int(bytes[0])]
            let responder = try IKEMessageProtection(suite: suite, keys: SKUnprotectFuzzCheck.keys(for: suite), role: .responder)
            let received = try ReceivedIKEMessage(decoding: Array(bytes.dropFirst()))
            if name.hasSuffix("-skf") {
                let fragment = try responder.unprotectFragment(received)
                #expect(fragment.number == 1 && fragment.total > 1 && !fragment.content.isEmpty, "\(name)")
            } else {
                #expect(try responder.unprotect(received) == SamplePayloads.all, "\(name)")
            }
        }
    }

    @Test func sealedContentOpensToTheSameChain() throws {
        let (first, chain) = PayloadChain.encode(SamplePayloads.all)
        let message = try #require(SKUnprotectFuzzCheck.sealed(content: (chain + [0])[...], firstPayload: first))
        let suite = SKUnprotectFuzzCheck.suites[SKUnprotectFuzzCheck.sealingSuite]
        let responder = try IKEMessageProtection(suite: suite, keys: SKUnprotectFuzzCheck.keys(for: suite), role: .responder)
        #expect(try responder.unprotect(ReceivedIKEMessage(decoding: message)) == SamplePayloads.all)
    }

    /// Found by the fuzzer: an authentic SK payload with no encrypted octets at
    /// all (not even a Pad Length) must be reported as malformed, not as an
    /// integrity failure, because its tag is valid.
    @Test func authenticEmptyContentIsMalformed() throws {
        let message = try #require(SKUnprotectFuzzCheck.sealed(content: [], firstPayload: .notify))
        let suite = SKUnprotectFuzzCheck.suites[SKUnprotectFuzzCheck.sealingSuite]
        let responder = try IKEMessageProtection(suite: suite, keys: SKUnprotectFuzzCheck.keys(for: suite), role: .responder)
        #expect(throws: IKEProtectionError.malformedEncryptedPayload("no Pad Length")) {
            try responder.unprotect(ReceivedIKEMessage(decoding: message))
        }
    }

    @Test func seedsAndSavedCrashInputsPassTheFuzzCheck() throws {
        for (_, bytes) in try FuzzCorpus.files(in: Self.directory) + FuzzCorpus.files(in: "Fuzz/regressions/sk-unprotect") {
            SKUnprotectFuzzCheck.run(bytes)
        }
    }
}
