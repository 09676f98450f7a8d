import IKEWire
import Testing
import TestSupport
@testable import IKEEngine

/// Duplicate identities (RFC 7296 §2.4): INITIAL_CONTACT and the uniqueness
/// policy, with a user's second client at another address.
extension AuthExchangeTests {
    static let laptop = TestNetwork.client
    static let phone = Endpoint(address: .v4(IPv4Address(192, 0, 2, 3)), port: 500)

    /// A client engine at `endpoint`.
    func client(at endpoint: Endpoint) throws -> IKEEngine {
        let engine = try IKEEngine(configuration: EngineConfiguration(), now: network.now)
        network.attach(engine, at: endpoint)
        return engine
    }

    @discardableResult
    func connect(_ client: IKEEngine, from endpoint: Endpoint, initialContact: Bool, to gateway: Endpoint = TestNetwork.gateway)
        throws -> UInt64 {
        var credentials = Self.credentials("alice", "secret")
        credentials.initialContact = initialContact
        let (spi, actions) = try client.initiate(from: endpoint, to: gateway, credentials: credentials, now: network.now)
        network.run(actions, from: client)
        return spi
    }

    func isEstablished(_ engine: IKEEngine, _ spi: UInt64) -> Bool {
        if case .established? = engine.sas[spi]?.state { true } else { false }
    }

    var deletedUsers: [String] {
        network.events.compactMap { if case .deleted(_, _, let user, _, _) = $0 { user } else { nil } }
    }

    @Test(arguments: [false, true])
    func replaceDeletesTheOlderSAAndHandsOverItsAddress(initialContact: Bool) throws {
        try network.addUser("alice", password: "secret")
        let gateway = try gateway()
        let laptop = try client(at: Self.laptop), phone = try client(at: Self.phone)
        let first = try connect(laptop, from: Self.laptop, initialContact: false)
        let second = try connect(phone, from: Self.phone, initialContact: initialContact)
        #expect(!isEstablished(laptop, first) && laptop.count == 0, "the gateway's Delete reached the old client")
        #expect(isEstablished(phone, second))
        #expect(gateway.count == 1 && gateway.identities.sas(of: "alice").count == 1)
        #expect(established.map(\.address) == Array(repeating: IPv4Address(198, 18, 0, 2), count: 4))
        #expect(pool.leasedCount == 1 && pool.holder(of: IPv4Address(198, 18, 0, 2)) == "alice")
        #expect(deletedUsers == ["alice", "alice"])
    }

    @Test func keepRefusesASecondSAWithoutInitialContact() throws {
        try network.addUser("alice", password: "secret")
        let gateway = try gateway { $0.uniqueness = .keep }
        let laptop = try client(at: Self.laptop), phone = try client(at: Self.phone)
        let first = try connect(laptop, from: Self.laptop, initialContact: false)
        let second = try connect(phone, from: Self.phone, initialContact: false)
        #expect(isEstablished(laptop, first) && phone.sas[second] == nil)
        #expect(gateway.count == 1 && pool.leasedCount == 1)
        #expect(network.events.contains {
            if case .authenticationFailed(_, let peer, "alice", let reason) = $0 { peer == Self.phone && reason.contains("keep") } else { false }
        })
    }

    @Test func keepYieldsToInitialContact() throws {
        try network.addUser("alice", password: "secret")
        let gateway = try gateway { $0.uniqueness = .keep }
        let laptop = try client(at: Self.laptop), phone = try client(at: Self.phone)
        let first = try connect(laptop, from: Self.laptop, initialContact: false)
        let second = try connect(phone, from: Self.phone, initialContact: true)
        #expect(!isEstablished(laptop, first) && isEstablished(phone, second))
        #expect(gateway.count == 1 && pool.leasedCount == 1)
    }

    @Test func neverKeepsBothWithTheirOwnAddresses() throws {
        try network.addUser("alice", password: "secret")
        let gateway = try gateway { $0.uniqueness = .never }
        let laptop = try client(at: Self.laptop), phone = try client(at: Self.phone)
        let first = try connect(laptop, from: Self.laptop, initialContact: true)
        let second = try connect(phone, from: Self.phone, initialContact: true)
        #expect(isEstablished(laptop, first) && isEstablished(phone, second))
        #expect(gateway.count == 2 && pool.leasedCount == 2 && deletedUsers.isEmpty)
        #expect(Set(established.map(\.address)).count == 2)
    }

    /// The older SA lives in another shard: the engine asks the runtime to
    /// supersede it there, and the address is still handed over.
    @Test func supersedingReachesAnotherShard() throws {
        try network.addUser("alice", password: "secret")
        let identities = IdentityRegistry()
        let pools = VirtualAddressPools(ipv4: pool)
        let secondAddress = Endpoint(address: .v4(IPv4Address(192, 0, 2, 4)), port: 500)
        let configuration = try gateway().configuration
        let shards = try [TestNetwork.gateway, secondAddress].enumerated().map { index, endpoint in
            let engine = try IKEEngine(configuration: configuration, shard: UInt8(index), addresses: pools, identities: identities,
                                       now: network.now)
            network.attach(engine, at: endpoint)
            return engine
        }
        let laptop = try client(at: Self.laptop), phone = try client(at: Self.phone)
        let first = try connect(laptop, from: Self.laptop, initialContact: true)
        let second = try connect(phone, from: Self.phone, initialContact: true, to: secondAddress)
        #expect(!isEstablished(laptop, first) && isEstablished(phone, second))
        #expect(shards.map(\.count) == [0, 1])
        #expect(identities.sas(of: "alice") == Array(shards[1].sas.keys))
        #expect(pool.leasedCount == 1 && established.map(\.address).allSatisfy { $0 == IPv4Address(198, 18, 0, 2) })
    }
}
