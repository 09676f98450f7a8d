import Foundation
import FuzzChecks
import IKEWire
import Testing
import TestSupport
@testable import DHCP

/// Seeds of the DHCP fuzzer, replay of its saved crash inputs, and a
/// bounded mutation run of the same property. GATEHOUSE_WRITE_CORPUS=1
/// rewrites the seeds.
@Suite struct DHCPFuzzCorpusTests {
    typealias F = InformFixture
    static let directory = "Fuzz/corpus/dhcp"

    /// The fixture addressed to the fuzz check's client.
    static func inform(extraOptions: [UInt8] = [], type: UInt8 = 8) -> [UInt8] {
        F.bootp(type: type, clientAddress: DHCPFuzzCheck.client, extraOptions: extraOptions)
    }

    /// Mode octet (see ``DHCPFuzzCheck``) followed by the input.
    static var seeds: [(String, [UInt8])] {
        [
            ("windows-inform-packet", [0] + F.packet(inform(), from: DHCPFuzzCheck.client)),
            ("windows-inform-packet-many-routes", [1] + F.packet(inform(extraOptions: [57, 2, 0x05, 0xDC]), from: DHCPFuzzCheck.client)),
            ("windows-inform-bootp", [2] + inform()),
            ("windows-inform-bootp-many-routes", [3] + inform()),
            ("windows-inform-bootp-patched", [7] + inform(extraOptions: [57, 2, 0x04, 0x00])),
            ("discover-bootp", [2] + inform(type: 1)),
            ("overloaded-bootp", [6] + {
                var message = F.bootp(clientAddress: DHCPFuzzCheck.client, options: [53, 1, 8, 55, 1, 6, 52, 1, 3, 255])
                message.replaceSubrange(108..<112, with: [55, 1, 121, 255])
                message.replaceSubrange(44..<48, with: [55, 1, 249, 255])
                return message
            }()),
        ]
    }

    @Test func committedSeedsMatchAndPassTheFuzzCheck() throws {
        let committed = try FuzzCorpus.committedSeeds(Self.seeds, in: Self.directory)
        for (name, bytes) in Self.seeds {
            #expect(committed[name] == bytes, "\(name) is stale: rerun with GATEHOUSE_WRITE_CORPUS=1")
            DHCPFuzzCheck.run(bytes)
        }
    }

    @Test func savedCrashInputsNoLongerCrash() throws {
        // Each file is one input the fuzzer once crashed on (none so far).
        for (_, bytes) in try FuzzCorpus.files(in: "Fuzz/regressions/dhcp") { DHCPFuzzCheck.run(bytes) }
    }

    @Test func seedsReachTheReply() throws {
        // The seeds are only worth their name if they get answered: check
        // that the check's fixed responders answer the Windows ones.
        for (name, bytes) in Self.seeds where name.hasPrefix("windows-inform") {
            var packet = Array(bytes.dropFirst())
            if bytes[0] & 2 != 0 { packet = DHCPFuzzCheck.wrap(bootp: packet, from: DHCPFuzzCheck.client) }
            let outcome = try DHCPFuzzCheck.responders[Int(bytes[0] & 1)].handle(packet, from: DHCPFuzzCheck.client)
            guard case .answered = outcome else { throw TestFailure("\(name): \(outcome)") }
        }
    }

    @Test func mutatedSeedsKeepTheProperty() {
        // Any trap fails the whole test run.
        var random = SplitMix64(state: 0xD4C9)
        for (_, seed) in Self.seeds {
            for _ in 0..<300 { DHCPFuzzCheck.run(FuzzCorpus.mutation(of: seed, using: &random)) }
        }
    }
}
