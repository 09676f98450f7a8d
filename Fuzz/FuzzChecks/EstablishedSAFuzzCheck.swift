import IKECrypto
import IKEEngine
import IKELoopback
import IKEWire
import Logging
import TestSupport

/// What the established-SA fuzzer checks for one input: the gateway's
/// handlers of INFORMATIONAL and CREATE_CHILD_SA requests (Delete, rekeys,
/// MOBIKE, COOKIE2, liveness), fed by an authenticated peer with arbitrary
/// payloads. Each input gets a fresh gateway with two sessions, alice's and
/// bob's, on the in-memory network; alice's client sends the input as a
/// request, then time runs on for five minutes.
///
/// The first octet chooses the exchange (bit 0: CREATE_CHILD_SA or
/// INFORMATIONAL) and what the gateway has under way when it arrives (bit
/// 1: its own CHILD_SA rekey, bit 2: its own IKE SA rekey, so collision
/// handling meets arbitrary payloads); the rest is an inner payload chain
/// (first octet: the first payload type), as `FuzzIKEMessage` decodes it.
/// The SPI aabbccdd in a REKEY_SA notify or an ESP Delete stands for alice's
/// CHILD_SA (its SPIs are random), so seeds reach the real rekey and delete.
///
/// Properties: nothing traps; bob's session is untouched (its IKE SA, its
/// CHILD_SA and its address); alice's session is either up with its
/// address or gone with it released; after the dust settles the gateway
/// holds one IKE SA per live session; and the CHILD_SAs the gateway's data
/// plane holds are exactly those its sessions record.
public enum EstablishedSAFuzzCheck {
    static let gateway = LoopbackNetwork.gateway
    static let alice = LoopbackNetwork.client
    static let bob = Endpoint(address: .v4(IPv4Address(192, 0, 2, 3)), port: 500)

    static let gatewayKey: PrivateKey = {
        do {
            return try PrivateKey(pemEncoded: GatewayFixture.privateKeyPEM)
        } catch {
            preconditionFailure("the fixture key must load: \(error)")
        }
    }()

    /// What became of alice's session, for the corpus tests.
    public struct Outcome: Equatable {
        public let aliceUp: Bool
        /// Whether the gateway made her a new CHILD_SA (a rekey it answered;
        /// the harness's client does not follow through, so the old one
        /// stays beside it).
        public let aliceChildAdded: Bool
    }

    /// The stand-in for alice's CHILD_SA SPI.
    static let aliceChildMarker: UInt32 = 0xAABB_CCDD

    @discardableResult
    public static func run(_ input: [UInt8]) -> Outcome? {
        guard input.count >= 2,
              let payloads = try? PayloadChain.decode(first: PayloadType(rawValue: input[1]), bytes: input[2...]) else { return nil }
        let mode = input[0]
        let world: World
        do {
            world = try World()
        } catch {
            preconditionFailure("the fuzz fixture must connect both clients: \(error)")
        }
        let child = world.clients["alice"].flatMap { $0.engine.childSAs(ofSession: $0.session).first } ?? 0
        let gatewayChildren = world.sessions["alice"].map { world.engine.childSAs(ofSession: $0.session) } ?? []
        world.play(payloads.map { substitute($0, child: child) }, exchange: mode & 1 == 0 ? .informational : .createChildSA,
                   gatewayRekeysChild: mode & 2 != 0, gatewayRekeysIKESA: mode & 4 != 0)
        return world.check(aliceChildren: gatewayChildren)
    }

    /// Puts alice's CHILD_SA SPI where the input has the marker.
    static func substitute(_ payload: IKEPayload, child: UInt32) -> IKEPayload {
        let marker = (0..<4).map { UInt8(truncatingIfNeeded: aliceChildMarker >> (24 - 8 * $0)) }
        switch payload {
        case .notify(var notify) where notify.type == .rekeySA && notify.spi.elementsEqual(marker):
            notify.spi = ArraySlice((0..<4).map { UInt8(truncatingIfNeeded: child >> (24 - 8 * $0)) })
            return .notify(notify)
        case .delete(var delete) where delete.protocolID == .esp:
            delete.spis = delete.spis.map { $0 == aliceChildMarker ? child : $0 }
            return .delete(delete)
        default:
            return payload
        }
    }

    /// A gateway, its pool, and the two clients with their sessions.
    final class World {
        let network = LoopbackNetwork()
        let pool = AddressPool(subnet: IPv4Subnet("198.18.0.0/24")!)
        let engine: IKEEngine
        let clients: [String: (engine: IKEEngine, session: UInt64)]
        /// The gateway's name of each user's session, and its address.
        let sessions: [String: (session: UInt64, address: IPv4Address)]

