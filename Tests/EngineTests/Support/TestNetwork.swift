import EAP
import IKECrypto
import IKEWire
@testable import IKEEngine

/// Engines wired together in memory: whatever one sends is delivered to the
/// engine listening at the destination, until nothing is left in flight. The
/// gateway's authentication requests go to the real local EAP service
/// (`EAPSessionTable`) with an in-memory user list. Time moves only when a
/// test says so.
final class TestNetwork {
    var now = EngineInstant.zero
    private(set) var engines: [Endpoint: IKEEngine] = [:]
    /// Every event any engine emitted, in order.
    private(set) var events: [IKESAEvent] = []
    /// Every datagram sent, in order.
    private(set) var sent: [OutboundDatagram] = []
    /// CHILD_SAs installed and deleted, by the engine's endpoint.
    private(set) var installed: [(Endpoint, ChildSAParameters)] = []
    private(set) var deletedChildren: [UInt32] = []
    /// Rewrites or drops datagrams in flight (a NAT, a lossy link); nil drops.
    var path: (OutboundDatagram) -> InboundDatagram? = { InboundDatagram(local: $0.remote, remote: $0.local, message: $0.message) }

    /// The local EAP service and its users: name → (NT hash, authorisation).
    var sessions = EAPSessionTable()
    var users: [String: (SecretBytes, Authorization)] = [:]
    /// Steps sent to the authentication service.
    private(set) var authenticationSteps: [AuthenticationRequest.Step] = []

    static let client = Endpoint(address: .v4(IPv4Address(192, 0, 2, 2)), port: 500)
    static let gateway = Endpoint(address: .v4(IPv4Address(192, 0, 2, 1)), port: 500)

    func attach(_ engine: IKEEngine, at endpoint: Endpoint) {
        engines[endpoint] = engine
    }

    func addUser(_ name: String, password: String, staticAddress: IPv4Address? = nil) throws {
        let normalized = String(name.split(separator: "\\").last ?? Substring(name))
        users[name] = (try MSCHAPv2.ntPasswordHash(password: password), Authorization(userName: normalized, staticAddress: staticAddress))
    }

    /// Carries out `actions` of `engine` and everything they cause.
    func run(_ actions: [EngineAction], from engine: IKEEngine? = nil) {
        var queue = actions.map { (engine, $0) }
        while !queue.isEmpty {
            let (source, action) = queue.removeFirst()
            switch action {
            case .event(let event):
                events.append(event)
            case .send(let datagram):
                sent.append(datagram)
                guard let inbound = path(datagram), let target = engines[inbound.local] else { continue }
                queue += target.receive(inbound, now: now).map { (target, $0) }
            case .authenticate(let request):
                authenticationSteps.append(request.step)
                guard let source else { continue }
                var outcome = sessions.handle(request)
                if case .lookUp(let spi, let userName) = outcome {
                    let entry = users[userName]
                    outcome = sessions.credentials(spi: spi, passwordHash: entry?.0, authorization: entry?.1)
                }
                if case .answer(let answer) = outcome {
                    queue += source.authenticationAnswered(answer, now: now).map { (source, $0) }
                }
            case .installChildSA(let child):
                let endpoint = engines.first { $0.value === source }?.key ?? child.local
                installed.append((endpoint, child))
            case .deleteChildSA(let spi):
                deletedChildren.append(spi)
            case .supersede(let spi):
                // Another engine holds the SA, as another shard would.
                if let holder = engines.values.first(where: { $0.sas[spi] != nil }) {
                    queue += holder.supersede(spi: spi, now: now).map { (holder, $0) }
                }
            }
        }
    }

    /// Moves time forward and wakes every engine that is due.
    func advance(by duration: Duration) {
        now = now.advanced(by: duration)
        for engine in engines.values {
            if let wakeUp = engine.nextWakeUp, wakeUp <= now {
                run(engine.wake(now: now), from: engine)
            }
        }
    }
}
