import Foundation
import IKECrypto
import IKEWire
import Testing
@testable import XFRM

/// The module against this machine's kernel, in a network namespace of its
/// own. The kernel here has XFRM but no ESP (CONFIG_INET_ESP unset): policies
/// install, ESP states are refused after the kernel has parsed and checked
/// the message, which is what these tests rely on.
@Suite(.serialized) struct KernelTests {
    /// A socket in a fresh namespace.
    static func socket(in namespace: NetworkNamespace, timeout: Duration = .seconds(5)) throws -> XFRMSocket {
        try namespace.inside { try XFRMSocket(timeout: timeout) }
    }

    /// `ip xfrm policy` in the namespace, as lines with whitespace trimmed.
    static func listedPolicies(_ namespace: NetworkNamespace) throws -> [String] {
        let output = try namespace.run(["ip", "xfrm", "policy"])
        try #require(output.status == 0, "ip xfrm policy: \(output.summary)")
        return output.stdout.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
    }

    @Test func policiesInstallAreListedAndDelete() throws {
        let namespace = try NetworkNamespace()
        defer { namespace.delete() }
        let socket = try Self.socket(in: namespace)
        let cases = try Fixtures.policyCases()
        for testCase in cases { try socket.install(testCase.policy) }

        let listed = try Self.listedPolicies(namespace)
        for testCase in cases {
            // Each policy's four lines appear together, in order.
            let found = listed.indices.contains { start in
                start + 4 <= listed.count && Array(listed[start..<start + 4]) == testCase.listed
            }
            #expect(found, "\(testCase.policy) not listed as \(testCase.listed); ip xfrm policy:\n\(listed.joined(separator: "\n"))")
        }
        #expect(listed.count == 4 * cases.count, "unexpected policies:\n\(listed.joined(separator: "\n"))")

        // Same selector and direction again: EEXIST.
        #expect(throws: XFRMError.kernel(.alreadyExists, message: nil)) { try socket.install(cases[0].policy) }

        for testCase in cases { try socket.delete(policy: testCase.policy) }
        #expect(try Self.listedPolicies(namespace).isEmpty)
        // Deleting what is gone: ENOENT.
        #expect(throws: XFRMError.kernel(.noSuchEntry, message: nil)) { try socket.delete(policy: cases[0].policy) }
    }

    /// Without CONFIG_INET_ESP the kernel parses the message, checks it
    /// (verify_newsa_info: attribute lengths, algorithm names, the ESN
    /// attribute against the legacy window, encapsulation), attaches the
    /// algorithms it has, and only then fails to find the ESP type:
    /// EPROTONOSUPPORT means everything before that step was accepted.
    @Test func espStatesAreRefusedWithTheKernelsReason() throws {
        let namespace = try NetworkNamespace()
        defer { namespace.delete() }
        let socket = try Self.socket(in: namespace)
        for testCase in try Fixtures.stateCases() {
            do {
                try socket.install(testCase.state)
                Issue.record("\(testCase.name): installed, but this kernel has no ESP")
            } catch .kernel(let errno, let message) {
                switch testCase.state.cipher {
                case .encryptionAndAuthentication(let encryption, _) where encryption.name == "cbc(aes)":
                    // cbc(aes) and hmac(sha*) are in this kernel's crypto API:
                    // the request got as far as the missing ESP type.
                    #expect(errno == .protocolNotSupported, "\(testCase.name): \(errno)")
                    #expect(message == "Requested type not found", "\(testCase.name): \(message ?? "no message")")
                default:
                    // 3DES and GCM are not built into this kernel: the
                    // algorithm lookup fails first (attach_crypt/attach_aead).
                    #expect(errno == .notImplemented, "\(testCase.name): \(errno)")
                    #expect(message?.contains("algorithm not found") == true, "\(testCase.name): \(message ?? "no message")")
                }
                #expect(XFRMError.kernel(errno, message: message).description.contains(errno.name ?? "?"))
            } catch {
                Issue.record("\(testCase.name): \(error)")
            }
        }
        let states = try namespace.run(["ip", "xfrm", "state"])
        #expect(states.status == 0 && states.stdout.isEmpty, "states left: \(states.summary)")
    }

