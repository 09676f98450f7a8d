import Testing
@testable import IKEEngine

/// The registry on its own: each policy's verdict, and the lists it keeps.
@Suite struct IdentityRegistryTests {
    @Test func neverKeepsEverySAAndForgetsEachOnItsOwn() {
        let registry = IdentityRegistry()
        for sa in UInt64(1)...5_000 {
            #expect(registry.admit(sa, user: "bench", initialContact: true, policy: .never) == .admitted(superseding: []))
        }
        #expect(registry.sas(of: "bench") == Array(1...5_000))
        registry.remove(2_500, user: "bench")
        registry.remove(1, user: "bench")
        #expect(registry.sas(of: "bench").count == 4_998 && !registry.sas(of: "bench").contains(2_500))
        for sa in UInt64(2)...5_000 { registry.remove(sa, user: "bench") }
        #expect(registry.sas(of: "bench").isEmpty)
    }

    @Test func replaceAndKeepSupersedeOrRefuse() {
        let registry = IdentityRegistry()
        #expect(registry.admit(1, user: "alice", initialContact: false, policy: .replace) == .admitted(superseding: []))
        #expect(registry.admit(2, user: "alice", initialContact: false, policy: .replace) == .admitted(superseding: [1]))
        #expect(registry.sas(of: "alice") == [2])
        #expect(registry.admit(3, user: "alice", initialContact: false, policy: .keep) == .refused(existing: [2]))
        #expect(registry.sas(of: "alice") == [2])
        #expect(registry.admit(4, user: "alice", initialContact: true, policy: .keep) == .admitted(superseding: [2]))
        #expect(registry.sas(of: "alice") == [4])
        #expect(registry.admit(5, user: "bob", initialContact: false, policy: .keep) == .admitted(superseding: []))
        registry.remove(4, user: "alice")
        #expect(registry.sas(of: "alice").isEmpty && registry.sas(of: "bob") == [5])
    }
}
