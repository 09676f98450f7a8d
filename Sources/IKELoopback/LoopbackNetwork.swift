import EAP
import IKEEngine
import IKEWire

/// Engines wired together in memory: whatever one sends is delivered to the
/// engine listening at the destination, until nothing is left in flight. The
/// gateway's authentication requests go to the real local EAP service
/// (``LoopbackAuthenticationService``). Time moves only when the caller says
/// so. The engine tests, the handshake benchmarks and `gatehouse bench` share
/// this one driver, so what they measure is what the tests check.
///
/// Not thread-safe: one network belongs to one thread, like an engine.
public final class LoopbackNetwork {
    /// The time handed to every engine call.
    public var now = EngineInstant.zero
    public private(set) var engines: [Endpoint: IKEEngine] = [:]
    /// Every event any engine emitted, in order.
    public private(set) var events: [IKESAEvent] = []
    /// Every datagram sent, in order.
    public private(set) var sent: [OutboundDatagram] = []
    /// CHILD_SAs installed, with the endpoint of the engine that installed them.
    public private(set) var installed: [(Endpoint, ChildSAParameters)] = []
    /// Inbound SPIs of the CHILD_SAs deleted.
    public private(set) var deletedChildren: [UInt32] = []
    /// CHILD_SAs moved to new outer addresses (MOBIKE, NAT mapping changes).
    public private(set) var movedChildren: [(inboundSPI: UInt32, local: Endpoint, remote: Endpoint, udpEncapsulation: Bool)] = []
    /// Rewrites or drops datagrams in flight (a NAT, a lossy link); nil drops.
    public var path: (OutboundDatagram) -> InboundDatagram? = { InboundDatagram(local: $0.remote, remote: $0.local, message: $0.message) }
    /// Wraps every call made on behalf of the engine at an endpoint: its
    /// `receive`, `wake` and `authenticationAnswered`, and the authentication
    /// service's work for it. The default only calls; a benchmark wraps it to
    /// tell the gateway's cost from its clients'.
    public var instrument: (_ engine: Endpoint, _ call: () -> [EngineAction]) -> [EngineAction] = { $1() }

    /// The gateway's authentication service and its users.
    public var authentication = LoopbackAuthenticationService()
    /// Answers the gateway's authentication requests instead of
    /// ``authentication`` when set: a test's own service (another EAP
    /// method, a scripted answer). Nil from it means no answer.
    public var authenticationService: ((AuthenticationRequest) -> AuthenticationAnswer?)?
    /// Decides certificate clients, as the gateway's runtime does with its
    /// configured trust; without one they are refused.
    public var certificateVerifier: (CertificateVerificationRequest) -> CertificateVerificationAnswer.Result = { _ in
        .refused(reason: "no certificate verifier attached")
    }
    /// Certificate verifications asked for, in order.
    public private(set) var certificateRequests: [CertificateVerificationRequest] = []
    /// Holds certificate verifications back until
    /// ``answerHeldCertificateVerifications()``, as a slow runtime would.
    public var holdsCertificateVerifications = false
    private var heldVerifications: [(Endpoint, CertificateVerificationRequest)] = []

    /// Where a single client and the gateway conventionally sit.
    public static let client = Endpoint(address: .v4(IPv4Address(192, 0, 2, 2)), port: 500)
    public static let gateway = Endpoint(address: .v4(IPv4Address(192, 0, 2, 1)), port: 500)

    public init() {}

    /// Steps sent to the authentication service.
    public var authenticationSteps: [AuthenticationRequest.Step] { authentication.steps }

    public func attach(_ engine: IKEEngine, at endpoint: Endpoint) {
        engines[endpoint] = engine
    }

    /// Removes the engine at `endpoint`; datagrams to it are then lost.
    public func detach(at endpoint: Endpoint) {
        engines[endpoint] = nil
    }

    public func addUser(_ name: String, password: String, staticAddress: IPv4Address? = nil) throws {
        try authentication.addUser(name, password: password, staticAddress: staticAddress)
    }

    /// Carries out `actions` of `engine` and everything they cause. The
    /// authentication requests of an engine that is not attached go unanswered.
    public func run(_ actions: [EngineAction], from engine: IKEEngine? = nil) {
        let origin = engine.flatMap { engine in engines.first { $0.value === engine }?.key }
        var queue = actions.map { (origin, $0) }
        var next = 0
        // An index instead of removeFirst: the queue stays short, but shifting
        // it on every step would cost more than the steps being measured.
        while next < queue.count {
            let (source, action) = queue[next]
            next += 1
            switch action {
            case .event(let event):
                events.append(event)
            case .send(let datagram):
                sent.append(datagram)
                guard let inbound = path(datagram), let target = engines[inbound.local] else { continue }
                queue += instrument(inbound.local) { target.receive(inbound, now: now) }.map { (inbound.local, $0) }
            case .authenticate(let request):
                guard let source, let engine = engines[source] else { continue }
                queue += instrument(source) {
                    let answer = if let authenticationService { authenticationService(request) } else { authentication.answer(request) }
                    guard let answer else { return [] }
                    return engine.authenticationAnswered(answer, now: now)
                }.map { (source, $0) }
            case .verifyCertificate(let request):
                certificateRequests.append(request)
                guard let source, let engine = engines[source] else { continue }
                if holdsCertificateVerifications {
                    heldVerifications.append((source, request))
                    continue
                }
                queue += instrument(source) { engine.certificateVerified(answer(request), now: now) }.map { (source, $0) }
            case .installChildSA(let child):
                installed.append((source ?? child.local, child))
            case .deleteChildSA(let spi, _):
                deletedChildren.append(spi)
            case .updateChildSA(let spi, let local, let remote, let encapsulation):
                movedChildren.append((spi, local, remote, encapsulation))
            case .supersede(let spi):
                // Another engine holds the SA, as another shard would.
                guard let (holder, engine) = engines.first(where: { $0.value.holds(spi: spi) }) else { continue }
                queue += instrument(holder) { engine.supersede(spi: spi, now: now) }.map { (holder, $0) }
            }
        }
    }

    /// Answers the held certificate verifications now, and what follows.
    public func answerHeldCertificateVerifications() {
        let held = heldVerifications
        heldVerifications.removeAll()
        for (source, request) in held {
            guard let engine = engines[source] else { continue }
            run(instrument(source) { engine.certificateVerified(answer(request), now: now) }, from: engine)
        }
    }

    private func answer(_ request: CertificateVerificationRequest) -> CertificateVerificationAnswer {
        CertificateVerificationAnswer(spi: request.spi, result: certificateVerifier(request))
    }

    /// Moves time forward and wakes every engine that is due.
    public func advance(by duration: Duration) {
        now = now.advanced(by: duration)
        for (endpoint, engine) in engines {
            if let wakeUp = engine.nextWakeUp, wakeUp <= now {
                run(instrument(endpoint) { engine.wake(now: now) }, from: engine)
            }
        }
    }

    /// Forgets the recorded events, datagrams, CHILD_SAs and authentication
    /// steps. The capacity stays, so that a benchmark repeating handshakes
    /// does not count allocations for the record itself.
    public func removeRecords() {
        events.removeAll(keepingCapacity: true)
        sent.removeAll(keepingCapacity: true)
        installed.removeAll(keepingCapacity: true)
        deletedChildren.removeAll(keepingCapacity: true)
        certificateRequests.removeAll(keepingCapacity: true)
        authentication.removeRecordedSteps()
    }
}