    /// The control for the test above: a message the kernel must refuse
    /// before the type lookup is refused with EINVAL, so EPROTONOSUPPORT
    /// really means our message passed the checks.
    @Test func aStateTheKernelMustRejectEarlierFailsWithEINVAL() throws {
        let namespace = try NetworkNamespace()
        defer { namespace.delete() }
        let socket = try Self.socket(in: namespace)
        let esn = try #require(try Fixtures.stateCases().first { $0.state.extendedSequenceNumbers })
        // A legacy replay_window next to XFRMA_REPLAY_ESN_VAL (verify_replay:
        // "ESN not compatible with legacy replay_window").
        let broken = { (sequence: UInt32) -> SecretBytes in
            var bytes = XFRMRequest.newSA(esn.state).encoded(sequence: sequence).withUnsafeBytes { Array($0) }
            bytes[XFRMLayout.headerSize + XFRMLayout.stateReplayWindow] = 32
            return SecretBytes(bytes)
        }
        #expect(throws: XFRMError.kernel(.invalidArgument, message: "ESN not compatible with legacy replay_window")) {
            _ = try socket.exchange(broken)
        }
        // And the unmodified message gets as far as the missing ESP type.
        #expect(throws: XFRMError.kernel(.protocolNotSupported, message: "Requested type not found")) {
            try socket.install(esn.state)
        }
    }

    @Test func missingStatesAnswerESRCH() throws {
        let namespace = try NetworkNamespace()
        defer { namespace.delete() }
        let socket = try Self.socket(in: namespace)
        for destination in [Fixtures.address("192.0.2.2"), Fixtures.address("2001:db8::2")] {
            #expect(throws: XFRMError.kernel(.noSuchState, message: nil)) { try socket.delete(spi: 0xC0FF_EE01, destination: destination) }
            #expect(throws: XFRMError.kernel(.noSuchState, message: nil)) { _ = try socket.counters(spi: 0xC0FF_EE01, destination: destination) }
        }
    }

    @Test func probeReportsMissingESP() throws {
        let namespace = try NetworkNamespace()
        defer { namespace.delete() }
        let result = try namespace.inside { XFRMProbe.kernelSupportsESP() }
        #expect(result == .unsupported(.kernel(.protocolNotSupported, message: "Requested type not found")))
        #expect(result.description.contains("EPROTONOSUPPORT"))
        let states = try namespace.run(["ip", "xfrm", "state"])
        #expect(states.status == 0 && states.stdout.isEmpty, "the probe left a state: \(states.summary)")
    }

    /// A request the kernel does not answer (NEWPOLICY without NLM_F_ACK
    /// succeeds silently) times out; the socket stays usable.
    @Test func unansweredRequestsTimeOut() throws {
        let namespace = try NetworkNamespace()
        defer { namespace.delete() }
        let socket = try Self.socket(in: namespace, timeout: .milliseconds(300))
        let policy = try Fixtures.policyCases()[0].policy
        let silent = { (sequence: UInt32) -> SecretBytes in
            var bytes = XFRMRequest.newPolicy(policy).encoded(sequence: sequence).withUnsafeBytes { Array($0) }
            bytes[XFRMLayout.headerFlags] = UInt8(Netlink.flagRequest)
            return SecretBytes(bytes)
        }
        let start = ContinuousClock.now
        do {
            _ = try socket.exchange(silent)
            Issue.record("an unacknowledged request was answered")
        } catch .timedOut {
            #expect(ContinuousClock.now - start >= .milliseconds(300))
        } catch {
            Issue.record("\(error)")
        }
        // It was installed nonetheless; the next request is answered normally.
        try socket.delete(policy: policy)
        #expect(try Self.listedPolicies(namespace).isEmpty)
    }

    /// Threads sharing one socket each get the answer to their own request.
    @Test func concurrentCallersGetTheirOwnAnswers() async throws {
        let namespace = try NetworkNamespace()
        defer { namespace.delete() }
        let socket = try Self.socket(in: namespace)
        let template = try XFRMTemplate(source: Fixtures.address("192.0.2.1"), destination: Fixtures.address("192.0.2.2"), reqid: 9)
        let failures = await withTaskGroup(of: [String].self) { group in
            for worker in 0..<4 {
                group.addTask {
                    var failures: [String] = []
                    for index in 0..<50 {
                        do throws(XFRMError) {
                            let host = try XFRMPrefix(.v4(IPv4Address(198, 18, UInt8(worker), UInt8(index))), length: 32)
                            let policy = XFRMPolicy(
                                selector: try XFRMSelector(source: Fixtures.prefix("203.0.113.0/24"), destination: host),
                                direction: .outbound, template: template)
                            try socket.install(policy)
                            // A second install must see the first: EEXIST.
                            do throws(XFRMError) {
                                try socket.install(policy)
                                failures.append("\(policy): installed twice")
                            } catch .kernel(.alreadyExists, _) {}
                            try socket.delete(policy: policy)
                        } catch {
                            failures.append("worker \(worker) #\(index): \(error)")
                        }
                    }
                    return failures
                }
            }
            return await group.reduce(into: []) { $0 += $1 }
        }
        #expect(failures.isEmpty)
        #expect(try Self.listedPolicies(namespace).isEmpty)
    }
}