        init() throws {
            var configuration = EngineConfiguration()
            configuration.gateway = GatewayCredentials(identity: .fqdn(GatewayFixture.name), certificateChain: [GatewayFixture.certificateDER],
                                                       privateKey: EstablishedSAFuzzCheck.gatewayKey)
            configuration.authenticationFailureDelay = .milliseconds(10)
            let logger = Logger(label: "fuzz") { _ in SwiftLogNoOpLogHandler() }
            let gatewayEngine = try IKEEngine(configuration: configuration, addresses: VirtualAddressPools(ipv4: pool), logger: logger,
                                              now: network.now)
            engine = gatewayEngine
            network.attach(gatewayEngine, at: EstablishedSAFuzzCheck.gateway)
            var clients: [String: (IKEEngine, UInt64)] = [:]
            var sessions: [String: (UInt64, IPv4Address)] = [:]
            for (user, endpoint) in [("alice", EstablishedSAFuzzCheck.alice), ("bob", EstablishedSAFuzzCheck.bob)] {
                try network.addUser(user, password: "\(user)-pw")
                let client = try IKEEngine(configuration: EngineConfiguration(), logger: logger, now: network.now)
                network.attach(client, at: endpoint)
                let credentials = ClientCredentials(identity: .ipv4(IPv4Address(192, 0, 2, 2)), userName: user, password: "\(user)-pw") { _, _ in
                    EstablishedSAFuzzCheck.gatewayKey.publicKey
                }
                let (spi, actions) = try client.initiate(from: endpoint, to: EstablishedSAFuzzCheck.gateway, credentials: credentials,
                                                         now: network.now)
                network.run(actions, from: client)
                guard let established = network.events.lazy.compactMap({ event -> (UInt64, IPv4Address)? in
                    guard case .established(let session, _, let authorization, let addresses) = event, authorization.userName == user,
                          let address = addresses.lazy.compactMap(IPv4Address.init).first, gatewayEngine.holds(spi: session) else { return nil }
                    return (session, address)
                }).first else { throw FixtureFailure(description: "\(user) did not connect") }
                clients[user] = (client, spi)
                sessions[user] = established
            }
            self.clients = clients
            self.sessions = sessions
        }

        func play(_ payloads: [IKEPayload], exchange: ExchangeType, gatewayRekeysChild: Bool, gatewayRekeysIKESA: Bool) {
            guard let alice = sessions["alice"], let client = clients["alice"] else { return }
            // The gateway's own requests stay in flight while the input arrives.
            var held: [OutboundDatagram] = []
            network.path = { datagram in
                if datagram.remote == EstablishedSAFuzzCheck.alice, datagram.local == EstablishedSAFuzzCheck.gateway {
                    held.append(datagram)
                    return nil
                }
                return InboundDatagram(local: datagram.remote, remote: datagram.local, message: datagram.message)
            }
            if gatewayRekeysChild, let child = engine.childSAs(ofSession: alice.session).first {
                network.run(engine.rekeyChildSA(spi: alice.session, inboundSPI: child, now: network.now), from: engine)
            }
            if gatewayRekeysIKESA {
                network.run(engine.rekeyIKESA(spi: alice.session, now: network.now), from: engine)
            }
            let (_, actions) = client.engine.send(payloads, exchange: exchange, session: client.session, now: network.now)
            network.run(actions, from: client.engine)
            network.path = { InboundDatagram(local: $0.remote, remote: $0.local, message: $0.message) }
            network.run(held.map { .send($0) })
            for _ in 0..<300 { network.advance(by: .seconds(1)) }
        }

        func check(aliceChildren: [UInt32]) -> Outcome? {
            guard let bob = sessions["bob"], let alice = sessions["alice"] else { return nil }
            precondition(engine.holds(spi: bob.session) && !engine.childSAs(ofSession: bob.session).isEmpty,
                         "bob's session was harmed by alice's request")
            precondition(pool.holder(of: bob.address) == "bob", "bob lost his address")
            let aliceUp = engine.holds(spi: alice.session)
            precondition(pool.holder(of: alice.address) == (aliceUp ? "alice" : nil), "alice's address does not follow her session")
            precondition(engine.count == (aliceUp ? 2 : 1), "IKE SAs left behind: \(engine.count)")
            let deleted = Set(network.deletedChildren)
            let installed = Set(network.installed.filter { $0.0 == EstablishedSAFuzzCheck.gateway && !deleted.contains($0.1.inboundSPI) }
                .map(\.1.inboundSPI))
            let recorded = Set(engine.childSAs(ofSession: bob.session) + (aliceUp ? engine.childSAs(ofSession: alice.session) : []))
            precondition(installed == recorded, "the data plane's CHILD_SAs \(installed) are not the sessions' \(recorded)")
            return Outcome(aliceUp: aliceUp, aliceChildAdded: aliceUp && !Set(engine.childSAs(ofSession: alice.session)).isSubset(of: aliceChildren))
        }
    }

    struct FixtureFailure: Error, CustomStringConvertible {
        let description: String
    }
}
